"""The DeepL API v2 subset: POST /v2/translate, GET|POST /v2/languages, GET|POST /v2/usage.

A drop-in for DeepL's clients (the official libraries given a ``server_url``, CMS plugins): a
request is read into the service's typed request (``deepl_fields``), goes through the domain
calls /v1/translate makes, and is answered in DeepL's shapes (``deepl_answers``) and statuses
(``deepl_errors``). The key comes as ``Authorization: DeepL-Auth-Key KEY`` and passes the same
gate as every dialect's: a translation counts its characters; languages and usage check the key
and count nothing (asking what a key has left must work when it has nothing left).
"""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from ..language import resolve_source
from ..markup import plain_text
from ..observability.context import note_request
from ..runtime import Runtime, runtime
from ..targets import plan_targets
from ..translation import translate_texts
from . import deepl_errors
from .credentials import deepl_key
from .deepl_answers import languages_json, translate_json, usage_json
from .deepl_fields import deepl_body, parse_deepl_translate, parse_languages_type

bp = Blueprint("deepl", __name__)
deepl_errors.register(bp)
#: routing errors (404, 405) under DeepL's paths, answered in DeepL's shape too (for
#: ``problems.register``: Flask raises them before any blueprint is chosen)
ROUTING_ERRORS = {"/v2/": deepl_errors.from_http_exception}


@bp.post("/v2/translate")
def translate_route() -> ResponseReturnValue:
    rt = runtime()
    parsed = parse_deepl_translate(deepl_body(), rt.settings, rt.languages())
    req = parsed.request
    rt.gate.admit(deepl_key(), req.characters)
    note_request(characters=req.characters)
    plain = "\n".join(plain_text(text, req.format).text for text in req.texts)
    source = resolve_source(plain, req.source, rt.detector, field="source_lang")
    routes, _ = plan_targets(rt.engine, source.code, req.targets, partial=req.partial)
    [translation] = translate_texts(
        rt.engine, req.texts, source.code, routes, text_format=req.format
    )
    note_request(sentences=translation.sentence_count)
    return jsonify(
        translate_json(source, translation, req.texts, billed_characters=parsed.billed_characters)
    )


@bp.route("/v2/languages", methods=["GET", "POST"])
def languages_route() -> ResponseReturnValue:
    rt = runtime()
    target = parse_languages_type(deepl_body())
    _check_key(rt)
    pairs = rt.engine.pairs()
    codes = {pair.target if target else pair.source for pair in pairs}
    return jsonify(languages_json(codes, target=target))


@bp.route("/v2/usage", methods=["GET", "POST"])
def usage_route() -> ResponseReturnValue:
    return jsonify(usage_json(runtime().gate.usage(deepl_key())))


def _check_key(rt: Runtime) -> None:
    """403 for a missing or unknown key when keys are configured; nothing counted."""
    if rt.gate.enabled:
        rt.gate.identify(deepl_key())
