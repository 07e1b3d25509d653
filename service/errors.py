"""The service's own exceptions. Domain code raises these; ``service.api.problems`` alone turns
them into HTTP responses (RFC 9457 problem details), and ``service.api.deepl_errors`` into
DeepL's on the DeepL-compatible routes.

    ServiceError
    ├── InvalidInput              the request asks for something that cannot be done (422)
    │   ├── FieldError            one field is missing, of the wrong type or out of range
    │   ├── UnsupportedLanguage   a language code the service does not handle
    │   ├── UndeterminedLanguage  ``auto`` could not tell the text's language
    │   └── PairNotInstalled      no installed package (direct or through English) translates
    │                             source -> target
    ├── TextTooLong               the text is over the configured limit (413)
    ├── InvalidApiKey             keys are required and the request has none, or an unknown one
    ├── NotReady                  /readyz: a required pair missing, a package broken (503)
    ├── LimitExceeded             a key is over one of its limits; ``retry_after`` seconds
    │   ├── RateLimited           ... its requests per minute
    │   └── QuotaExceeded         ... its characters per day
    └── Unavailable               the service cannot answer this now; ``retry_after`` seconds
        ├── Overloaded            ... this worker's queue for this kind of request is full
        └── BudgetExceeded        ... the request ran over its time budget and was stopped

A new kind of error is a class here and one line in ``service.api.problems`` (its status and
problem type), plus its type in ``openapi.yaml``. Errors that never reach a client are not
here: ``service.package_format.PackageError`` (a broken package, the operator's problem) and
the installer's ``service.installer.errors``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

_V = TypeVar("_V")


class ServiceError(Exception):
    """Base of every error the service reports to a client."""

    title = "Service error"
    #: seconds after which a retry may succeed (the Retry-After header); None: not a wait
    retry_after: int | None = None

    def __init__(
        self, detail: str, *, field: str | None = None, allowed: Sequence[Any] | None = None
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field
        self.allowed = list(allowed) if allowed is not None else None


class InvalidInput(ServiceError):
    title = "Invalid input"


class FieldError(InvalidInput):
    title = "Invalid field"


class UnsupportedLanguage(InvalidInput):
    title = "Unsupported language"


class UndeterminedLanguage(InvalidInput):
    title = "Language could not be determined"


class TextTooLong(ServiceError):
    title = "Text too long"


class PairNotInstalled(InvalidInput):
    """No installed package, direct or through the pivot language, translates source->target.
    ``allowed`` lists the targets that would work."""

    title = "Translation pair not installed"

    def __init__(self, source: str, targets: str | Sequence[str], installed: Sequence[str]) -> None:
        wanted = (targets,) if isinstance(targets, str) else tuple(targets)
        available = sorted(set(installed))
        listed = ", ".join(available) if available else "none"
        super().__init__(
            f"No translation from '{source}' to {' or '.join(repr(t) for t in wanted)} is "
            f"installed (targets installed for '{source}': {listed}).",
            field="targets",
            allowed=available,
        )
        self.source = source
        #: the targets asked for that no package serves
        self.targets = wanted


class InvalidApiKey(ServiceError):
    title = "Invalid API key"


class NotReady(ServiceError):
    """The server cannot serve what it was deployed for (``service.readiness``); /readyz only."""

    title = "Service not ready"


class LimitExceeded(ServiceError):
    title = "Limit exceeded"

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail)
        #: seconds until the limit's window resets (the Retry-After header)
        self.retry_after = retry_after


class RateLimited(LimitExceeded):
    title = "Too many requests"


class QuotaExceeded(LimitExceeded):
    title = "Character quota exceeded"


class Unavailable(ServiceError):
    title = "Service unavailable"

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = max(1, retry_after)


class Overloaded(Unavailable):
    title = "Overloaded"


class BudgetExceeded(Unavailable):
    """The work was stopped (between model calls) when the request's time budget ran out."""

    title = "Time budget exceeded"


def nearest(table: Mapping[type[ServiceError], _V], error: type[ServiceError]) -> _V:
    """``error``'s entry in ``table``, or its nearest listed ancestor's (walking its MRO): how
    every API dialect maps an error class to its status, so a subclass needs a line only where
    it is answered differently from its parent."""
    return next(table[cls] for cls in error.__mro__ if cls in table)
