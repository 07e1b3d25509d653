"""POST /v1/translate: one text, or a list of texts, into one or more languages."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from ..runtime import runtime
from .answers import translation_answer
from .body import json_object
from .credentials import native_key
from .requests import parse_translate

bp = Blueprint("translations", __name__)


@bp.post("/v1/translate")
def translate_route() -> ResponseReturnValue:
    rt = runtime()
    req = parse_translate(json_object(), rt.settings, rt.languages())
    rt.gate.admit(native_key(), req.characters)
    return jsonify(translation_answer(rt, req))
