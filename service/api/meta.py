"""Service description and probes: /v1/languages, /healthz, /readyz, /openapi.yaml."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify
from flask.typing import ResponseReturnValue

from ..config import PROJECT_ROOT
from ..runtime import runtime
from ..summarize import DEFAULT_METHOD, METHODS
from ..text.languages import LANGUAGES
from .problems import problem

bp = Blueprint("meta", __name__)

SPEC_PATH = PROJECT_ROOT / "openapi.yaml"


@bp.get("/v1/languages")
def languages_route() -> ResponseReturnValue:
    return jsonify({
        "languages": [
            {"code": lang.code, "name": lang.name, "summarize": True, "detect": True}
            for lang in LANGUAGES.values()
        ],
        "summary_methods": list(METHODS),
        "default_summary_method": DEFAULT_METHOD,
    })


@bp.get("/healthz")
def healthz_route() -> ResponseReturnValue:
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz_route() -> ResponseReturnValue:
    if not runtime().is_ready():
        return problem(503, "Service Unavailable", "Language data is not loaded.")
    return jsonify({"status": "ready"})


@bp.get("/openapi.yaml")
def spec_route() -> ResponseReturnValue:
    return Response(SPEC_PATH.read_bytes(), mimetype="application/yaml")
