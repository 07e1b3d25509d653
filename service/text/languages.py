"""The languages the service processes text in, and what each needs.

One table, so that splitting, word tokenization, stop words and detection agree on the codes
(ISO 639-1, as Argos Translate uses them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    #: name sumy and NLTK's Snowball stemmers know the language by
    sumy_name: str
    #: joins two sentences of one paragraph (Chinese writes no space after 。)
    sentence_joiner: str


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "English", "english", " "),
        Language("uk", "Ukrainian", "ukrainian", " "),
        Language("ru", "Russian", "russian", " "),
        Language("zh", "Chinese", "chinese", ""),
    )
}

SUPPORTED_CODES: tuple[str, ...] = tuple(LANGUAGES)
UNDETERMINED = "und"

#: joiner for a language outside the table (a translation target such as German)
DEFAULT_JOINER = " "

# A sentence that stops without closing punctuation is a headline or a list item: the next
# sentence goes on a new line, or a summary would read "New bridge opens The city said...".
_CLOSED = re.compile(r"[.!?…。！？；;:：][\"'”’»)\]」』）]*$")


def is_closed(sentence: str) -> bool:
    """Whether ``sentence`` ends with closing punctuation (a headline or list item does not)."""
    return _CLOSED.search(sentence) is not None


def sentence_joiner(language: str) -> str:
    """What joins two sentences of one paragraph in ``language`` (any code)."""
    known = LANGUAGES.get(language)
    return known.sentence_joiner if known is not None else DEFAULT_JOINER


def join_sentences(sentences: Iterable[str], language: str) -> str:
    """Sentences as one text (a summary): the language's joiner, a line break after a headline."""
    joiner = sentence_joiner(language)
    parts: list[str] = []
    for sentence in sentences:
        if parts:
            parts.append(joiner if is_closed(parts[-1]) else "\n")
        parts.append(sentence)
    return "".join(parts)
