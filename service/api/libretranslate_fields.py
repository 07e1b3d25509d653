"""LibreTranslate's requests, read as LibreTranslate reads them and parsed into the service's
own request objects (``requests.TranslateRequest``, ``DetectRequest``): the dialect has its own
field names and messages, not its own pipeline.

As LibreTranslate reads them: a JSON object, or else form fields (URL-encoded or multipart, the
query string included), so ``libretranslatepy``'s form posts and the JSON of its docs both
work. Fields it does not read are ignored, as there: clients send extra ones (the npm client an
``apiKey``). A failed check raises the domain's error (``FieldError``, ``UnsupportedLanguage``,
``TextTooLong``) with LibreTranslate's message ("Invalid request: missing q parameter", "de is
not supported"); ``libretranslate_errors`` gives it LibreTranslate's shape and status.

Stricter than LibreTranslate where it is loose: a form field given twice is refused
(LibreTranslate reads the first and drops the others, silently losing text), and a field of the
wrong JSON type is a 400, not a 500.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Any

from flask import request
from werkzeug.exceptions import BadRequest

from ..config import Settings
from ..errors import FieldError, TextTooLong, UnsupportedLanguage
from ..language import AUTO
from .requests import DetectRequest, TranslateRequest

TRANSLATE_FIELDS = ("q", "source", "target", "format", "alternatives", "api_key")
DETECT_FIELDS = ("q", "api_key")
FILE_FIELDS = ("source", "target", "api_key")
#: ``format`` values LibreTranslate knows, both served (``html`` by ``markup.translate_html``)
TEXT_FORMAT = "text"
HTML_FORMAT = "html"
_LINE_BREAK = re.compile(r"\r\n?")
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")


def lt_fields(names: Sequence[str]) -> dict[str, Any]:
    """The fields ``names`` of the request: from its JSON object (400 "Invalid JSON format" when
    the body is JSON but not an object), or else from its form and query string, line breaks
    made ``\\n`` (LibreTranslate does so to count characters the same either way)."""
    if request.is_json:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise BadRequest("Invalid JSON format")
        return {name: body[name] for name in names if name in body}
    fields: dict[str, Any] = {}
    for name in names:
        values = request.values.getlist(name)
        if len(values) > 1:
            raise FieldError(
                f"Invalid request: {name} is given {len(values)} times; give it once "
                "(a list of texts goes in a JSON body).",
                field=name,
            )
        if values:
            fields[name] = _LINE_BREAK.sub("\n", values[0])
    return fields


def uploaded_file() -> tuple[str, bytes]:
    """The name and bytes of the multipart ``file`` field."""
    upload = request.files.get("file")
    if upload is None:
        raise FieldError("Invalid request: missing file parameter", field="file")
    return upload.filename or "", upload.read()


def parse_lt_translate(
    fields: dict[str, Any], settings: Settings, languages: Collection[str]
) -> TranslateRequest:
    """``languages``: the codes ``source`` and ``target`` may name (besides ``auto``)."""
    texts, single = _texts(fields, settings)
    source = _language(fields, "source", languages, auto=True)
    target = _language(fields, "target", languages)
    text_format = _text_format(fields)
    alternatives = _alternatives(fields, settings.max_alternatives)
    return TranslateRequest(
        texts, single, source, (target,), False, alternatives, format=text_format
    )


def parse_lt_file(
    fields: dict[str, Any],
    text: str,
    text_format: str,
    settings: Settings,
    languages: Collection[str],
) -> TranslateRequest:
    """A ``/translate_file`` request: the file's ``text`` (``text`` or ``html``) into
    ``target``."""
    source = _language(fields, "source", languages, auto=True)
    target = _language(fields, "target", languages)
    _check_length(len(text), settings.max_text_chars, "file")
    return TranslateRequest((text,), True, source, (target,), False, format=text_format)


def parse_lt_detect(fields: dict[str, Any], settings: Settings) -> DetectRequest:
    text = fields.get("q")
    if not text:
        raise _missing("q")
    if not isinstance(text, str):
        raise FieldError("Invalid request: q must be a string.", field="q")
    _check_length(len(text), settings.max_text_chars, "q")
    return DetectRequest(text)


def _texts(fields: dict[str, Any], settings: Settings) -> tuple[tuple[str, ...], bool]:
    """``q`` as a tuple of texts, and whether it came as one string."""
    value = fields.get("q")
    if not value:
        raise _missing("q")
    single = isinstance(value, str)
    texts = (value,) if single else value
    if not isinstance(texts, list | tuple) or not all(isinstance(t, str) for t in texts):
        raise FieldError("Invalid request: q must be a string or a list of strings.", field="q")
    if len(texts) > settings.max_texts:
        raise FieldError(
            f"Invalid request: request ({len(texts)}) exceeds text limit ({settings.max_texts})",
            field="q",
        )
    _check_length(sum(len(text) for text in texts), settings.max_text_chars, "q")
    return tuple(texts), single


def _language(
    fields: dict[str, Any], name: str, languages: Collection[str], *, auto: bool = False
) -> str:
    value = fields.get(name)
    if not value:
        raise _missing(name)
    if not isinstance(value, str):
        raise FieldError(f"Invalid request: {name} must be a language code.", field=name)
    if (auto and value == AUTO) or value in languages:
        return value
    raise UnsupportedLanguage(
        f"{value} is not supported",
        field=name,
        allowed=[*([AUTO] if auto else []), *sorted(languages)],
    )


def _text_format(fields: dict[str, Any]) -> str:
    value = fields.get("format")
    if value is None:  # absent, or JSON null (JavaScript clients send their unset options)
        return TEXT_FORMAT
    if value not in (TEXT_FORMAT, HTML_FORMAT):
        raise FieldError(
            f"{value} format is not supported", field="format", allowed=[TEXT_FORMAT, HTML_FORMAT]
        )
    return str(value)


def _alternatives(fields: dict[str, Any], limit: int) -> int:
    """A whole number (a string of digits in a form); a negative one means none, as in
    LibreTranslate."""
    value = fields.get("alternatives", 0)
    if isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value):
        value = _whole_number(value, limit)
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(
            "Invalid request: alternatives parameter is not a number", field="alternatives"
        )
    if value > limit:
        raise FieldError(
            f"Invalid request: alternatives parameter must be <= {limit}", field="alternatives"
        )
    return max(0, value)


def _whole_number(digits: str, limit: int) -> int:
    """The number a string of digits writes. Past 18 digits it is far out of range either way,
    and ``int()`` of one past 4,300 digits raises (CPython's guard against quadratic parsing):
    such a number stands for "too many" (over ``limit``) or, negative, for none."""
    if len(digits.lstrip("+-").lstrip("0")) <= 18:
        return int(digits)
    return -1 if digits.startswith("-") else limit + 1


def _check_length(characters: int, limit: int, name: str) -> None:
    if characters > limit:
        raise TextTooLong(
            f"Invalid request: request ({characters}) exceeds text limit ({limit})", field=name
        )


def _missing(name: str) -> FieldError:
    return FieldError(f"Invalid request: missing {name} parameter", field=name)
