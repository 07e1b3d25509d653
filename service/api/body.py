"""Reading and checking request bodies. Each check raises ``FieldError`` naming the field and,
where a set of values applies, the allowed values; ``problems`` turns that into a 422."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from flask import request
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from ..errors import FieldError, TextTooLong


def json_object(known_fields: Collection[str]) -> dict[str, Any]:
    """The request's JSON object. 415 when not JSON, 400 when malformed, 422 on unknown fields
    (a typo such as ``sentence`` must not be silently ignored)."""
    if not request.is_json:
        raise UnsupportedMediaType(
            f"Send the body as JSON with 'Content-Type: application/json' "
            f"(got {request.mimetype or 'no content type'!r})."
        )
    try:
        body = request.get_json()
    except BadRequest as exc:
        raise BadRequest("The body is not valid JSON.") from exc
    if not isinstance(body, dict):
        raise BadRequest("The body must be a JSON object.")
    check_fields(body, known_fields)
    return body


def check_fields(body: dict[str, Any], known_fields: Collection[str], parent: str = "") -> None:
    """Unknown names and ``null`` values are errors. A null is not taken as "use the default":
    no field of the spec is nullable, and a null usually stands for a client-side bug."""
    for name, value in body.items():
        path = f"{parent}{name}"
        if name not in known_fields:
            raise FieldError(f"Unknown field '{path}'.", field=path,
                             allowed=sorted(known_fields))
        if value is None:
            raise FieldError(f"'{path}' is null; send a value or leave the field out.",
                             field=path)


def text_field(body: dict[str, Any], name: str, max_chars: int, *,
               required: bool = True) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if value is None:
        raise FieldError(f"'{name}' is required.", field=name)
    if not isinstance(value, str):
        raise FieldError(f"'{name}' must be a string.", field=name)
    if not value.strip():
        raise FieldError(f"'{name}' must contain text, not only white space.", field=name)
    if len(value) > max_chars:
        raise TextTooLong(f"'{name}' has {len(value)} characters; the limit is {max_chars}.",
                          field=name)
    return value


def choice(body: dict[str, Any], name: str, allowed: Sequence[str], default: str) -> str:
    value = body.get(name, default)
    if not isinstance(value, str) or value not in allowed:
        raise FieldError(f"'{name}' must be one of: {', '.join(allowed)}.", field=name,
                         allowed=allowed)
    return value


def integer(body: dict[str, Any], name: str, low: int, high: int) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise FieldError(f"'{name}' must be an integer from {low} to {high}.", field=name)
    return value


def fraction(body: dict[str, Any], name: str) -> float | None:
    """A number r with 0 < r <= 1."""
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise FieldError(f"'{name}' must be a number greater than 0 and at most 1.", field=name)
    return float(value)


def flag(body: dict[str, Any], name: str, default: bool = False) -> bool:
    value = body.get(name, default)
    if not isinstance(value, bool):
        raise FieldError(f"'{name}' must be true or false.", field=name, allowed=[True, False])
    return value
