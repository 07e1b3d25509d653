"""POST /v1/summarize: an extractive summary of one text."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from ..runtime import runtime
from .answers import summary_answer
from .body import json_object
from .credentials import native_key
from .requests import parse_summarize

bp = Blueprint("summaries", __name__)


@bp.post("/v1/summarize")
def summarize_route() -> ResponseReturnValue:
    rt = runtime()
    req = parse_summarize(json_object(), rt.settings)
    rt.gate.admit(native_key(), req.characters)
    return jsonify(summary_answer(rt, req))
