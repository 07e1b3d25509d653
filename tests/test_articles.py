"""``process_article`` with an engine of fake models (``tests.fakes``), without HTTP: which parts
are translated, how many model calls that takes, pivots, the summary's translation, truncation.

The fakes "translate" by tagging each sentence with its target (``en(...)``), so every expected
output below is exact; ``FakeModel.calls`` shows what went to each model."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

import service.articles as articles_module
import service.translate.engine as engine_module
from service.articles import Article, process_article
from service.summarize import DEFAULT_METHOD, Length, summarize
from service.targets import plan_targets
from service.text.splitter import SplitText, split_sentences, split_text
from service.translate import Engine

from .fakes import FakeModel, fake_engine

TITLE = "Місто відкрило нову лінію метро"
TEXT = (
    "Місто відкрило п'яту лінію метро у вівторок. Лінія з'єднує східні райони з центром.\n\n"
    "Понад сто тисяч пасажирів проїхали лінією в перший день. Мер сказав, що лінія метро "
    "скоротить час у дорозі вдвічі.\n\n"
    "Наступну лінію планують відкрити у 2030 році."
)
SENTENCES = [s.text for s in split_sentences(TEXT, "uk")]
# A subheading (alone on its line, no full stop): left out of the summary, but not of the text.
SUBHEADING = "Подробиці cut"


def models(engine: Engine) -> tuple[FakeModel, FakeModel]:
    """The fakes uk→en and en→zh of ``fake_engine("uk-en", "en-zh")``."""
    uk_en, en_zh = engine.models[("uk", "en")], engine.models[("en", "zh")]
    assert isinstance(uk_en, FakeModel)
    assert isinstance(en_zh, FakeModel)
    return uk_en, en_zh


def process(
    engine: Engine,
    targets: Sequence[str],
    parts: Sequence[str],
    *,
    text: str = TEXT,
    title: str | None = TITLE,
    sentences: int = 2,
) -> Article:
    routes, _ = plan_targets(engine, "uk", targets, partial=False)
    return process_article(
        engine,
        text=text,
        title=title,
        language="uk",
        method=DEFAULT_METHOD,
        length=Length(sentences=sentences),
        routes=routes,
        parts=parts,
    )


def rebuilt(wrap: Callable[[str], str], joiner: str) -> str:
    """``TEXT`` as the engine rebuilds it: each sentence wrapped, a paragraph's sentences joined
    with the target's ``joiner``, the paragraphs kept."""
    paragraphs: dict[int, list[str]] = {}
    for sentence in split_sentences(TEXT, "uk"):
        paragraphs.setdefault(sentence.paragraph, []).append(wrap(sentence.text))
    return "\n\n".join(joiner.join(paragraph) for paragraph in paragraphs.values())


def test_the_article_has_its_sentences_its_summary_and_one_translation_per_target() -> None:
    article = process(fake_engine("uk-en", "en-zh"), ["en", "zh"], ["title", "summary"])
    sentences = split_sentences(TEXT, "uk")
    assert article.sentences == sentences
    assert article.chosen == summarize(sentences, "uk", DEFAULT_METHOD, Length(sentences=2))
    assert [t.target for t in article.translations] == ["en", "zh"]


@pytest.mark.parametrize(
    "parts",
    [
        ("title",),
        ("summary",),
        ("text",),
        ("title", "summary"),
        ("summary", "text"),
        ("title", "summary", "text"),
    ],
)
def test_exactly_the_parts_asked_for_are_translated(parts: tuple[str, ...]) -> None:
    article = process(fake_engine("uk-en", "en-zh"), ["en"], parts)
    [english] = article.translations
    assert english.title == (f"en({TITLE})" if "title" in parts else None)
    assert english.summary_sentences == (
        [f"en({c.sentence.text})" for c in article.chosen] if "summary" in parts else None
    )
    assert english.text == (rebuilt(lambda s: f"en({s})", " ") if "text" in parts else None)


def test_a_title_not_given_is_not_translated() -> None:
    [english] = process(
        fake_engine("uk-en", "en-zh"), ["en"], ["title", "summary"], title=None
    ).translations
    assert english.title is None
    assert english.summary_sentences is not None


def test_summary_with_the_text_reuses_its_translated_sentences_in_one_call() -> None:
    engine = fake_engine("uk-en", "en-zh")
    uk_en, _ = models(engine)
    article = process(engine, ["en"], ["title", "summary", "text"])
    [english] = article.translations
    assert uk_en.calls == [[TITLE, *SENTENCES]]  # one call; no second one for the summary
    assert english.summary_sentences == [f"en({SENTENCES[c.index]})" for c in article.chosen]
    assert english.summary == " ".join(english.summary_sentences)


