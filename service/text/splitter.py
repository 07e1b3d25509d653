"""Sentence splitting: the one splitter every part of the service uses.

Built on ``sentencex`` (rule-based, abbreviation lists for ~300 languages shipped in the package,
nothing downloaded). On top of it:

* every line break ends a paragraph (CMS bodies arrive one paragraph per line or per blank-line
  block), and a sentence never crosses a paragraph;
* a break right after a lone initial ("В. Зеленський", "J. Smith") or before a lower-case
  letter is undone: sentencex splits there in Cyrillic text, and a sentence does not begin that way;
* each sentence keeps its character span in the input, so callers can point back into the text
  and translation can rebuild the original spacing.

``bench/eval_text.py`` compares this splitter with pysbd and blingfire on FLORES.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sentencex

_PARAGRAPH = re.compile(r"[^\n]+")
# A segment that ends in a single letter and a full stop is an initial or a one-letter
# abbreviation ("В.", "т. е."), not the end of a sentence.
_ENDS_WITH_INITIAL = re.compile(r"(?:^|[\s(«\"„“])\w\.\s*$")
_STARTS_LOWER = re.compile(r"^\s*[a-zа-яёіїєґ]")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text (stripped) and where it stands in the input."""

    text: str
    start: int
    end: int
    paragraph: int


def split_sentences(text: str, language: str) -> list[Sentence]:
    """Split ``text`` into sentences, in document order, with spans into ``text``."""
    sentences: list[Sentence] = []
    paragraph = 0
    for match in _PARAGRAPH.finditer(text):
        if not match.group().strip():
            continue
        for start, end in _split_paragraph(match.group(), language):
            sentences.append(
                Sentence(text[match.start() + start : match.start() + end],
                         match.start() + start, match.start() + end, paragraph)
            )
        paragraph += 1
    return sentences


def _split_paragraph(paragraph: str, language: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the stripped sentences of one paragraph."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for segment in sentencex.segment(language, paragraph):
        body = segment.strip()
        if not body:
            continue
        start = paragraph.find(body, cursor)
        if start < 0:  # sentencex normalised something; fall back to the raw segment
            start = paragraph.find(segment, cursor)
            body = segment
        if start < 0:
            continue
        end = start + len(body)
        if spans and _continues(paragraph[spans[-1][0] : spans[-1][1]], body):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
        cursor = end
    if not spans and paragraph.strip():
        stripped = paragraph.strip()
        start = paragraph.find(stripped)
        spans.append((start, start + len(stripped)))
    return spans


def _continues(previous: str, current: str) -> bool:
    return bool(_ENDS_WITH_INITIAL.search(previous) or _STARTS_LOWER.match(current))
