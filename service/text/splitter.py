"""Sentence splitting: the one splitter every part of the service uses.

Built on ``sentencex`` (rule-based, abbreviation lists for ~300 languages shipped in the package,
nothing downloaded). On top of it:

* every line break ends a paragraph (CMS bodies arrive one paragraph per line or per blank-line
  block), and a sentence never crosses a paragraph;
* a break right after a lone initial ("В. Зеленський", "J. Smith") or before a lower-case
  letter is undone: sentencex splits there in Cyrillic text, and a sentence does not begin that way;
* each sentence keeps its character span in the input, so callers can point back into the text
  and translation can rebuild the original spacing.

``bench/eval_split.py`` compares this splitter with pysbd and blingfire on FLORES.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sentencex

_PARAGRAPH = re.compile(r"[^\n]+")
# A segment ending in a single letter and a full stop is an initial or a one-letter
# abbreviation ("В.", "т. е.", "non-U."), not the end of a sentence. Digits do not count:
# "on August 3." does end one.
_ENDS_WITH_INITIAL = re.compile(r"(?:^|[\s(«\"„“-])[^\W\d_]\.$")
# A sentence does not begin with a lower-case letter or with closing punctuation.
_CONTINUES = re.compile(r"^[a-zа-яёіїєґ,;:)\]»”]")
# An opening quote left at the end of a segment (unbalanced quotes put sentencex out of step)
# belongs to the next sentence.
_DANGLING_QUOTE = re.compile(r"\s[\"“«„]$")
# sentencex does not split after a Chinese full stop followed by a digit ("看守。11 点刚过").
_ZH_BREAK_BEFORE_DIGIT = re.compile(r"(?<=[。！？])(?=\s*\d)")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text (stripped) and where it stands in the input."""

    text: str
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True)
class SplitText:
    """A text with its sentences, so a text split once is not split again further on."""

    text: str
    sentences: tuple[Sentence, ...]


def split_text(text: str, language: str) -> SplitText:
    return SplitText(text, tuple(split_sentences(text, language)))


def split_sentences(text: str, language: str) -> list[Sentence]:
    """Split ``text`` into sentences, in document order, with spans into ``text``."""
    sentences: list[Sentence] = []
    paragraph = 0
    for match in _PARAGRAPH.finditer(text):
        if not match.group().strip():
            continue
        for start, end in _split_paragraph(match.group(), language):
            sentences.append(
                Sentence(
                    text[match.start() + start : match.start() + end],
                    match.start() + start,
                    match.start() + end,
                    paragraph,
                )
            )
        paragraph += 1
    return sentences


def _split_paragraph(paragraph: str, language: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the stripped sentences of one paragraph."""
    spans = _segment_spans(paragraph, language)
    if language == "zh":
        spans = [piece for span in spans for piece in _split_before_digits(paragraph, span)]
    spans = _move_dangling_quotes(paragraph, spans)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and _continues(paragraph[merged[-1][0] : merged[-1][1]], paragraph[start:end]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    if not merged and paragraph.strip():
        stripped = paragraph.strip()
        start = paragraph.find(stripped)
        merged.append((start, start + len(stripped)))
    return merged


def _segment_spans(paragraph: str, language: str) -> list[tuple[int, int]]:
    """sentencex's segments, as stripped spans into ``paragraph``."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for segment in sentencex.segment(language, paragraph):
        body = segment.strip()
        start = paragraph.find(body, cursor) if body else -1
        if start < 0:  # empty, or not found verbatim: nothing to point at
            continue
        spans.append((start, start + len(body)))
        cursor = start + len(body)
    return spans


def _split_before_digits(paragraph: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    start, end = span
    cuts = [start + m.start() for m in _ZH_BREAK_BEFORE_DIGIT.finditer(paragraph[start:end])]
    pieces = []
    for cut in [*cuts, end]:
        piece = paragraph[start:cut]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            pieces.append((start + lead, start + len(piece.rstrip())))
        start = cut
    return pieces


def _move_dangling_quotes(paragraph: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    moved = list(spans)
    for i in range(len(moved) - 1):
        start, end = moved[i]
        if _DANGLING_QUOTE.search(paragraph[start:end]) and end - start > 2:
            moved[i] = (start, len(paragraph[: end - 1].rstrip()))
            moved[i + 1] = (end - 1, moved[i + 1][1])
    return moved


def _continues(previous: str, current: str) -> bool:
    return bool(_ENDS_WITH_INITIAL.search(previous) or _CONTINUES.match(current))
