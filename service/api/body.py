"""Reading request bodies: the JSON object of a request (415 / 400 when it is not one), and
``Fields``, which reads and checks one object's fields by name. Each check raises
``FieldError`` naming the field (with its path, ``summary.ratio``, inside a nested object) and,
where a set of values applies, the allowed values; ``problems`` turns that into a 422."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from flask import request
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from ..errors import FieldError, TextTooLong
from .framing import MalformedBody
from .json_body import MAX_DEPTH, TooDeep


def json_object() -> dict[str, Any]:
    """The request's JSON object. 415 when not JSON, 400 when malformed or not an object."""
    if not request.is_json:
        raise UnsupportedMediaType(
            f"Send the body as JSON with 'Content-Type: application/json' "
            f"(got {request.mimetype or 'no content type'!r})."
        )
    try:
        body = request.get_json()
    except MalformedBody:
        raise
    except BadRequest as exc:
        # Flask hides the decoder's error two exceptions down; say it when it is the nesting
        decoder_error = exc.__cause__.__context__ if exc.__cause__ else None
        nested = isinstance(decoder_error, TooDeep)
        detail = f" (it nests deeper than {MAX_DEPTH} levels)" if nested else ""
        raise BadRequest(f"The body is not valid JSON{detail}.") from exc
    if not isinstance(body, dict):
        raise BadRequest("The body must be a JSON object.")
    return body


class Fields:
    """The fields of one JSON object, checked as they are read.

    Unknown names and ``null`` values are errors as soon as the object is taken: a typo such as
    ``sentence`` must not be silently ignored, and no field of the spec is nullable (a null
    usually stands for a client-side bug, not for "use the default")."""

    def __init__(self, values: dict[str, Any], known: Collection[str], parent: str = "") -> None:
        self._values = values
        self._parent = parent
        for name, value in values.items():
            if name not in known:
                raise FieldError(
                    f"Unknown field '{self.path(name)}'.",
                    field=self.path(name),
                    allowed=sorted(known),
                )
            if value is None:
                raise FieldError(
                    f"'{self.path(name)}' is null; send a value or leave the field out.",
                    field=self.path(name),
                )

    def path(self, name: str) -> str:
        """``name`` as the client sees it, e.g. ``summary.ratio``."""
        return self._parent + name

    def has(self, name: str) -> bool:
        return name in self._values

    def raw(self, name: str, default: Any = None) -> Any:
        return self._values.get(name, default)

    def error(self, detail: str, name: str, allowed: Sequence[Any] | None = None) -> FieldError:
        """A ``FieldError`` for ``name``; ``{}`` in ``detail`` stands for its quoted path."""
        return FieldError(
            detail.replace("{}", f"'{self.path(name)}'"), field=self.path(name), allowed=allowed
        )

    def obj(self, name: str, known: Collection[str]) -> Fields:
        """A nested object (empty when absent)."""
        value = self._values.get(name, {})
        if not isinstance(value, dict):
            raise self.error("{} must be an object.", name)
        return Fields(value, known, parent=f"{self.path(name)}.")

    def text(self, name: str, max_chars: int) -> str:
        value = self._values.get(name)
        if value is None:
            raise self.error("{} is required.", name)
        return self.text_value(value, name, max_chars)

    def optional_text(self, name: str, max_chars: int) -> str | None:
        value = self._values.get(name)
        return None if value is None else self.text_value(value, name, max_chars)

    def text_value(self, value: Any, name: str, max_chars: int) -> str:
        """``value`` (given as field ``name``) as a text of at most ``max_chars``."""
        if not isinstance(value, str):
            raise self.error("{} must be a string.", name)
        if not value.strip():
            raise self.error("{} must contain text, not only white space.", name)
        if len(value) > max_chars:
            raise TextTooLong(
                f"'{self.path(name)}' has {len(value)} characters; the limit is {max_chars}.",
                field=self.path(name),
            )
        return value

    def choice(self, name: str, allowed: Sequence[str], default: str) -> str:
        value = self._values.get(name, default)
        if not isinstance(value, str) or value not in allowed:
            raise self.error("{} must be one of: " + ", ".join(allowed) + ".", name, allowed)
        return value

    def integer(self, name: str, low: int, high: int) -> int | None:
        value = self._values.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.error(f"{{}} must be an integer from {low} to {high}.", name)
        return value

    def fraction(self, name: str) -> float | None:
        """A number r with 0 < r <= 1."""
        value = self._values.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
            raise self.error("{} must be a number greater than 0 and at most 1.", name)
        return float(value)

    def flag(self, name: str, default: bool = False) -> bool:
        value = self._values.get(name, default)
        if not isinstance(value, bool):
            raise self.error("{} must be true or false.", name, [True, False])
        return value

    def codes(self, name: str, what: str = "a list of language codes") -> tuple[str, ...] | None:
        """A list of non-empty strings, duplicates dropped (None when absent)."""
        value = self._values.get(name)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.error(f"{{}} must be {what}.", name)
        return tuple(dict.fromkeys(value))
