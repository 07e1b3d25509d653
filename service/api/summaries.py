"""POST /v1/summarize: an extractive summary of one text."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from ..errors import FieldError
from ..language import AUTO, ResolvedLanguage, resolve_language
from ..runtime import Runtime, runtime
from ..summarize import DEFAULT_METHOD, METHODS, Chosen, Length, summarize
from ..text.languages import SUPPORTED_CODES, join_sentences
from ..text.splitter import split_sentences
from . import body as fields

bp = Blueprint("summaries", __name__)

SUMMARY_OPTIONS = ("method", "sentences", "ratio")


@bp.post("/v1/summarize")
def summarize_route() -> ResponseReturnValue:
    rt = runtime()
    body = fields.json_object({"text", "language", *SUMMARY_OPTIONS})
    text = fields.text_field(body, "text", rt.settings.max_text_chars)
    assert text is not None
    requested = fields.choice(body, "language", (AUTO, *SUPPORTED_CODES), AUTO)
    method, length = summary_options(body, rt)
    language = resolve_language(text, requested, rt.detector)
    sentences = split_sentences(text, language.code)
    chosen = summarize(sentences, language.code, method, length)
    return jsonify({
        "language": language_json(language),
        "method": method,
        "sentence_count": len(sentences),
        **summary_json(chosen, language.code),
    })


def summary_options(body: dict[str, Any], rt: Runtime) -> tuple[str, Length]:
    """``method`` and the length (``sentences`` or ``ratio``, not both) of a summary request."""
    method = fields.choice(body, "method", tuple(METHODS), DEFAULT_METHOD)
    count = fields.integer(body, "sentences", 1, rt.settings.max_summary_sentences)
    ratio = fields.fraction(body, "ratio")
    if count is not None and ratio is not None:
        raise FieldError("Give either 'sentences' or 'ratio', not both.", field="ratio",
                         allowed=["sentences", "ratio"])
    if count is None and ratio is None:
        count = rt.settings.default_summary_sentences
    return method, Length(sentences=count, ratio=ratio)


def language_json(language: ResolvedLanguage) -> dict[str, Any]:
    return {"code": language.code, "confidence": language.confidence,
            "detected": language.detected}


def summary_json(chosen: list[Chosen], language: str) -> dict[str, Any]:
    return {
        "summary": join_sentences((c.sentence.text for c in chosen), language),
        "sentences": [{"index": c.index, "text": c.sentence.text, "start": c.sentence.start,
                       "end": c.sentence.end} for c in chosen],
    }
