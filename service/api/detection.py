"""POST /v1/detect: which of the service's languages a text is in."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from ..runtime import runtime
from . import body as fields

bp = Blueprint("detection", __name__)


@bp.post("/v1/detect")
def detect_route() -> ResponseReturnValue:
    rt = runtime()
    body = fields.json_object({"text"})
    text = fields.text_field(body, "text", rt.settings.max_text_chars)
    assert text is not None
    best = rt.detector.detect(text)
    return jsonify({
        "language": best.language,
        "confidence": best.confidence,
        "candidates": [{"language": g.language, "confidence": g.confidence}
                       for g in rt.detector.rank(text)],
    })
