"""Every request the API takes, as a typed, frozen object, and the one parser of each.

A route is parse -> domain call -> render: ``parse_*`` turns a JSON object into one of these
objects (or raises a ``FieldError`` / ``TextTooLong`` naming the field), the domain works on the
object's values, and ``responses`` renders the answer. Another API dialect builds the same
objects from its own field names rather than parsing a second way.

Adding a request field: its attribute on the request object and one line in its parser (plus
the spec and the domain code that uses it).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from ..articles import DEFAULT_PARTS, PARTS
from ..config import Settings
from ..errors import FieldError, TextTooLong
from ..language import AUTO
from ..markup import FORMATS, TEXT
from ..summarize import DEFAULT_METHOD, METHODS, Length
from ..text.languages import SUPPORTED_CODES
from .body import Fields


@dataclass(frozen=True)
class SummaryOptions:
    method: str
    length: Length


@dataclass(frozen=True)
class SummarizeRequest:
    text: str
    #: a code of ``SUPPORTED_CODES`` or ``auto``
    language: str
    summary: SummaryOptions
    #: ``text`` or ``html``
    format: str = TEXT

    @property
    def characters(self) -> int:
        """What the request counts against a key's character limits."""
        return len(self.text)


@dataclass(frozen=True)
class DetectRequest:
    text: str

    @property
    def characters(self) -> int:
        return len(self.text)


@dataclass(frozen=True)
class TranslateRequest:
    texts: tuple[str, ...]
    #: ``text`` came as one string (the answer is one string per target, not a list)
    single: bool
    #: a language code or ``auto``
    source: str
    targets: tuple[str, ...]
    #: answer with the targets that can be served and list the others, instead of a 422
    partial: bool
    #: other translations (n-best) wanted per text besides the best; only LibreTranslate's
    #: ``alternatives`` sets it so far
    alternatives: int = 0
    #: ``text`` or ``html``
    format: str = TEXT

    @property
    def characters(self) -> int:
        """The text's characters once per target: each target is translated on its own."""
        return sum(len(text) for text in self.texts) * max(1, len(self.targets))


@dataclass(frozen=True)
class ArticleRequest:
    text: str
    title: str | None
    #: a code of ``SUPPORTED_CODES`` or ``auto``
    source: str
    summary: SummaryOptions
    targets: tuple[str, ...]
    #: which parts to translate, of ``PARTS``
    parts: tuple[str, ...]
    partial: bool
    #: ``text`` or ``html`` (of ``text``; the title is plain text)
    format: str = TEXT

    @property
    def characters(self) -> int:
        """The article's characters (title included) once per target, at least once."""
        return (len(self.text) + len(self.title or "")) * max(1, len(self.targets))


SUMMARY_FIELDS = ("method", "sentences", "ratio", "max_chars")
SUMMARIZE_FIELDS = ("text", "language", "format", *SUMMARY_FIELDS)
DETECT_FIELDS = ("text",)
TRANSLATE_FIELDS = ("text", "source", "target", "targets", "partial", "format")
ARTICLE_FIELDS = (
    "title",
    "text",
    "source",
    "summary",
    "targets",
    "translate",
    "partial",
    "format",
)


def parse_summarize(body: dict[str, Any], settings: Settings) -> SummarizeRequest:
    fields = Fields(body, SUMMARIZE_FIELDS)
    text = fields.text("text", settings.max_text_chars)
    language = fields.choice("language", (AUTO, *SUPPORTED_CODES), AUTO)
    text_format = fields.choice("format", FORMATS, TEXT)
    return SummarizeRequest(text, language, summary_options(fields, settings), text_format)


def parse_detect(body: dict[str, Any], settings: Settings) -> DetectRequest:
    fields = Fields(body, DETECT_FIELDS)
    return DetectRequest(fields.text("text", settings.max_text_chars))


