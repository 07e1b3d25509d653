"""Deciding the language a request is processed in: the one given, or the one detected."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import UndeterminedLanguage, UnsupportedLanguage
from .text.detect import LanguageDetector
from .text.languages import SUPPORTED_CODES, UNDETERMINED

AUTO = "auto"


@dataclass(frozen=True)
class ResolvedLanguage:
    code: str
    confidence: float
    detected: bool


def resolve_language(
    text: str, requested: str, detector: LanguageDetector, *, field: str = "language"
) -> ResolvedLanguage:
    """``requested`` is a language code or ``auto``; raise when neither gives one we handle."""
    if requested != AUTO:
        if requested not in SUPPORTED_CODES:
            raise UnsupportedLanguage(
                f"Language '{requested}' is not supported.",
                field=field,
                allowed=[AUTO, *SUPPORTED_CODES],
            )
        return ResolvedLanguage(requested, 1.0, detected=False)
    guess = detector.detect(text)
    if guess.language == UNDETERMINED:
        raise UndeterminedLanguage(
            "Could not tell the text's language, or it is not one the service handles; "
            f"set '{field}' to one of the allowed values.",
            field=field,
            allowed=list(SUPPORTED_CODES),
        )
    return ResolvedLanguage(guess.language, guess.confidence, detected=True)


def resolve_source(
    text: str, requested: str, detector: LanguageDetector, *, field: str = "source"
) -> ResolvedLanguage:
    """A translation's ``source``: any code as given (the installed packages decide whether it
    can be translated), or ``auto`` detected among the service's languages. ``field``: what the
    request calls it (DeepL: ``source_lang``), named when detection fails."""
    if requested != AUTO:
        return ResolvedLanguage(requested, 1.0, detected=False)
    return resolve_language(text, AUTO, detector, field=field)
