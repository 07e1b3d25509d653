"""Every successful answer of the DeepL dialect, rendered from the same domain results as the
native API's (the shapes are ``openapi.yaml``'s ``DeepL*`` schemas). Errors: ``deepl_errors``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..keys import Usage
from ..language import ResolvedLanguage
from ..translation import TargetTranslation
from .deepl_languages import deepl_source_code, listing

#: ``character_limit`` of a key with no daily budget: what DeepL reports for an account with no
#: limit, so that a client's "limit reached" (count >= limit) stays false; 0 would read as spent
UNLIMITED = 1_000_000_000_000


def translate_json(
    source: ResolvedLanguage,
    translation: TargetTranslation,
    texts: Sequence[str],
    *,
    billed_characters: bool,
) -> dict[str, Any]:
    """One entry per text. ``detected_source_language`` is the source given or detected (one for
    the whole request, as the native API detects it); billed characters are the text's own."""
    detected = deepl_source_code(source.code)
    return {
        "translations": [
            {
                "detected_source_language": detected,
                "text": result.text,
                **({"billed_characters": len(text)} if billed_characters else {}),
            }
            for text, result in zip(texts, translation.texts, strict=True)
        ]
    }


def languages_json(codes: Iterable[str], *, target: bool) -> list[dict[str, Any]]:
    return [
        {
            "language": lang.code,
            "name": lang.name,
            **({"supports_formality": False} if target else {}),
        }
        for lang in listing(codes, target=target)
    ]


def usage_json(usage: Usage) -> dict[str, Any]:
    """Characters are counted per day, a 24-hour window (DeepL: per billing period)."""
    return {"character_count": usage.characters, "character_limit": usage.limit or UNLIMITED}