def parse_translate(
    body: dict[str, Any], settings: Settings, languages: Collection[str]
) -> TranslateRequest:
    """``languages``: the codes ``source`` may name (besides ``auto``)."""
    fields = Fields(body, TRANSLATE_FIELDS)
    texts, single = _text_or_texts(fields, settings)
    source = fields.choice("source", [AUTO, *sorted(languages)], AUTO)
    return TranslateRequest(
        texts,
        single,
        source,
        _targets(fields),
        fields.flag("partial"),
        format=fields.choice("format", FORMATS, TEXT),
    )


def parse_article(body: dict[str, Any], settings: Settings) -> ArticleRequest:
    fields = Fields(body, ARTICLE_FIELDS)
    text = fields.text("text", settings.max_text_chars)
    title = fields.optional_text("title", settings.max_text_chars)
    summary = summary_options(fields.obj("summary", SUMMARY_FIELDS), settings)
    targets = fields.codes("targets") or ()
    parts = fields.raw("translate", list(DEFAULT_PARTS))
    if not isinstance(parts, list) or not parts or any(p not in PARTS for p in parts):
        raise fields.error(
            f"{{}} must be a non-empty list of: {', '.join(PARTS)}.", "translate", list(PARTS)
        )
    partial = fields.flag("partial")
    source = fields.choice("source", [AUTO, *SUPPORTED_CODES], AUTO)
    text_format = fields.choice("format", FORMATS, TEXT)
    return ArticleRequest(
        text, title, source, summary, targets, tuple(dict.fromkeys(parts)), partial, text_format
    )


def summary_options(fields: Fields, settings: Settings) -> SummaryOptions:
    """``method`` and the length (one of ``sentences``, ``ratio``, ``max_chars``) of a summary."""
    method = fields.choice("method", tuple(METHODS), DEFAULT_METHOD)
    count = fields.integer("sentences", 1, settings.max_summary_sentences)
    ratio = fields.fraction("ratio")
    max_chars = fields.integer("max_chars", 1, settings.max_text_chars)
    lengths = {"sentences": count, "ratio": ratio, "max_chars": max_chars}
    given = [name for name, value in lengths.items() if value is not None]
    if len(given) > 1:
        paths = [fields.path(name) for name in lengths]
        raise FieldError(
            f"Give one of {', '.join(repr(p) for p in paths)}, not several "
            f"({' and '.join(repr(fields.path(name)) for name in given)} given).",
            field=fields.path(given[1]),
            allowed=paths,
        )
    if not given:
        count = settings.default_summary_sentences
    return SummaryOptions(method, Length(sentences=count, ratio=ratio, max_chars=max_chars))


def _text_or_texts(fields: Fields, settings: Settings) -> tuple[tuple[str, ...], bool]:
    """``text`` as a tuple, and whether it came as a single string."""
    limit = settings.max_text_chars
    value = fields.raw("text")
    if not isinstance(value, list):
        return (fields.text("text", limit),), True
    if not 1 <= len(value) <= settings.max_texts:
        raise fields.error(f"{{}} as a list must hold 1 to {settings.max_texts} strings.", "text")
    texts = tuple(fields.text_value(item, "text", limit) for item in value)
    total = sum(len(text) for text in texts)
    if total > limit:
        raise TextTooLong(
            f"'text' holds {total} characters in all; the limit is {limit}.", field="text"
        )
    return texts, False


def _targets(fields: Fields) -> tuple[str, ...]:
    """``targets`` (a list of codes) or ``target`` (one code), not both."""
    if fields.has("target") and fields.has("targets"):
        raise fields.error("Give either 'target' or {}, not both.", "targets")
    if fields.has("target"):
        target = fields.raw("target")
        if not isinstance(target, str) or not target:
            raise fields.error("{} must be a language code.", "target")
        return (target,)
    targets = fields.codes("targets", "a non-empty list of language codes")
    if targets is None:
        raise fields.error("{} (a list of language codes) or 'target' is required.", "targets")
    if not targets:
        raise fields.error("{} must be a non-empty list of language codes.", "targets")
    return targets
