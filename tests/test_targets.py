"""Planning a request's targets (``plan_targets``) over an engine of fake models, and deciding its
language (``resolve_language``, ``resolve_source``) with the real detector. No HTTP."""

from __future__ import annotations

import pytest

from service.errors import PairNotInstalled, UndeterminedLanguage, UnsupportedLanguage
from service.language import ResolvedLanguage, resolve_language, resolve_source
from service.targets import Missing, Route, plan_targets
from service.text.detect import LanguageDetector

from .fakes import fake_engine

ENGLISH = "The city council approved next year's budget on Tuesday."
CHINESE = "市议会周二通过了明年的预算。"
GERMAN = "Die Regierung hat am Dienstag einen neuen Haushalt beschlossen."


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


def test_a_direct_package_is_a_one_hop_route() -> None:
    routes, missing = plan_targets(fake_engine("uk-en", "en-zh"), "uk", ["en"], partial=False)
    assert routes == [Route("en", ("uk-en",))]
    assert missing == []


def test_a_target_without_a_direct_package_is_routed_through_english() -> None:
    routes, _ = plan_targets(fake_engine("uk-en", "en-zh"), "uk", ["zh"], partial=False)
    assert routes == [Route("zh", ("uk-en", "en-zh"))]


def test_a_target_equal_to_the_source_gets_an_empty_route_without_any_package() -> None:
    routes, missing = plan_targets(fake_engine(), "uk", ["uk"], partial=False)
    assert routes == [Route("uk", ())]
    assert missing == []


def test_routes_come_in_the_order_of_the_targets() -> None:
    routes, _ = plan_targets(fake_engine("uk-en", "en-zh"), "uk", ["zh", "uk", "en"], partial=False)
    assert [route.target for route in routes] == ["zh", "uk", "en"]


def test_missing_targets_raise_naming_them_all_and_allowing_the_installed_ones() -> None:
    with pytest.raises(PairNotInstalled) as caught:
        plan_targets(fake_engine("uk-en", "en-zh"), "uk", ["en", "ru", "de"], partial=False)
    error = caught.value
    assert (error.source, error.targets) == ("uk", ("ru", "de"))
    assert "from 'uk' to 'ru' or 'de' is installed" in error.detail
    assert error.field == "targets"
    assert error.allowed == ["en", "zh"]


def test_a_source_without_packages_raises_with_nothing_allowed() -> None:
    with pytest.raises(PairNotInstalled) as caught:
        plan_targets(fake_engine("uk-en", "en-zh"), "ru", ["en"], partial=False)
    assert caught.value.allowed == []


def test_partial_returns_the_servable_routes_and_the_missing_targets_with_why() -> None:
    routes, missing = plan_targets(
        fake_engine("uk-en", "en-zh"), "uk", ["ru", "zh", "de"], partial=True
    )
    assert routes == [Route("zh", ("uk-en", "en-zh"))]
    assert [m.target for m in missing] == ["ru", "de"]
    assert missing[0] == Missing(
        "ru", "No translation from 'uk' to 'ru' is installed (targets installed for 'uk': en, zh)."
    )
    assert "'de'" in missing[1].detail


def test_partial_with_nothing_servable_returns_no_routes() -> None:
    routes, missing = plan_targets(fake_engine(), "uk", ["en"], partial=True)
    assert routes == []
    assert [m.target for m in missing] == ["en"]


# --- the request's language ------------------------------------------------------------------


def test_a_given_language_is_used_as_is_without_detection(detector: LanguageDetector) -> None:
    assert resolve_language(ENGLISH, "uk", detector) == ResolvedLanguage("uk", 1.0, False)


def test_a_given_language_the_service_lacks_is_unsupported_naming_the_field(
    detector: LanguageDetector,
) -> None:
    with pytest.raises(UnsupportedLanguage) as caught:
        resolve_language(ENGLISH, "de", detector, field="summary.language")
    assert caught.value.field == "summary.language"
    assert caught.value.allowed == ["auto", "en", "uk", "ru", "zh"]


@pytest.mark.parametrize(("text", "code"), [(ENGLISH, "en"), (CHINESE, "zh")])
def test_auto_detects_the_language_of_clear_text(
    detector: LanguageDetector, text: str, code: str
) -> None:
    resolved = resolve_language(text, "auto", detector)
    assert (resolved.code, resolved.detected) == (code, True)
    assert 0.5 < resolved.confidence <= 1


def test_auto_on_text_in_another_language_asks_for_the_language(detector: LanguageDetector) -> None:
    with pytest.raises(UndeterminedLanguage) as caught:
        resolve_language(GERMAN, "auto", detector)
    assert caught.value.field == "language"
    assert caught.value.allowed == ["en", "uk", "ru", "zh"]


def test_a_given_source_is_taken_as_is_even_outside_the_services_languages(
    detector: LanguageDetector,
) -> None:
    assert resolve_source(ENGLISH, "de", detector) == ResolvedLanguage("de", 1.0, False)


def test_an_auto_source_is_detected(detector: LanguageDetector) -> None:
    resolved = resolve_source(CHINESE, "auto", detector)
    assert (resolved.code, resolved.detected) == ("zh", True)


def test_an_auto_source_that_cannot_be_told_names_the_source_field(
    detector: LanguageDetector,
) -> None:
    with pytest.raises(UndeterminedLanguage) as caught:
        resolve_source(GERMAN, "auto", detector)
    assert caught.value.field == "source"
