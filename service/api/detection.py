"""POST /v1/detect: which of the service's languages a text is in."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from ..observability.context import note_request
from ..runtime import runtime
from .body import json_object
from .credentials import native_key
from .requests import parse_detect
from .responses import detect_json

bp = Blueprint("detection", __name__)


@bp.post("/v1/detect")
def detect_route() -> ResponseReturnValue:
    rt = runtime()
    req = parse_detect(json_object(), rt.settings)
    rt.gate.admit(native_key(), req.characters)
    note_request(characters=req.characters)
    return jsonify(detect_json(rt.detector.detect(req.text), rt.detector.rank(req.text)))
