"""POST /v1/articles: the CMS call. Summary plus translations of an article."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from ..articles import process_article
from ..language import resolve_source
from ..markup import plain_text
from ..observability.context import note_request
from ..runtime import runtime
from ..targets import plan_targets
from .body import json_object
from .credentials import native_key
from .requests import parse_article
from .responses import article_json

bp = Blueprint("articles", __name__)


@bp.post("/v1/articles")
def articles_route() -> ResponseReturnValue:
    rt = runtime()
    req = parse_article(json_object(), rt.settings)
    rt.gate.admit(native_key(), req.characters)
    note_request(characters=req.characters)
    source = resolve_source(plain_text(req.text, req.format).text, req.source, rt.detector)
    routes, missing = plan_targets(rt.engine, source.code, req.targets, partial=req.partial)
    article = process_article(
        rt.engine,
        text=req.text,
        title=req.title,
        language=source.code,
        method=req.summary.method,
        length=req.summary.length,
        routes=routes,
        parts=req.parts,
        text_format=req.format,
    )
    note_request(sentences=len(article.sentences))
    return jsonify(article_json(source, req.summary.method, article, missing, partial=req.partial))
