"""LibreTranslate's error answers, ``{"error": "<message>"}`` with its status codes, on its
routes only (the native API keeps RFC 9457 problems, ``problems``).

``register(bp)`` installs the handlers on the dialect's blueprint, so they apply to its routes
alone. Domain errors map to LibreTranslate's statuses in ``STATUS`` and nowhere else; werkzeug's
HTTP errors raised inside a route (malformed JSON, a body over the limit) keep their status;
anything unexpected is logged and answered 500 without internals. An unknown path or method is
not the dialect's: the app answers it with a problem, as for any route.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, jsonify
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from .. import errors

_log = logging.getLogger(__name__)

#: Each error class's status; a subclass not listed takes its nearest listed ancestor's.
STATUS: dict[type[errors.ServiceError], int] = {
    errors.ServiceError: 500,
    # LibreTranslate answers every request it cannot serve with a 400: a missing or invalid
    # field, an unsupported language or pair, a text over its character limit
    errors.InvalidInput: 400,
    errors.TextTooLong: 400,
    errors.InvalidApiKey: 403,
    # LibreTranslate sends no Retry-After; this service does, as on its native API
    errors.LimitExceeded: 429,
}
#: how LibreTranslate begins the message of a 429
SLOWDOWN = "Slowdown: "


def status_of(error: type[errors.ServiceError]) -> int:
    return next(STATUS[cls] for cls in error.__mro__ if cls in STATUS)


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    response = jsonify({"error": message})
    response.status_code = status
    response.headers.update(headers or {})
    return response


def from_service_error(exc: errors.ServiceError) -> Response:
    if isinstance(exc, errors.LimitExceeded):
        return error_response(
            status_of(type(exc)), SLOWDOWN + exc.detail, {"Retry-After": str(exc.retry_after)}
        )
    return error_response(status_of(type(exc)), exc.detail)


def from_http_exception(exc: HTTPException) -> Response:
    message = exc.description or exc.name
    if isinstance(exc, RequestEntityTooLarge):
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        message = f"The request body is larger than the limit of {limit} bytes."
    return error_response(exc.code or 500, message)


def from_unexpected(exc: Exception) -> Response:
    _log.exception("unhandled error", exc_info=exc)
    return error_response(500, "The server failed to handle this request; the failure is logged.")


def register(bp: Blueprint) -> None:
    bp.register_error_handler(errors.ServiceError, from_service_error)
    bp.register_error_handler(HTTPException, from_http_exception)
    bp.register_error_handler(Exception, from_unexpected)
