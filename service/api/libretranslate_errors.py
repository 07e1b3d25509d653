"""LibreTranslate's error answers, ``{"error": "<message>"}`` with its status codes, on its
routes only (the native API keeps RFC 9457 problems, ``problems``).

Domain errors map to LibreTranslate's statuses in ``STATUS`` and nowhere else (the handlers:
``dialect_errors``); werkzeug's HTTP errors raised inside a route (malformed JSON, a body over
the limit) keep their status. An unknown path or method is not the dialect's: the app answers
it with a problem, as for any route.
"""

from __future__ import annotations

from .. import errors
from .dialect_errors import DialectErrors

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
    # overload and time budget: a 503 with Retry-After, which HTTP clients know to retry
    errors.Unavailable: 503,
}

#: "Slowdown: " is how LibreTranslate begins the message of a 429
ERRORS = DialectErrors(STATUS, "error", limit_prefix="Slowdown: ")
register = ERRORS.register
