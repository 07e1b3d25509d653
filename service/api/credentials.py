"""Where each API dialect's clients put their API key (``service.keys`` checks it)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import request

from ..errors import FieldError

BEARER = "bearer "


def native_key() -> str | None:
    """The native API's key: ``X-API-Key: KEY``, or ``Authorization: Bearer KEY``."""
    key = request.headers.get("X-API-Key")
    if key:
        return key
    authorization = request.headers.get("Authorization", "")
    if authorization.lower().startswith(BEARER):
        return authorization[len(BEARER) :].strip() or None
    return None


def libretranslate_key(fields: Mapping[str, Any]) -> str | None:
    """LibreTranslate's key: the ``api_key`` field of the body (JSON or form), as its clients
    send it."""
    key = fields.get("api_key")
    if key is not None and not isinstance(key, str):
        raise FieldError("Invalid request: api_key must be a string.", field="api_key")
    return key or None


DEEPL_AUTH = "deepl-auth-key "


def deepl_key() -> str | None:
    """DeepL's key: ``Authorization: DeepL-Auth-Key KEY``, or the ``auth_key`` field (form or
    query) that DeepL's older clients and plugins send."""
    authorization = request.headers.get("Authorization", "")
    if authorization.lower().startswith(DEEPL_AUTH):
        return authorization[len(DEEPL_AUTH) :].strip() or None
    form = request.form if not request.is_json else {}  # a JSON body is not parsed twice
    return form.get("auth_key") or request.args.get("auth_key") or None
