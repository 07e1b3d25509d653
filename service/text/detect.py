"""Language identification, restricted to the languages the service handles.

``py3langid`` ships its model inside the package. Restricting it to our languages makes the
Ukrainian/Russian call far more reliable than ranking all 97 of its languages. Two guards keep it
from guessing: text with no letters, or whose letters are mostly in a script none of our
languages use, is ``und``; so is text whose best guess is below ``min_confidence``, and text to
which the unrestricted 97-language model gives our languages under 1% in all (German must not
come back as English just because English is the nearest of ours).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from .languages import SUPPORTED_CODES, UNDETERMINED

_LETTER = re.compile(r"[^\W\d_]")
_OUR_SCRIPTS = ("LATIN", "CYRILLIC", "CJK")
#: ``und`` when the 97-language model gives our languages less than this (bench/eval_detect.py)
FOREIGN_MAX_SHARE = 0.01


@dataclass(frozen=True)
class Guess:
    language: str
    confidence: float


class LanguageDetector:
    def __init__(self, min_confidence: float = 0.5, sample_chars: int = 1000) -> None:
        self.min_confidence = min_confidence
        #: only the start of a text is read: an article's first paragraphs tell its language,
        #: and reading all of it cost more than summarizing it (bench/summary_bench.py)
        self.sample_chars = sample_chars
        self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        self._identifier.set_languages(list(SUPPORTED_CODES))
        self._open_identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

    def rank(self, text: str) -> list[Guess]:
        """Every supported language with its probability, most likely first."""
        ranked = self._identifier.rank(text[: self.sample_chars])
        return [Guess(code, round(float(p), 4)) for code, p in ranked]

    def detect(self, text: str) -> Guess:
        """The most likely language, or ``und`` with confidence 0 when the text cannot tell."""
        text = text[: self.sample_chars]
        if not _mostly_our_scripts(text):
            return Guess(UNDETERMINED, 0.0)
        best = self.rank(text)[0]
        if best.confidence < self.min_confidence or self._is_foreign(text):
            return Guess(UNDETERMINED, 0.0)
        return best

    def _is_foreign(self, text: str) -> bool:
        """True when the 97-language model gives all of our languages together almost no chance."""
        ours = sum(
            float(p) for code, p in self._open_identifier.rank(text) if code in SUPPORTED_CODES
        )
        return ours < FOREIGN_MAX_SHARE


def _mostly_our_scripts(text: str) -> bool:
    letters = _LETTER.findall(text[:2000])
    if not letters:
        return False
    ours = sum(1 for ch in letters if unicodedata.name(ch, "").startswith(_OUR_SCRIPTS))
    return ours * 2 > len(letters)
