"""What a worker loads once at start-up and every request then uses."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app

from .config import Settings
from .keys import Gate, build_gate
from .text import words
from .text.detect import LanguageDetector
from .text.languages import SUPPORTED_CODES
from .translate import Engine
from .translate.cache import build_cache

EXTENSION_KEY = "precis"


@dataclass
class Runtime:
    settings: Settings
    detector: LanguageDetector
    engine: Engine
    #: API keys and their limits (admits everything when no key is configured)
    gate: Gate = field(default_factory=Gate)

    @classmethod
    def load(cls, settings: Settings) -> Runtime:
        """Everything a request may need, loaded now: a worker never loads on a request."""
        words.warm_up()
        return cls(
            settings=settings,
            detector=LanguageDetector(min_confidence=settings.detect_min_confidence),
            engine=Engine.from_models_dir(
                settings.models_dir, settings.translate, cache=build_cache(settings)
            ),
            gate=build_gate(
                settings.api_keys, settings.api_keys_file, settings.limits, settings.cache_url
            ),
        )

    def languages(self) -> list[str]:
        """Every language code the service knows of: its own, and those of installed pairs."""
        codes = set(SUPPORTED_CODES)
        for pair in self.engine.pairs():
            codes.update((pair.source, pair.target))
        return sorted(codes)

    def is_ready(self) -> bool:
        """Loaded data answers: a known sentence is detected as what it is."""
        return self.detector.detect("The service is ready to answer.").language == "en"


def runtime() -> Runtime:
    """The current app's runtime (inside a request)."""
    loaded: Runtime = current_app.extensions[EXTENSION_KEY]
    return loaded
