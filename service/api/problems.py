"""Every error response, in one shape: RFC 9457 problem details (``application/problem+json``).

``register(app)`` installs the handlers: domain exceptions (``service.errors``) map to their
status here and nowhere else; werkzeug's HTTP errors (400, 404, 405, 413, 415 ...) get the same
shape; anything unexpected is logged and answered as a 500 problem, without internals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from flask import Flask, Response, current_app, json, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, RequestEntityTooLarge

from .. import errors
from ..observability.context import current_request_id

MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:precis:problem:"
_log = logging.getLogger(__name__)


class Kind(NamedTuple):
    status: int
    #: the problem type is ``TYPE_PREFIX + slug``
    slug: str


#: Each error class's status and problem type; a subclass not listed takes its nearest listed
#: ancestor's (the lookup walks the class's MRO), so the order here does not matter.
KINDS: dict[type[errors.ServiceError], Kind] = {
    errors.ServiceError: Kind(500, "service-error"),
    errors.InvalidInput: Kind(422, "invalid-input"),
    errors.FieldError: Kind(422, "invalid-field"),
    errors.UnsupportedLanguage: Kind(422, "unsupported-language"),
    errors.UndeterminedLanguage: Kind(422, "undetermined-language"),
    errors.PairNotInstalled: Kind(422, "pair-not-installed"),
    errors.TextTooLong: Kind(413, "text-too-long"),
    errors.InvalidApiKey: Kind(403, "invalid-api-key"),
    errors.NotReady: Kind(503, "not-ready"),
    errors.LimitExceeded: Kind(429, "limit-exceeded"),
    errors.RateLimited: Kind(429, "rate-limited"),
    errors.QuotaExceeded: Kind(429, "quota-exceeded"),
    errors.Unavailable: Kind(503, "unavailable"),
    errors.Overloaded: Kind(503, "overloaded"),
    errors.BudgetExceeded: Kind(503, "time-budget-exceeded"),
}


def kind_of(error: type[errors.ServiceError]) -> Kind:
    return errors.nearest(KINDS, error)


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    slug: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    """Build a problem response. ``extra`` members with value None are left out; the id of the
    request being served is added as ``request_id``, to quote when reporting the problem."""
    body: dict[str, Any] = {
        "type": TYPE_PREFIX + slug if slug else "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
    }
    extra.setdefault("request_id", current_request_id())
    body.update({key: value for key, value in extra.items() if value is not None})
    # backslashreplace: a message echoing a client's string must encode, whatever it holds
    text = json.dumps(body).encode("utf-8", "backslashreplace")
    response = Response(text, status=status, mimetype=MEDIA_TYPE)
    response.headers.update(headers or {})
    return response


def from_service_error(exc: errors.ServiceError) -> Response:
    status, slug = kind_of(type(exc))
    headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after is not None else None
    return problem(
        status,
        exc.title,
        exc.detail,
        slug=slug,
        headers=headers,
        field=exc.field,
        allowed=exc.allowed,
    )


def from_http_exception(exc: HTTPException) -> Response:
    status = exc.code or 500
    headers: dict[str, str] = {}
    # an HTTP error that knows the values it would take (a 415's encodings) names them
    allowed = getattr(exc, "allowed", None)
    if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
        allowed = sorted(exc.valid_methods)
        headers["Allow"] = ", ".join(allowed)
    detail = exc.description or exc.name
    if isinstance(exc, RequestEntityTooLarge):
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        detail = f"The request body is larger than the limit of {limit} bytes."
    return problem(status, exc.name, detail, headers=headers, allowed=allowed)


def from_unexpected(exc: Exception) -> Response:
    _log.exception("unhandled error", exc_info=exc)
    return problem(
        500,
        "Internal Server Error",
        "The server failed to handle this request; the failure is logged.",
    )


def register(
    app: Flask, routing_errors: Mapping[str, Callable[[HTTPException], Response]] | None = None
) -> None:
    """``routing_errors``: path prefix -> the renderer of HTTP errors under it that no blueprint
    handled. Routing errors (404, 405) are raised before a blueprint is chosen, so an API dialect
    whose clients expect its own error shape (DeepL's, under /v2/) claims its prefix here."""
    dialects = dict(routing_errors or {})

    def on_http_exception(exc: HTTPException) -> Response:
        for prefix, render in dialects.items():
            if request.path.startswith(prefix):
                return render(exc)
        return from_http_exception(exc)

    app.register_error_handler(errors.ServiceError, from_service_error)
    app.register_error_handler(HTTPException, on_http_exception)
    app.register_error_handler(Exception, from_unexpected)
