"""Translation engine: Argos Translate packages run directly by CTranslate2.

Why not argostranslate's own translate path: it downloads sentence-splitting models at run time
(the service runs offline), translates one paragraph per CTranslate2 call, and expands pivot
hypotheses quadratically. Here the service's own splitter cuts the text, every sentence of a
request goes to the model in one call per hop, and a pivot passes one best hypothesis on.

Knows nothing of HTTP: errors are ``service.errors`` exceptions the API layer maps; a broken
package is a ``service.package_format.PackageError``, logged and skipped at load.
"""

from __future__ import annotations

from .engine import Engine, Pair, SentenceTranslation, TextTranslation
from .model import LoadedModel, Result
from .options import TranslateOptions

__all__ = [
    "Engine",
    "LoadedModel",
    "Pair",
    "Result",
    "SentenceTranslation",
    "TextTranslation",
    "TranslateOptions",
]
