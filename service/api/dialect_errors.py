"""Error answers of the API dialects other than the native one (LibreTranslate's, DeepL's).

Each dialect has its own body (``{"error": ...}``, ``{"message": ...}``) and its own status for
each of the service's exceptions; the rest is shared and lives here: the status is looked up by
walking the exception's MRO (a subclass not listed takes its nearest listed ancestor's, so a
new kind of error needs a line only where a dialect answers it differently), a limit answer
(and an ``Unavailable`` one: overload, time budget) carries ``Retry-After``, werkzeug's HTTP
errors keep their status (with ``Allow`` on a 405), and anything unexpected is logged and
answered 500 without internals. ``register(bp)`` installs the handlers on the dialect's
blueprint, so they apply to its routes alone.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from flask import Blueprint, Response, current_app, jsonify
from werkzeug.exceptions import HTTPException, MethodNotAllowed, RequestEntityTooLarge

from .. import errors

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DialectErrors:
    #: the dialect's status for each error class
    statuses: Mapping[type[errors.ServiceError], int]
    #: the one member of the dialect's error body
    member: str
    #: put before the detail of a limit's answer (LibreTranslate says "Slowdown: ")
    limit_prefix: str = ""
    unexpected: str = "The server failed to handle this request; the failure is logged."

    def status_of(self, error: type[errors.ServiceError]) -> int:
        return errors.nearest(self.statuses, error)

    def answer(self, status: int, text: str, headers: Mapping[str, str] | None = None) -> Response:
        response = jsonify({self.member: text})
        response.status_code = status
        response.headers.update(headers or {})
        return response

    def from_service_error(self, exc: errors.ServiceError) -> Response:
        status = self.status_of(type(exc))
        if exc.retry_after is None:
            return self.answer(status, exc.detail)
        prefix = self.limit_prefix if isinstance(exc, errors.LimitExceeded) else ""
        return self.answer(status, prefix + exc.detail, {"Retry-After": str(exc.retry_after)})

    def from_http_exception(self, exc: HTTPException) -> Response:
        headers: dict[str, str] = {}
        text = exc.description or exc.name
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            headers["Allow"] = ", ".join(sorted(exc.valid_methods))
        if isinstance(exc, RequestEntityTooLarge):
            limit = current_app.config["MAX_CONTENT_LENGTH"]
            text = f"The request body is larger than the limit of {limit} bytes."
        return self.answer(exc.code or 500, text, headers)

    def from_unexpected(self, exc: Exception) -> Response:
        _log.exception("unhandled error", exc_info=exc)
        return self.answer(500, self.unexpected)

    def register(self, bp: Blueprint) -> None:
        bp.register_error_handler(errors.ServiceError, self.from_service_error)
        bp.register_error_handler(HTTPException, self.from_http_exception)
        bp.register_error_handler(Exception, self.from_unexpected)
