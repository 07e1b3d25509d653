"""The languages the service processes text in, and what each needs.

One table, so that splitting, word tokenization, stop words and detection agree on the codes
(ISO 639-1, as Argos Translate uses them).
"""

from __future__ import annotations

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
