"""A request's id: the one the gateway sends in ``X-Request-ID`` when it is sane, else a new
one. It is echoed in the response's ``X-Request-ID``, put in problem bodies and on every log
line written while the request is served, so one id follows a request from the gateway's logs
to ours."""

from __future__ import annotations

import re
import uuid

HEADER = "X-Request-ID"
WSGI_KEY = "HTTP_X_REQUEST_ID"
#: what a received id may hold: the usual UUIDs, hex and base64 ids, bounded so that a client
#: cannot write long or control-character-laden strings into every log line
SANE_ID = re.compile(r"[A-Za-z0-9._:@+=/-]{1,128}")


def request_id_from(header: str | None) -> str:
    """``header`` when it is a sane id, else a new random one (32 hex digits)."""
    if header is not None and SANE_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex
