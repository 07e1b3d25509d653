"""POST /v1/articles: the CMS call. Summary plus translations of an article."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from ..articles import DEFAULT_PARTS, PARTS, ArticleTranslation, process_article
from ..errors import FieldError
from ..runtime import runtime
from ..targets import plan_targets
from ..text.languages import SUPPORTED_CODES
from . import body as fields
from .summaries import SUMMARY_OPTIONS, language_json, summary_json, summary_options
from .translations import missing_json, source_language

bp = Blueprint("articles", __name__)

FIELDS = {"title", "text", "source", "summary", "targets", "translate", "partial"}


@bp.post("/v1/articles")
def articles_route() -> ResponseReturnValue:
    rt = runtime()
    body = fields.json_object(FIELDS)
    limit = rt.settings.max_text_chars
    text = fields.text_field(body, "text", limit)
    assert text is not None
    title = fields.text_field(body, "title", limit, required=False)
    summary_body = nested_object(body, "summary", SUMMARY_OPTIONS)
    try:
        method, length = summary_options(summary_body, rt)
    except FieldError as exc:
        raise exc.under("summary") from None
    targets = code_list(body, "targets")
    parts = part_list(body)
    partial = fields.flag(body, "partial")
    source = source_language(body, text, rt, choices=list(SUPPORTED_CODES))
    routes, missing = plan_targets(rt.engine, source.code, targets, partial=partial)
    article = process_article(rt.engine, text=text, title=title, language=source.code,
                              method=method, length=length, routes=routes, parts=parts)
    return jsonify({
        "language": language_json(source),
        "summary": {"method": method, "sentence_count": len(article.sentences),
                    **summary_json(article.chosen, source.code)},
        "translations": [translation_json(t) for t in article.translations],
        **missing_json(missing, partial),
    })


def nested_object(body: dict[str, Any], name: str, known: tuple[str, ...]) -> dict[str, Any]:
    value = body.get(name, {})
    if not isinstance(value, dict):
        raise FieldError(f"'{name}' must be an object.", field=name)
    fields.check_fields(value, known, parent=f"{name}.")
    return value


def code_list(body: dict[str, Any], name: str) -> list[str]:
    value = body.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise FieldError(f"'{name}' must be a list of language codes.", field=name)
    return list(dict.fromkeys(value))


def part_list(body: dict[str, Any]) -> list[str]:
    value = body.get("translate", list(DEFAULT_PARTS))
    if not isinstance(value, list) or not value or any(v not in PARTS for v in value):
        raise FieldError(f"'translate' must be a non-empty list of: {', '.join(PARTS)}.",
                         field="translate", allowed=list(PARTS))
    return list(dict.fromkeys(value))


def translation_json(translation: ArticleTranslation) -> dict[str, Any]:
    out: dict[str, Any] = {"target": translation.target, "route": list(translation.route),
                           "truncated": translation.truncated}
    if translation.title is not None:
        out["title"] = translation.title
    if translation.summary_sentences is not None:
        out["summary"] = translation.summary
        out["summary_sentences"] = translation.summary_sentences
    if translation.text is not None:
        out["text"] = translation.text
    return out
