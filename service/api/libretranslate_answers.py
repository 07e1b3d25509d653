"""LibreTranslate's successful answers, rendered from the service's domain results (the shapes
are ``openapi.yaml``'s ``Lt*`` schemas, read from LibreTranslate's own source). Errors are
rendered by ``libretranslate_errors``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..config import Settings
from ..documents import MEDIA_TYPES
from ..language import AUTO, ResolvedLanguage
from ..text.detect import Guess
from ..text.languages import LANGUAGES, UNDETERMINED
from ..translate import Engine
from ..translation import TargetTranslation

#: milliseconds LibreTranslate's web page waits after typing before it translates (its
#: default); no page is served here, the key is answered for the clients that read it
FRONTEND_TIMEOUT_MS = 500
#: the target a LibreTranslate front end starts on, when installed
PREFERRED_TARGET = "en"


def confidence_json(language: str, confidence: float) -> dict[str, Any]:
    """A language with its confidence as LibreTranslate gives it: a percentage."""
    return {"confidence": round(confidence * 100, 2), "language": language}


def translate_json(
    source: ResolvedLanguage, translation: TargetTranslation, *, single: bool, alternatives: int
) -> dict[str, Any]:
    """``translatedText`` (a string, or a list for a list ``q``), ``detectedLanguage`` when the
    source was ``auto`` (the same for every text of a list: it is detected once for all, as
    LibreTranslate does), and ``alternatives`` when asked for."""
    texts = [text.text for text in translation.texts]
    out: dict[str, Any] = {"translatedText": texts[0] if single else texts}
    if source.detected:
        detected = confidence_json(source.code, source.confidence)
        out["detectedLanguage"] = detected if single else [detected] * len(texts)
    if alternatives > 0:
        others = translation.alternatives or [[] for _ in texts]
        per_text = [
            [alternative for alternative in alts if alternative != text]
            for alts, text in zip(others, texts, strict=True)
        ]
        out["alternatives"] = per_text[0] if single else per_text
    return out


def detect_json(best: Guess, ranked: Sequence[Guess]) -> list[dict[str, Any]]:
    """Every candidate, most likely first; ``und`` alone (confidence 0) when the text cannot
    tell, where LibreTranslate would answer English with confidence 0."""
    if best.language == UNDETERMINED:
        return [confidence_json(UNDETERMINED, 0.0)]
    return [confidence_json(guess.language, guess.confidence) for guess in ranked]


def language_name(code: str) -> str:
    return LANGUAGES[code].name if code in LANGUAGES else code


def language_codes(engine: Engine) -> list[str]:
    """The languages of the installed pairs (direct or through the pivot), the service's text
    languages first."""
    codes = {code for pair in engine.pairs() for code in (pair.source, pair.target)}
    return [code for code in LANGUAGES if code in codes] + sorted(codes - set(LANGUAGES))


def languages_json(engine: Engine) -> list[dict[str, Any]]:
    return [
        {"code": code, "name": language_name(code), "targets": engine.targets(code)}
        for code in language_codes(engine)
    ]


def frontend_settings_json(
    settings: Settings, engine: Engine, *, key_required: bool
) -> dict[str, Any]:
    codes = language_codes(engine)
    target = PREFERRED_TARGET if PREFERRED_TARGET in codes or not codes else codes[0]
    return {
        "charLimit": settings.max_text_chars,
        "frontendTimeout": FRONTEND_TIMEOUT_MS,
        "apiKeys": key_required,
        "keyRequired": key_required,
        "suggestions": False,
        "filesTranslation": True,
        "supportedFilesFormat": list(MEDIA_TYPES),
        "language": {
            "source": {"code": AUTO, "name": "Auto Detect"},
            "target": {"code": target, "name": language_name(target)},
        },
    }
