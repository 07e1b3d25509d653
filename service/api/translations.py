"""POST /v1/translate: one text, or a list of texts, into one or more languages."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from ..language import resolve_source
from ..markup import plain_text
from ..observability.context import note_request
from ..runtime import runtime
from ..targets import plan_targets
from ..translation import translate_texts
from .body import json_object
from .credentials import native_key
from .requests import parse_translate
from .responses import translate_json

bp = Blueprint("translations", __name__)


@bp.post("/v1/translate")
def translate_route() -> ResponseReturnValue:
    rt = runtime()
    req = parse_translate(json_object(), rt.settings, rt.languages())
    rt.gate.admit(native_key(), req.characters)
    note_request(characters=req.characters)
    plain = "\n".join(plain_text(text, req.format).text for text in req.texts)
    source = resolve_source(plain, req.source, rt.detector)
    routes, missing = plan_targets(rt.engine, source.code, req.targets, partial=req.partial)
    translations = translate_texts(
        rt.engine, req.texts, source.code, routes, text_format=req.format
    )
    note_request(sentences=translations[0].sentence_count if translations else 0)
    return jsonify(
        translate_json(source, translations, missing, single=req.single, partial=req.partial)
    )
