"""POST /v1/summarize: an extractive summary of one text."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from ..language import resolve_language
from ..markup import plain_text
from ..observability.context import note_request
from ..runtime import runtime
from ..summarize import summarize
from ..text.splitter import split_sentences
from .body import json_object
from .credentials import native_key
from .requests import parse_summarize
from .responses import summarize_json

bp = Blueprint("summaries", __name__)


@bp.post("/v1/summarize")
def summarize_route() -> ResponseReturnValue:
    rt = runtime()
    req = parse_summarize(json_object(), rt.settings)
    rt.gate.admit(native_key(), req.characters)
    plain = plain_text(req.text, req.format)
    language = resolve_language(plain.text, req.language, rt.detector)
    sentences = split_sentences(plain.text, language.code)
    note_request(characters=req.characters, sentences=len(sentences))
    chosen = summarize(
        sentences,
        language.code,
        req.summary.method,
        req.summary.length,
        heading_paragraphs=plain.headings,
    )
    return jsonify(summarize_json(language, req.summary.method, len(sentences), chosen))
