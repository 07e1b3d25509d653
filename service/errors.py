"""The service's own exceptions. Domain code raises these; ``service.api.problems`` alone turns
them into HTTP responses (RFC 9457 problem details).

    ServiceError
    ├── InvalidInput              the request asks for something that cannot be done (422)
    │   ├── FieldError            one field is missing, of the wrong type or out of range
    │   ├── UnsupportedLanguage   a language code the service does not handle
    │   └── UndeterminedLanguage  ``auto`` could not tell the text's language
    └── TextTooLong               the text is over the configured limit (413)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class ServiceError(Exception):
    """Base of every error the service reports to a client."""

    title = "Service error"

    def __init__(self, detail: str, *, field: str | None = None,
                 allowed: Sequence[Any] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field
        self.allowed = list(allowed) if allowed is not None else None

    def under(self, parent: str) -> ServiceError:
        """The same error for a field nested in ``parent`` (``ratio`` -> ``summary.ratio``)."""
        if self.field is None:
            return self
        detail = self.detail
        # Quoted names in the detail are sibling fields ("Give either 'sentences' or 'ratio'").
        for name in {self.field, *(a for a in self.allowed or () if isinstance(a, str))}:
            detail = detail.replace(f"'{name}'", f"'{parent}.{name}'")
        return type(self)(detail, field=f"{parent}.{self.field}", allowed=self.allowed)


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
