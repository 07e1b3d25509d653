"""What a worker loads once at start-up and every request then uses."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from .config import Settings
from .text import words
from .text.detect import LanguageDetector

EXTENSION_KEY = "precis"


@dataclass
class Runtime:
    settings: Settings
    detector: LanguageDetector

    @classmethod
    def load(cls, settings: Settings) -> Runtime:
        words.warm_up()
        return cls(settings=settings,
                   detector=LanguageDetector(min_confidence=settings.detect_min_confidence))

    def is_ready(self) -> bool:
        """Loaded data answers: a known sentence is detected as what it is."""
        return self.detector.detect("The service is ready to answer.").language == "en"


def runtime() -> Runtime:
    """The current app's runtime (inside a request)."""
    loaded: Runtime = current_app.extensions[EXTENSION_KEY]
    return loaded
