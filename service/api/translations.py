"""POST /v1/translate: one text, or a list of texts, into one or more languages."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from ..errors import FieldError, TextTooLong
from ..language import AUTO, ResolvedLanguage, resolve_language
from ..runtime import Runtime, runtime
from ..targets import Missing, plan_targets
from ..text.languages import SUPPORTED_CODES
from . import body as fields
from .summaries import language_json

bp = Blueprint("translations", __name__)


@bp.post("/v1/translate")
def translate_route() -> ResponseReturnValue:
    rt = runtime()
    body = fields.json_object({"text", "source", "target", "targets", "partial"})
    texts, single = text_or_texts(body, rt)
    source = source_language(body, "\n".join(texts), rt)
    targets = target_list(body)
    partial = fields.flag(body, "partial")
    routes, missing = plan_targets(rt.engine, source.code, targets, partial=partial)
    translations = []
    for route in routes:
        results = rt.engine.translate(texts, source.code, route.target)
        translations.append({
            "target": route.target,
            "route": list(route.hops),
            "text": results[0].text if single else [r.text for r in results],
            "truncated": any(r.truncated for r in results),
        })
    return jsonify({"source": language_json(source), "translations": translations,
                    **missing_json(missing, partial)})


def text_or_texts(body: dict[str, Any], rt: Runtime) -> tuple[list[str], bool]:
    """``text`` as a list, and whether it came as a single string."""
    limit = rt.settings.max_text_chars
    value = body.get("text")
    if not isinstance(value, list):
        text = fields.text_field(body, "text", limit)
        assert text is not None
        return [text], True
    if not 1 <= len(value) <= rt.settings.max_texts:
        raise FieldError(f"'text' as a list must hold 1 to {rt.settings.max_texts} strings.",
                         field="text")
    texts = [fields.text_field({"text": item}, "text", limit) or "" for item in value]
    total = sum(len(text) for text in texts)
    if total > limit:
        raise TextTooLong(f"'text' holds {total} characters in all; the limit is {limit}.",
                          field="text")
    return texts, False


def source_language(body: dict[str, Any], text: str, rt: Runtime,
                    choices: list[str] | None = None) -> ResolvedLanguage:
    """``source``: a code from ``choices`` (default: every language the service knows of), or
    ``auto`` to detect it."""
    allowed = choices or known_languages(rt)
    requested = fields.choice(body, "source", [AUTO, *allowed], AUTO)
    if requested != AUTO:
        return ResolvedLanguage(requested, 1.0, detected=False)
    return resolve_language(text, AUTO, rt.detector, field="source")


def known_languages(rt: Runtime) -> list[str]:
    codes = set(SUPPORTED_CODES)
    for pair in rt.engine.pairs():
        codes.update((pair.source, pair.target))
    return sorted(codes)


def target_list(body: dict[str, Any]) -> list[str]:
    """``targets`` (a list of codes) or ``target`` (one code), not both."""
    if "target" in body and "targets" in body:
        raise FieldError("Give either 'target' or 'targets', not both.", field="targets")
    if "target" in body:
        value: Any = [body["target"]]
        name = "target"
    else:
        value = body.get("targets")
        name = "targets"
    if value is None:
        raise FieldError("'targets' (a list of language codes) or 'target' is required.",
                         field="targets")
    if (not isinstance(value, list) or not value
            or not all(isinstance(code, str) and code for code in value)):
        wanted = "a language code" if name == "target" else "a non-empty list of language codes"
        raise FieldError(f"'{name}' must be {wanted}.", field=name)
    return list(dict.fromkeys(value))


def missing_json(missing: list[Missing], partial: bool) -> dict[str, Any]:
    if not partial:
        return {}
    return {"missing": [{"target": m.target, "detail": m.detail} for m in missing]}