def test_without_the_text_only_the_title_and_summary_sentences_go_to_the_model() -> None:
    engine = fake_engine("uk-en", "en-zh")
    uk_en, _ = models(engine)
    article = process(engine, ["en"], ["title", "summary"])
    assert uk_en.calls == [[TITLE, *(c.sentence.text for c in article.chosen)]]


def test_one_call_per_model_hop_for_each_target() -> None:
    engine = fake_engine("uk-en", "en-zh")
    uk_en, en_zh = models(engine)
    article = process(engine, ["en", "zh", "uk"], ["title", "summary"])
    summary = [c.sentence.text for c in article.chosen]
    # en: uk→en; zh: uk→en then en→zh; uk: no model
    assert uk_en.calls == [[TITLE, *summary], [TITLE, *summary]]
    assert en_zh.calls == [[f"en({TITLE})", *(f"en({s})" for s in summary)]]


def test_a_pivot_route_translates_hop_by_hop_in_route_order() -> None:
    engine = fake_engine("uk-en", "en-zh")
    article = process(engine, ["zh"], ["title", "summary", "text"])
    [chinese] = article.translations
    assert chinese.route == ("uk-en", "en-zh")
    assert chinese.title == f"zh(en({TITLE}))"
    assert chinese.summary_sentences == [f"zh(en({c.sentence.text}))" for c in article.chosen]
    # Chinese joins the sentences of a paragraph without a space
    assert chinese.text == rebuilt(lambda s: f"zh(en({s}))", "")
    assert chinese.summary == "".join(chinese.summary_sentences)


def test_the_text_is_split_once_and_summary_sentences_go_to_the_models_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    split: list[str] = []

    def counting_split(text: str, language: str) -> SplitText:
        split.append(text)
        return split_text(text, language)

    def no_split(text: str, language: str) -> SplitText:
        raise AssertionError(f"the engine split {text!r} again")

    monkeypatch.setattr(articles_module, "split_text", counting_split)
    monkeypatch.setattr(engine_module, "split_text", no_split)
    engine = fake_engine("uk-en", "en-zh")
    uk_en, _ = models(engine)
    article = process(engine, ["en", "zh"], ["title", "summary"], sentences=3)
    assert split == [TEXT, TITLE]  # once each, for both targets
    summary = [c.sentence.text for c in article.chosen]
    assert uk_en.calls == [[TITLE, *summary]] * 2  # one model input per chosen sentence
    [english, _] = article.translations
    assert english.summary_sentences == [f"en({s})" for s in summary]


@pytest.mark.parametrize(
    ("title", "text", "parts", "truncated"),
    [
        (TITLE, TEXT, ("title", "summary", "text"), False),
        (f"{TITLE} cut", TEXT, ("title",), True),
        (f"{TITLE} cut", TEXT, ("summary",), False),  # the title is not translated
        (TITLE, f"{SUBHEADING}\n{TEXT}", ("title", "summary"), False),  # not in the summary
        (TITLE, f"{SUBHEADING}\n{TEXT}", ("text",), True),
        (TITLE, f"{SUBHEADING}\n{TEXT}", ("summary", "text"), True),
        (TITLE, TEXT.replace("вівторок.", "вівторок cut."), ("summary",), True),
    ],
    ids=[
        "nothing-cut",
        "cut-title",
        "cut-title-not-asked",
        "cut-heading-not-in-summary",
        "cut-heading-in-text",
        "cut-heading-in-text-with-summary",
        "cut-summary-sentence",
    ],
)
def test_truncated_is_set_when_anything_translated_was_cut(
    title: str, text: str, parts: tuple[str, ...], truncated: bool
) -> None:
    article = process(
        fake_engine("uk-en", "en-zh"), ["en", "zh"], parts, title=title, text=text, sentences=2
    )
    summary = [c.sentence.text for c in article.chosen]
    assert SUBHEADING not in summary
    if "вівторок cut." in text:
        assert "вівторок cut." in summary[0]
    assert [t.truncated for t in article.translations] == [truncated, truncated]


def test_a_target_equal_to_the_source_gets_the_text_unchanged_without_a_model() -> None:
    engine = fake_engine("uk-en", "en-zh")
    article = process(engine, ["uk"], ["title", "summary", "text"])
    [ukrainian] = article.translations
    assert ukrainian.route == ()
    assert ukrainian.title == TITLE
    assert ukrainian.text == TEXT
    assert ukrainian.summary_sentences == [c.sentence.text for c in article.chosen]
    assert not ukrainian.truncated
    assert [m.calls for m in models(engine)] == [[], []]
