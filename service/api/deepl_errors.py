"""Every error answer of the DeepL dialect: ``{"message": "..."}`` with DeepL's status codes.

DeepL's clients act on the status alone (the official one raises ``AuthorizationException`` on
403, ``QuotaExceededException`` on 456, ``TooManyRequestsException`` on 429 and retries 429 and
5xx), so the statuses are DeepL's, mapped from the service's exceptions here and nowhere else
(the handlers: ``dialect_errors``). Routing errors (404, 405) under its path prefix come
through ``problems.register``, since Flask raises them before any blueprint is chosen. The
native API keeps its RFC 9457 problems.
"""

from __future__ import annotations

from .. import errors
from .dialect_errors import DialectErrors

#: DeepL's status for each error class (a subclass not listed takes its ancestor's)
STATUSES: dict[type[errors.ServiceError], int] = {
    errors.ServiceError: 500,
    errors.InvalidInput: 400,
    errors.TextTooLong: 413,
    errors.InvalidApiKey: 403,
    errors.LimitExceeded: 429,
    errors.QuotaExceeded: 456,
    # DeepL's own answer when it is overloaded; its clients retry it
    errors.Unavailable: 503,
}

ERRORS = DialectErrors(
    STATUSES, "message", unexpected="Internal server error; the failure is logged."
)
register = ERRORS.register
from_http_exception = ERRORS.from_http_exception
status_of = ERRORS.status_of
