"""POST /v1/detect: which of the service's languages a text is in."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from ..runtime import runtime
from .answers import detection_answer
from .body import json_object
from .credentials import native_key
from .requests import parse_detect

bp = Blueprint("detection", __name__)


@bp.post("/v1/detect")
def detect_route() -> ResponseReturnValue:
    rt = runtime()
    req = parse_detect(json_object(), rt.settings)
    rt.gate.admit(native_key(), req.characters)
    return jsonify(detection_answer(rt, req))
