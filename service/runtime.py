"""What a worker loads once at start-up and every request then uses."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from .config import Settings
from .text import words
from .text.detect import LanguageDetector
from .translate import Engine, TranslateOptions
from .translate.cache import build_cache

EXTENSION_KEY = "precis"


@dataclass
class Runtime:
    settings: Settings
    detector: LanguageDetector
    engine: Engine

    @classmethod
    def load(cls, settings: Settings) -> Runtime:
        """Everything a request may need, loaded now: a worker never loads on a request."""
        words.warm_up()
        options = TranslateOptions(
            compute_type=settings.translate_compute_type,
            inter_threads=settings.translate_inter_threads,
            intra_threads=settings.translate_intra_threads,
            beam_size=settings.translate_beam_size,
            max_batch_tokens=settings.translate_batch_tokens,
            cross_request_batching=settings.translate_cross_request_batching,
            queue_tokens=settings.translate_queue_tokens,
            batch_window=settings.translate_batch_window_ms / 1000,
        )
        return cls(settings=settings,
                   detector=LanguageDetector(min_confidence=settings.detect_min_confidence),
                   engine=Engine.from_models_dir(settings.models_dir, options,
                                                 cache=build_cache(settings)))

    def is_ready(self) -> bool:
        """Loaded data answers: a known sentence is detected as what it is."""
        return self.detector.detect("The service is ready to answer.").language == "en"


def runtime() -> Runtime:
    """The current app's runtime (inside a request)."""
    loaded: Runtime = current_app.extensions[EXTENSION_KEY]
    return loaded
