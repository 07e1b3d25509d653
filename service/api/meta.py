"""Service description and probes: /v1/languages, /healthz, /readyz, /openapi.yaml."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify
from flask.typing import ResponseReturnValue

from .. import errors
from ..config import PROJECT_ROOT
from ..front import draining
from ..runtime import runtime
from ..summarize import DEFAULT_METHOD, METHODS
from ..text.languages import LANGUAGES
from .problems import kind_of, problem

bp = Blueprint("meta", __name__)

SPEC_PATH = PROJECT_ROOT / "openapi.yaml"


@bp.get("/v1/languages")
def languages_route() -> ResponseReturnValue:
    engine = runtime().engine
    pairs = engine.pairs()
    codes = list(LANGUAGES) + sorted(
        {c for p in pairs for c in (p.source, p.target)} - set(LANGUAGES)
    )
    return jsonify(
        {
            "languages": [
                {
                    "code": code,
                    "name": LANGUAGES[code].name if code in LANGUAGES else code,
                    "summarize": code in LANGUAGES,
                    "detect": code in LANGUAGES,
                    "translate_to": engine.targets(code),
                }
                for code in codes
            ],
            "pairs": [
                {
                    "source": pair.source,
                    "target": pair.target,
                    "via": pair.via,
                    "packages": [
                        model.info.name for model in engine.route(pair.source, pair.target)
                    ],
                }
                for pair in pairs
            ],
            "summary_methods": list(METHODS),
            "default_summary_method": DEFAULT_METHOD,
        }
    )


@bp.get("/healthz")
def healthz_route() -> ResponseReturnValue:
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz_route() -> ResponseReturnValue:
    if draining.is_draining():
        return problem(503, "Service Unavailable", "The service is shutting down.")
    readiness = runtime().readiness()
    if not readiness.ready:
        status, slug = kind_of(errors.NotReady)
        return problem(
            status,
            errors.NotReady.title,
            readiness.detail,
            slug=slug,
            missing=list(readiness.missing),
            broken=[vars(broken) for broken in readiness.broken],
        )
    return jsonify({"status": "ready", "pairs": list(readiness.pairs)})


@bp.get("/openapi.yaml")
def spec_route() -> ResponseReturnValue:
    return Response(SPEC_PATH.read_bytes(), mimetype="application/yaml")
