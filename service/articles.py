"""The CMS call: an article's summary and its translations, in one pass.

The text is split once, here: the summary picks from those sentences and the engine translates
them without splitting again. When the full text is translated, the summary's translation is
made of those translated sentences (picked by index) rather than translated a second time;
otherwise only the title and the summary sentences go to the models, in one call per target.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .markup import HTML, TEXT, plain_text, translate_html
from .summarize import Chosen, Length, summarize
from .targets import Route
from .text.languages import join_sentences
from .text.splitter import Sentence, SplitText, split_text
from .translate import Engine

PARTS = ("title", "summary", "text")
DEFAULT_PARTS = ("title", "summary")


@dataclass(frozen=True)
class ArticleTranslation:
    target: str
    route: tuple[str, ...]
    title: str | None
    summary_sentences: list[str] | None
    text: str | None
    truncated: bool

    @property
    def summary(self) -> str | None:
        if self.summary_sentences is None:
            return None
        return join_sentences(self.summary_sentences, self.target)


@dataclass(frozen=True)
class Article:
    sentences: list[Sentence]
    chosen: list[Chosen]
    translations: list[ArticleTranslation]


def process_article(
    engine: Engine,
    *,
    text: str,
    title: str | None,
    language: str,
    method: str,
    length: Length,
    routes: Sequence[Route],
    parts: Sequence[str],
    text_format: str = TEXT,
) -> Article:
    """With ``text_format`` ``html``, the summary reads the text of the HTML (its sentences'
    spans point into that text) and a translated ``text`` keeps the markup."""
    plain = plain_text(text, text_format)
    body = split_text(plain.text, language)
    chosen = summarize(body.sentences, language, method, length, heading_paragraphs=plain.headings)
    heading = split_text(title, language) if title is not None else None
    markup = text if text_format == HTML else None
    translations = [
        _translate(
            engine,
            route,
            source=language,
            title=heading,
            body=body,
            chosen=chosen,
            parts=parts,
            markup=markup,
        )
        for route in routes
    ]
    return Article(list(body.sentences), chosen, translations)


def _translate(
    engine: Engine,
    route: Route,
    *,
    source: str,
    title: SplitText | None,
    body: SplitText,
    chosen: list[Chosen],
    parts: Sequence[str],
    markup: str | None = None,
) -> ArticleTranslation:
    """Everything asked of one target, in a single engine call (one batch per model hop); an
    HTML text's translation is a second call, and the summary is then translated apart."""
    want_title = title is not None and "title" in parts
    want_text = "text" in parts
    want_summary = "summary" in parts
    texts: list[SplitText] = [title] if want_title and title is not None else []
    if want_text and markup is None:
        texts.append(body)
    elif want_summary:
        texts.extend(_alone(c.sentence) for c in chosen)
    results = engine.translate_split(texts, source, route.target) if texts else []
    title_result = results.pop(0) if want_title else None
    if markup is not None and want_text:
        html_result = translate_html(engine, [markup], source, route.target)[0]
        text_result = None
    else:
        html_result = None
        text_result = results[0] if want_text else None
    summary: list[str] | None = None
    if want_summary:
        summary = (
            [text_result.sentences[c.index].text for c in chosen]
            if text_result is not None
            else [r.text for r in results]
        )
    extra = [r for r in (title_result, html_result) if r is not None]
    truncated = any(r.truncated for r in (*results, *extra))
    translated_text = html_result or text_result
    return ArticleTranslation(
        target=route.target,
        route=route.hops,
        title=title_result.text if title_result else None,
        summary_sentences=summary,
        text=translated_text.text if translated_text else None,
        truncated=truncated,
    )


def _alone(sentence: Sentence) -> SplitText:
    """One chosen sentence as a text of its own (its span now relative to itself)."""
    return SplitText(sentence.text, (Sentence(sentence.text, 0, len(sentence.text), 0),))
