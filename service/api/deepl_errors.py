"""Every error answer of the DeepL dialect: ``{"message": "..."}`` with DeepL's status codes.

DeepL's clients act on the status alone (the official one raises ``AuthorizationException`` on
403, ``QuotaExceededException`` on 456, ``TooManyRequestsException`` on 429 and retries 429 and
5xx), so the statuses are DeepL's, mapped from the service's exceptions here and nowhere else.
``register(bp)`` installs the handlers on the dialect's blueprint; routing errors (404, 405)
under its path prefix come through ``problems.register``, since Flask raises them before any
blueprint is chosen. The native API keeps its RFC 9457 problems.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, jsonify
from werkzeug.exceptions import HTTPException, MethodNotAllowed, RequestEntityTooLarge

from .. import errors

_log = logging.getLogger(__name__)

#: DeepL's status for each error class; a subclass not listed takes its nearest listed
#: ancestor's (the lookup walks the class's MRO)
STATUSES: dict[type[errors.ServiceError], int] = {
    errors.ServiceError: 500,
    errors.InvalidInput: 400,
    errors.TextTooLong: 413,
    errors.InvalidApiKey: 403,
    errors.LimitExceeded: 429,
    errors.RateLimited: 429,
    errors.QuotaExceeded: 456,
}


def status_of(error: type[errors.ServiceError]) -> int:
    return next(STATUSES[cls] for cls in error.__mro__ if cls in STATUSES)


def message(status: int, text: str, headers: dict[str, str] | None = None) -> Response:
    response = jsonify({"message": text})
    response.status_code = status
    response.headers.update(headers or {})
    return response


def from_service_error(exc: errors.ServiceError) -> Response:
    headers = (
        {"Retry-After": str(exc.retry_after)} if isinstance(exc, errors.LimitExceeded) else None
    )
    return message(status_of(type(exc)), exc.detail, headers)


def from_http_exception(exc: HTTPException) -> Response:
    status = exc.code or 500
    headers: dict[str, str] = {}
    text = exc.description or exc.name
    if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
        headers["Allow"] = ", ".join(sorted(exc.valid_methods))
    if isinstance(exc, RequestEntityTooLarge):
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        text = f"The request body is larger than the limit of {limit} bytes."
    return message(status, text, headers)


def from_unexpected(exc: Exception) -> Response:
    _log.exception("unhandled error", exc_info=exc)
    return message(500, "Internal server error; the failure is logged.")


def register(bp: Blueprint) -> None:
    bp.register_error_handler(errors.ServiceError, from_service_error)
    bp.register_error_handler(HTTPException, from_http_exception)
    bp.register_error_handler(Exception, from_unexpected)
