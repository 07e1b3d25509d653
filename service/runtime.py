"""What a worker loads once at start-up and every request then uses."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from flask import current_app

from .config import Settings
from .keys import Gate, build_gate
from .package_dirs import package_dirs
from .readiness import Readiness, assess
from .text import words
from .text.detect import LanguageDetector
from .text.languages import SUPPORTED_CODES
from .translate import Engine
from .translate.cache import build_cache

EXTENSION_KEY = "precis"
logger = logging.getLogger(__name__)


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
        loaded = cls(
            settings=settings,
            detector=LanguageDetector(min_confidence=settings.detect_min_confidence),
            engine=Engine.from_models_dir(
                package_dirs(settings), settings.translate, cache=build_cache(settings)
            ),
            gate=build_gate(
                settings.api_keys, settings.api_keys_file, settings.limits, settings.cache_url
            ),
        )
        readiness = loaded.readiness()
        if not readiness.ready:  # said once at start, not only to whoever polls /readyz
            logger.warning("not ready (/readyz answers 503): %s", readiness.detail)
        return loaded

    def languages(self) -> list[str]:
        """Every language code the service knows of: its own, and those of installed pairs."""
        codes = set(SUPPORTED_CODES)
        for pair in self.engine.pairs():
            codes.update((pair.source, pair.target))
        return sorted(codes)

    def readiness(self) -> Readiness:
        """Loaded data answers (a known sentence is detected as what it is), every package
        found was loaded and the required pairs are served (``service.readiness``)."""
        language_data = self.detector.detect("The service is ready to answer.").language == "en"
        return assess(self.engine, self.settings.require_pairs, language_data=language_data)

    def is_ready(self) -> bool:
        return self.readiness().ready


def runtime() -> Runtime:
    """The current app's runtime (inside a request)."""
    loaded: Runtime = current_app.extensions[EXTENSION_KEY]
    return loaded
