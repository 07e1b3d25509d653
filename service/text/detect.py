"""Language identification, restricted to the languages the service handles.

``py3langid`` ships its model inside the package. Restricting it to our languages makes the
Ukrainian/Russian call far more reliable than ranking all 97 of its languages. Guards keep it
from guessing:

- text with no letters, or whose letters are mostly in a script none of our languages use, is
  ``und``;
- Cyrillic text in a language close to ours (Bulgarian, Belarusian, Macedonian, Serbian, Kazakh)
  is ``und``: by a letter neither Ukrainian nor Russian has (``ў``, ``ј``, ``қ``...), or, when it
  is long enough to tell, because py3langid restricted to the Cyrillic languages puts those
  first; so is a text that mixes Ukrainian and Russian letters in earnest;
- a best guess below ``min_confidence`` is ``und``, and so is text to which the unrestricted
  97-language model gives our languages under 1% in all (German must not come back as English
  just because English is the nearest of ours).

Ukrainian against Russian: the model's log-odds plus the cues of ``cyrillic.py`` (letters only
one of them has, frequent words, endings, a few phrases), which decide most texts too short for
letter n-grams. Stress marks (``Никола́й``) are dropped before anything reads the text. Numbers
and choices: ``bench/eval_detect.py``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from .cyrillic import (
    FOREIGN_LETTERS,
    RU_LETTERS,
    bulgarian_hard_signs,
    letter_counts,
    uk_ru_cues,
)
from .languages import SUPPORTED_CODES, UNDETERMINED

_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_OUR_SCRIPTS = ("LATIN", "CYRILLIC", "CJK")
#: ``und`` when the 97-language model gives our languages less than this (bench/eval_detect.py)
FOREIGN_MAX_SHARE = 0.01
#: Cyrillic languages close to ours that py3langid knows: named only to be told apart
CLOSE_LANGUAGES = ("bg", "be", "mk", "sr", "kk")
#: ``und`` when at least this share of a text's Cyrillic letters is in ``FOREIGN_LETTERS``
FOREIGN_LETTER_SHARE = 0.005
#: the close-language model is asked only from this many Cyrillic letters on: on fewer it
#: reads short Russian as Bulgarian or Serbian too often to be trusted
CLOSE_MIN_LETTERS = 25
#: ``und`` when one close language gets at least this share (py3langid on the Cyrillic
#: languages its letters allow): Bulgarian sentences get 0.79 and more, Russian ones that
#: Bulgarian comes first on at most 0.54 (bench/eval_detect.py)
CLOSE_MIN_SHARE = 0.7
#: ... or when the close languages together get this much (Macedonian and Serbian split it)
CLOSE_MIN_SUM = 0.8
#: a Ukrainian-and-Russian mix: sentences of both, the fewer at least this share of them;
#: a sentence counts when it has this many words and Cyrillic letters and its log-odds this
#: margin
MIX_MIN_SHARE = 0.25
MIX_MIN_WORDS = 3
MIX_MIN_LETTERS = 15
MIX_MARGIN = 2.0
#: log-odds each cue adds; they and ``UK_PRIOR`` were chosen on UD sentences' 20-character
#: prefixes, FLORES kept for the measurement (bench/eval_detect.py)
WORD_WEIGHT = 2.0
ENDING_WEIGHT = 1.0
LETTER_WEIGHT = 8.0
#: added to every Ukrainian-over-Russian log-odds: py3langid leans Russian on a few words
UK_PRIOR = 0.15


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
        self._model = _NaiveBayes()

    def rank(self, text: str) -> list[Guess]:
        """Every supported language with its probability, most likely first."""
        text = _without_stress_marks(text[: self.sample_chars])
        return self._rank(text, self._model.scores(text))

    def detect(self, text: str) -> Guess:
        """The most likely language, or ``und`` with confidence 0 when the text cannot tell."""
        text = _without_stress_marks(text[: self.sample_chars])
        if not _mostly_our_scripts(text):
            return Guess(UNDETERMINED, 0.0)
        scores = self._model.scores(text)
        if self._is_close_language(text, scores):
            return Guess(UNDETERMINED, 0.0)
        best = self._rank(text, scores)[0]
        if best.confidence < self.min_confidence or self._is_foreign(scores):
            return Guess(UNDETERMINED, 0.0)
        if best.language in ("uk", "ru") and self._is_mixed(text):
            return Guess(UNDETERMINED, 0.0)
        return best

    def _rank(self, text: str, scores: Scores) -> list[Guess]:
        probs = self._model.probabilities(scores, SUPPORTED_CODES)
        uk, ru = probs.get("uk", 0.0), probs.get("ru", 0.0)
        if uk + ru > 0:
            share = _sigmoid(_log_odds(uk, ru) + _uk_ru_cues(text))
            probs["uk"], probs["ru"] = (uk + ru) * share, (uk + ru) * (1 - share)
        ranked = sorted(probs.items(), key=lambda item: item[1], reverse=True)
        return [Guess(code, round(p, 4)) for code, p in ranked]

    def _is_mixed(self, text: str) -> bool:
        """True when some sentences are clearly Ukrainian and at least ``MIX_MIN_SHARE`` of
        those decided clearly Russian (or the other way round). A sentence's cues decide it
        alone where they are strong (most have a letter only one language has); the model is
        asked only about the others, so a text in one language costs little more."""
        votes = {"uk": 0, "ru": 0}
        for sentence in _SENTENCE_END.split(text):
            if (
                len(sentence.split()) < MIX_MIN_WORDS
                or sum(letter_counts(sentence).values()) < MIX_MIN_LETTERS
            ):
                continue
            log_odds = _uk_ru_cues(sentence)
            if abs(log_odds) < MIX_MARGIN:
                probs = self._model.probabilities(self._model.scores(sentence), SUPPORTED_CODES)
                if probs["uk"] + probs["ru"] < 0.5:
                    continue
                log_odds += _log_odds(probs["uk"], probs["ru"])
            if abs(log_odds) >= MIX_MARGIN:
                votes["uk" if log_odds > 0 else "ru"] += 1
        fewer = min(votes.values())
        return fewer >= 1 and fewer >= MIX_MIN_SHARE * sum(votes.values())

    def _is_foreign(self, scores: Scores) -> bool:
        """True when the 97-language model gives all of our languages together almost no chance."""
        probs = self._model.probabilities(scores, None)
        return sum(probs.get(code, 0.0) for code in SUPPORTED_CODES) < FOREIGN_MAX_SHARE

    def _is_close_language(self, text: str, scores: Scores) -> bool:
        """True for Cyrillic text in a language close to ours: by its letters, or, from
        ``CLOSE_MIN_LETTERS`` on, by the model among the languages its letters allow."""
        letters = letter_counts(text)
        total = sum(letters.values())
        if not total:
            return False
        foreign = sum(letters[ch] for ch in FOREIGN_LETTERS) + bulgarian_hard_signs(text)
        if foreign >= max(1, FOREIGN_LETTER_SHARE * total):
            return True
        if total < CLOSE_MIN_LETTERS:
            return False
        possible = _possible_languages(letters)
        probs = self._model.probabilities(scores, _CYRILLIC)
        everything = sum(p for code, p in probs.items() if code in possible)
        close = [p for code, p in probs.items() if code in possible and code in CLOSE_LANGUAGES]
        if not everything or not close:
            return False
        return (
            max(close) >= CLOSE_MIN_SHARE * everything or sum(close) >= CLOSE_MIN_SUM * everything
        )


Scores = np.ndarray
_CYRILLIC = ("uk", "ru", *CLOSE_LANGUAGES)


class _NaiveBayes:
    """py3langid's model, scored once per text for every language, then normalized over any
    subset: the same probabilities as ``LanguageIdentifier.set_languages(subset)`` and
    ``rank``, at a third of the cost of three restricted identifiers (uses the scoring steps of
    py3langid 0.4.0, pinned)."""

    def __init__(self) -> None:
        self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        self._labels: list[str] = list(self._identifier.nb_classes)
        self._columns: dict[tuple[str, ...] | None, np.ndarray] = {}
        for languages in (SUPPORTED_CODES, _CYRILLIC, None):
            self._column_indices(languages)  # filled now: requests only read it

    def scores(self, text: str) -> Scores:
        """Naive-Bayes scores of every column, scaled as py3langid does before its softmax."""
        encoded = self._identifier._encode(text)
        raw = np.asarray(self._identifier._raw_score(encoded), dtype=np.float64)
        return raw / math.sqrt(len(encoded) or 1)

    def probabilities(self, scores: Scores, languages: tuple[str, ...] | None) -> dict[str, float]:
        """Each of ``languages`` (all when None) with its probability among them."""
        columns = self._column_indices(languages)
        chosen = scores[columns]
        weights = np.exp(chosen - chosen.max())
        weights /= weights.sum()
        probs: dict[str, float] = {}
        for i, p in zip(columns.tolist(), weights.tolist(), strict=True):
            probs[self._labels[i]] = probs.get(self._labels[i], 0.0) + p
        return probs

    def _column_indices(self, languages: tuple[str, ...] | None) -> np.ndarray:
        columns = self._columns.get(languages)
        if columns is None:
            wanted = set(self._labels if languages is None else languages)
            columns = np.array([i for i, c in enumerate(self._labels) if c in wanted])
            self._columns[languages] = columns
        return columns


def _uk_ru_cues(text: str) -> float:
    """Log-odds for Ukrainian over Russian from letters, words and endings, and the prior."""
    return UK_PRIOR + uk_ru_cues(text, WORD_WEIGHT, ENDING_WEIGHT, LETTER_WEIGHT)


def _possible_languages(letters: dict[str, int]) -> set[str]:
    """The Cyrillic languages (ours and the close ones) whose alphabet has the text's letters."""
    possible = {"uk", "ru", *CLOSE_LANGUAGES}
    if any(letters.get(ch) for ch in RU_LETTERS):  # ы э ё
        possible -= {"uk", "bg", "mk", "sr"}
    if any(letters.get(ch) for ch in "їєґ"):
        possible -= {"ru", "bg", "mk", "sr", "be", "kk"}
    elif letters.get("і"):
        possible -= {"ru", "bg", "mk", "sr"}
    if letters.get("и") or letters.get("щ"):
        possible -= {"be"}
    if letters.get("ъ"):
        possible -= {"uk", "be", "mk", "sr"}
    return possible or {"uk", "ru", *CLOSE_LANGUAGES}


def _without_stress_marks(text: str) -> str:
    """``text`` without the acute and grave accents dictionaries and encyclopedias put on
    stressed vowels (``Никола́й``): they split a word in two for the cues and the model."""
    return text.replace("\u0301", "").replace("\u0300", "")


def _log_odds(p: float, q: float) -> float:
    tiny = 1e-9
    return math.log(max(p, tiny)) - math.log(max(q, tiny))


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    z = math.exp(x)
    return z / (1 + z)


def _mostly_our_scripts(text: str) -> bool:
    letters = _LETTER.findall(text[:2000])
    if not letters:
        return False
    ours = sum(1 for ch in letters if unicodedata.name(ch, "").startswith(_OUR_SCRIPTS))
    return ours * 2 > len(letters)
