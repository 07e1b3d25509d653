"""The app's JSON provider: answers keep non-ASCII text as it is, and request bodies are decoded
within bounds.

Two kinds of body must not reach the code as they are. A body nested thousands of levels deep
makes the decoder recurse until Python's limit (a RecursionError, so a 500): it is refused as
malformed (400) above ``MAX_DEPTH`` levels, which no request of any dialect needs. A string
holding a lone surrogate (``"\\udfff"``, or the raw bytes of one, which ``json`` decodes with
``surrogatepass``) cannot be encoded again as UTF-8 and broke the splitter and the error
handler: it is refused once, here, with a 422 naming the field it is in.
"""

from __future__ import annotations

import json
from typing import Any

from flask.json.provider import DefaultJSONProvider

from ..errors import FieldError

#: deeper than any request of the native API, LibreTranslate's or DeepL's
MAX_DEPTH = 32


class TooDeep(ValueError):
    """The body nests deeper than ``MAX_DEPTH`` (a ValueError, so Flask answers 400)."""

    def __init__(self) -> None:
        super().__init__(f"the body nests deeper than {MAX_DEPTH} levels")


class BoundedJSONProvider(DefaultJSONProvider):
    #: answers carry Cyrillic and Chinese as they are, not as \u escapes
    ensure_ascii = False

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            value = json.loads(s, **kwargs)
        except RecursionError:
            raise TooDeep() from None
        check(value)
        return value


def check(value: Any) -> None:
    """TooDeep when ``value`` nests deeper than ``MAX_DEPTH``; FieldError naming the field when
    a string (a value or a name) holds a lone surrogate. Iterative: no recursion to exhaust."""
    stack: list[tuple[Any, str, int]] = [(value, "", 0)]
    while stack:
        item, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise TooDeep()
        if isinstance(item, str):
            if not _encodable(item):
                _refuse(path)
        elif isinstance(item, dict):
            for key, member in item.items():
                name = f"{path}.{key}" if path else key
                if not _encodable(key):
                    _refuse(path or "(a field name)")
                stack.append((member, name, depth + 1))
        elif isinstance(item, list):
            stack.extend((member, f"{path}[{i}]", depth + 1) for i, member in enumerate(item))


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _refuse(path: str) -> None:
    field = path or "(the body)"
    raise FieldError(
        f"'{field}' holds a lone surrogate (a UTF-16 half, not a character); send valid Unicode.",
        field=field,
    )
