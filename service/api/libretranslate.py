"""The LibreTranslate-compatible API, for the clients that speak it (``libretranslatepy``, CMS
plugins, Mastodon, wagtail-localize): POST /translate, /detect and /translate_file, GET
/languages, /frontend/settings and /download_file/<name>.

Each route reads LibreTranslate's fields into the service's own request objects
(``libretranslate_fields``), makes the native API's domain calls, admits the key through the
same gate (LibreTranslate's clients send it as the ``api_key`` field) and renders
LibreTranslate's answer (``libretranslate_answers``); its errors take LibreTranslate's shape
(``libretranslate_errors``).
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import NotFound

from ..documents import MEDIA_TYPES, read_document, write_document
from ..file_store import FileStore
from ..language import ResolvedLanguage, resolve_source
from ..markup import plain_text
from ..observability.context import note_request
from ..runtime import Runtime, runtime
from ..targets import plan_targets
from ..translation import TargetTranslation, translate_texts
from . import libretranslate_errors
from .credentials import libretranslate_key
from .libretranslate_answers import (
    detect_json,
    frontend_settings_json,
    languages_json,
    translate_json,
)
from .libretranslate_fields import (
    DETECT_FIELDS,
    FILE_FIELDS,
    TRANSLATE_FIELDS,
    lt_fields,
    parse_lt_detect,
    parse_lt_file,
    parse_lt_translate,
    uploaded_file,
)
from .requests import TranslateRequest

bp = Blueprint("libretranslate", __name__)
libretranslate_errors.register(bp)


@bp.post("/translate")
def translate_route() -> ResponseReturnValue:
    rt = runtime()
    fields = lt_fields(TRANSLATE_FIELDS)
    req = parse_lt_translate(fields, rt.settings, rt.languages())
    rt.gate.admit(libretranslate_key(fields), req.characters)
    note_request(characters=req.characters)
    source, translation = _translate(rt, req)
    return jsonify(
        translate_json(source, translation, single=req.single, alternatives=req.alternatives)
    )


@bp.post("/detect")
def detect_route() -> ResponseReturnValue:
    rt = runtime()
    fields = lt_fields(DETECT_FIELDS)
    req = parse_lt_detect(fields, rt.settings)
    rt.gate.admit(libretranslate_key(fields), req.characters)
    note_request(characters=req.characters)
    return jsonify(detect_json(rt.detector.detect(req.text), rt.detector.rank(req.text)))


@bp.get("/languages")
def languages_route() -> ResponseReturnValue:
    return jsonify(languages_json(runtime().engine))


@bp.get("/frontend/settings")
def frontend_settings_route() -> ResponseReturnValue:
    rt = runtime()
    return jsonify(frontend_settings_json(rt.settings, rt.engine, key_required=rt.gate.enabled))


@bp.post("/translate_file")
def translate_file_route() -> ResponseReturnValue:
    """Translates the file at once and answers the URL it can be downloaded from, as
    LibreTranslate does."""
    rt = runtime()
    fields = lt_fields(FILE_FIELDS)
    document = read_document(*uploaded_file())
    req = parse_lt_file(fields, document.text, document.format, rt.settings, rt.languages())
    rt.gate.admit(libretranslate_key(fields), req.characters)
    note_request(characters=req.characters)
    _, translation = _translate(rt, req)
    stored = _store(rt).put(document.name, write_document(document, translation.texts[0].text))
    url = url_for(".download_file_route", filename=stored, _external=True)
    return jsonify({"translatedFileUrl": url})


@bp.get("/download_file/<filename>")
# and as a path, so a name holding "/" (a%2Fb) still gets this route's 404 in LibreTranslate's
# shape (the path converter alone would miss names holding a line break)
@bp.get("/download_file/<path:filename>")
def download_file_route(filename: str) -> ResponseReturnValue:
    """No key needed, as in LibreTranslate: the URL's random part is what grants access."""
    data = _store(runtime()).get(filename)
    if data is None:
        raise NotFound("No such translated file, or it has expired; translate the file again.")
    name = FileStore.download_name(filename)
    suffix = "." + name.rsplit(".", 1)[-1]
    return Response(
        data,
        mimetype=MEDIA_TYPES.get(suffix, "application/octet-stream"),
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _translate(rt: Runtime, req: TranslateRequest) -> tuple[ResolvedLanguage, TargetTranslation]:
    """The request's texts into its one target: the native API's calls."""
    plain = "\n".join(plain_text(text, req.format).text for text in req.texts)
    source = resolve_source(plain, req.source, rt.detector)
    routes, _ = plan_targets(rt.engine, source.code, req.targets, partial=False)
    [translation] = translate_texts(
        rt.engine,
        req.texts,
        source.code,
        routes,
        alternatives=req.alternatives,
        text_format=req.format,
    )
    note_request(sentences=translation.sentence_count)
    return source, translation


def _store(rt: Runtime) -> FileStore:
    return FileStore.at(rt.settings.files_dir, rt.settings.files_ttl)
