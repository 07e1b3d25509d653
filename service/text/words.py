"""Word tokenization, stop words and stemming per language, offline.

``WordTokenizer`` is the tokenizer object sumy asks for: sumy calls ``to_words`` on each sentence
(and ``to_sentences`` only when it parses text itself, which the service never lets it do).
Chinese words come from jieba's segmenter, whose dictionary ships in its wheel; the other
languages split on word characters. Stop words are sumy's own lists, but for Russian, which
sumy lacks: that one comes from ``stopwordsiso`` (data in the package).
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Callable
from functools import cache
from typing import Any

import stopwordsiso
from sumy.nlp.stemmers import Stemmer
from sumy.utils import get_stop_words

from .languages import LANGUAGES

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_HAS_LETTER = re.compile(r"[^\W\d_]")


class WordTokenizer:
    """sumy-compatible tokenizer for one language."""

    def __init__(self, language: str) -> None:
        self.language = language

    def to_words(self, sentence: str) -> tuple[str, ...]:
        if self.language == "zh":
            candidates = (w.strip() for w in _jieba().cut(sentence))
        else:
            candidates = (m.group() for m in _WORD.finditer(sentence))
        return tuple(w for w in candidates if _HAS_LETTER.search(w))


@cache
def _jieba() -> Any:
    with warnings.catch_warnings():  # jieba imports the deprecated pkg_resources
        warnings.simplefilter("ignore", UserWarning)
        import jieba
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


@cache
def stop_words(language: str) -> frozenset[str]:
    if language == "ru":
        return frozenset(stopwordsiso.stopwords("ru"))
    return frozenset(get_stop_words(LANGUAGES[language].sumy_name))


@cache
def stemmer(language: str) -> Callable[[str], str]:
    stem: Callable[[str], str] = Stemmer(LANGUAGES[language].sumy_name)
    return stem


def warm_up() -> None:
    """Load every dictionary now (jieba's takes about a second) rather than on a request."""
    _jieba()
    for code in LANGUAGES:
        stop_words(code)
        stemmer(code)
