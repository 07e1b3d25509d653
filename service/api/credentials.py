"""Where each API dialect's clients put their API key (``service.keys`` checks it)."""

from __future__ import annotations

from flask import request

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
