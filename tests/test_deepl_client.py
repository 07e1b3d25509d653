"""DeepL's official Python client, unchanged but for ``server_url`` and the key, against a real
gunicorn with the real zh→en model: translations, languages, usage, and each error raised as the
client's own exception (400 ``DeepLException``, 403 ``AuthorizationException``, 429
``TooManyRequestsException``, 456 ``QuotaExceededException``).

The client retries 429 and 5xx with a backoff of seconds; its retries are set to none here, so
a limit test takes one request, not ten seconds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import deepl
import pytest

from service.keys import digest
from testkit.servers import gunicorn

pytestmark = pytest.mark.server

UKRAINE = "乌克兰总统泽连斯基周二在基辅会见了欧洲领导人。"
MAIN, RATED, BUDGETED = "main-key", "rated-key", "budget-key"
BUDGET = 40


@pytest.fixture(scope="module")
def base(zhen_package: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One worker (so one set of counters: no Redis here), the real zh→en package alone, and
    three keys: MAIN without limits, RATED with 2 requests a minute, BUDGETED with BUDGET
    characters a day."""
    scratch = tmp_path_factory.mktemp("deepl-client")
    models = scratch / "models"
    models.mkdir()
    (models / zhen_package.name).symlink_to(zhen_package.resolve(), target_is_directory=True)
    keys = scratch / "keys.json"
    entries = [
        {"name": "main", "sha256": digest(MAIN), "requests_per_minute": 0},
        {"name": "rated", "sha256": digest(RATED), "requests_per_minute": 2},
        {"name": "budget", "sha256": digest(BUDGETED), "chars_per_day": BUDGET},
    ]
    keys.write_text(json.dumps({"keys": entries}))
    env = {
        "PRECIS_MODELS_DIR": str(models),
        "PRECIS_API_KEYS_FILE": str(keys),
        "PRECIS_WORKERS": "1",
        "PRECIS_TRANSLATE_INTER_THREADS": "1",
    }
    with gunicorn(env) as url:
        yield url


@pytest.fixture(autouse=True)
def no_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deepl.http_client, "max_network_retries", 0)


def client(base: str, key: str = MAIN) -> deepl.Translator:
    return deepl.Translator(key, server_url=base)


def test_a_chinese_sentence_comes_back_in_english(base: str) -> None:
    result = client(base).translate_text(UKRAINE, target_lang="EN-US")
    assert isinstance(result, deepl.TextResult)
    assert "Ukrain" in result.text
    assert result.detected_source_lang == "ZH"
    assert result.billed_characters == len(UKRAINE)


def test_a_list_comes_back_as_a_list_in_order(base: str) -> None:
    texts = [UKRAINE, "他出生于1931年。"]  # the model copies years through
    results = client(base).translate_text(texts, source_lang="ZH", target_lang="EN-GB")
    assert isinstance(results, list)
    assert len(results) == 2
    assert "Ukrain" in results[0].text
    assert "1931" in results[1].text


def test_tag_handling_html_keeps_the_markup(base: str) -> None:
    result = client(base).translate_text(
        "<p>乌克兰总统<b>泽连斯基</b>周二在基辅会见了欧洲领导人。</p>",
        target_lang="EN-GB",
        tag_handling="html",
    )
    assert result.text.startswith("<p>")
    assert result.text.endswith("</p>")
    assert "<b>Zelensky</b>" in result.text


def test_an_uninstalled_pair_is_a_bad_request(base: str) -> None:
    with pytest.raises(deepl.DeepLException, match="Bad request") as caught:
        client(base).translate_text(UKRAINE, target_lang="DE")
    assert caught.value.http_status_code == 400
    assert type(caught.value) is deepl.DeepLException


def test_languages_are_those_of_the_installed_pair(base: str) -> None:
    translator = client(base)
    assert [lang.code for lang in translator.get_source_languages()] == ["ZH"]
    targets = translator.get_target_languages()
    assert [lang.code for lang in targets] == ["EN-GB", "EN-US"]
    assert not any(lang.supports_formality for lang in targets)


def test_a_key_without_a_budget_has_not_reached_its_limit(base: str) -> None:
    usage = client(base).get_usage()
    assert usage.character.valid
    assert not usage.any_limit_reached


def test_an_unknown_key_raises_the_clients_authorization_exception(base: str) -> None:
    with pytest.raises(deepl.AuthorizationException):
        client(base, "not-a-key").translate_text(UKRAINE, target_lang="EN-GB")
    with pytest.raises(deepl.AuthorizationException):
        client(base, "not-a-key").get_usage()


def test_over_the_rate_raises_the_clients_too_many_requests_exception(base: str) -> None:
    translator = client(base, RATED)
    translator.translate_text("你好。", target_lang="EN-GB")
    translator.translate_text("你好。", target_lang="EN-GB")
    with pytest.raises(deepl.TooManyRequestsException) as caught:
        translator.translate_text("你好。", target_lang="EN-GB")
    assert caught.value.http_status_code == 429


def test_over_the_daily_characters_raises_the_clients_quota_exceeded_exception(
    base: str,
) -> None:
    translator = client(base, BUDGETED)
    translator.translate_text(UKRAINE, target_lang="EN-GB")
    usage = translator.get_usage()
    assert (usage.character.count, usage.character.limit) == (len(UKRAINE), BUDGET)
    with pytest.raises(deepl.QuotaExceededException) as caught:
        translator.translate_text(UKRAINE, target_lang="EN-GB")
    assert caught.value.http_status_code == 456
    assert translator.get_usage().character.count == len(UKRAINE)  # the refused one is not counted
