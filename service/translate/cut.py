"""Cutting an over-long sentence into clauses before it reaches a model, and joining the
translated clauses back into one sentence.

Quality falls on long units (``bench/translate_bench.py --part long``), so a sentence over
``TranslateOptions.max_unit_tokens`` source tokens is cut at a clause boundary: ``；;：:`` and
dashes first, then ``，,、``; among boundaries of the same kind the one nearest the middle, and
again in each piece until every piece is within the limit (a piece without a boundary goes as it
is, and the model's own caps still apply). The translated pieces are joined with the target's
conventions: a space between them for a target written with spaces, none for Chinese or
Japanese, and a piece that came back ending in a full stop where its source ended in a clause
mark gets the target's form of that mark instead (and a capitalised function word after it
goes lower-case).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..text.languages import sentence_joiner
from .model import Aligned, Link

#: clause boundaries, strongest first; a cut goes right after the mark
BOUNDARIES = (
    re.compile(r"[；;：:]|——|—|–|\s-\s"),
    re.compile(r"[，,、]"),
)
#: a source piece's final clause mark, and what stands for it in each kind of target
_MARKS = {
    "；": (";", "；"),
    ";": (";", "；"),
    "：": (":", "："),
    ":": (":", "："),
    "，": (",", "，"),
    ",": (",", "，"),
    "、": (",", "、"),
}
_FULL_STOP = re.compile(r"[.。]$")
_ABBREVIATION = re.compile(r"(?:\b\w\.|\.\.)$")
#: after a clause mark put for a full stop, a capitalised function word goes lower-case
#: ("..., The survival rate" -> "..., the survival rate"); names keep their capital
_LOWER_AFTER_MARK = re.compile(
    r"^(?:The|A|An|This|That|These|Those|It|Its|He|His|She|Her|They|Their|We|Our|There|"
    r"In|On|At|As|For|And|But|Or|So|If|When|While|Which|Who|According)\b"
)


def cut_sentence(sentence: str, count: Callable[[str], int], limit: int) -> list[str]:
    """``sentence`` in pieces of at most ``limit`` tokens (by ``count``), cut at clause
    boundaries; ``[sentence]`` when it is within the limit or has no boundary. The pieces are
    stripped, and joined by the space between them they give back the sentence."""
    if len(sentence) + 1 <= limit or count(sentence) <= limit:
        return [sentence]
    body = sentence.rstrip()
    middle = len(body) / 2
    for pattern in BOUNDARIES:
        points = [
            match.end()
            for match in pattern.finditer(body)
            if body[: match.start()].strip() and body[match.end() :].strip()
        ]
        if points:
            point = min(points, key=lambda p: abs(p - middle))
            left, right = body[:point].strip(), body[point:].strip()
            return cut_sentence(left, count, limit) + cut_sentence(right, count, limit)
    return [sentence]


def join_pieces(sources: Sequence[str], translations: Sequence[str], target: str) -> str:
    """The translations of a sentence's pieces as one sentence in ``target``."""
    return join_placed(sources, translations, target)[0]


def join_placed(
    sources: Sequence[str], translations: Sequence[str], target: str
) -> tuple[str, list[int | None]]:
    """``join_pieces``'s sentence, and for each translation the shift that moves a character
    offset in it to the same character in the sentence (None: it came back empty and was
    left out). A piece is stripped and may get another final mark or a lower-case first
    letter: the same length, so offsets hold."""
    wide = sentence_joiner(target) == ""
    separator = "" if wide else " "
    joined = ""
    shifts: list[int | None] = []
    lower = False
    for index, (source, translation) in enumerate(zip(sources, translations, strict=True)):
        text = translation.strip()
        if lower and _LOWER_AFTER_MARK.match(text):
            text = text[0].lower() + text[1:]
        lower = False
        mark = _MARKS.get(source.rstrip()[-1:]) if index < len(sources) - 1 else None
        if mark is not None and _FULL_STOP.search(text) and not _ABBREVIATION.search(text):
            text = text[:-1] + mark[1 if wide else 0]
            lower = not wide
        if not text:
            shifts.append(None)
            continue
        if joined:
            joined += separator
        lead = len(translation) - len(translation.lstrip())
        shifts.append(len(joined) - lead)
        joined += text
    return joined, shifts


def join_aligned(
    sentence: str, pieces: Sequence[str], translations: Sequence[Aligned], target: str
) -> Aligned:
    """The aligned translations of ``sentence``'s pieces (``cut_sentence``) as one aligned
    sentence: the text as ``join_pieces`` makes it, each piece's links moved to where its
    translation landed in it and to where the piece sits in ``sentence``."""
    text, shifts = join_placed(pieces, [t.text for t in translations], target)
    links: list[Link] = []
    reverse: list[Link] = []
    cursor = 0
    for piece, translation, shift in zip(pieces, translations, shifts, strict=True):
        found = sentence.find(piece, cursor)
        offset = cursor if found < 0 else found
        cursor = offset + len(piece)
        if shift is None:
            continue
        for own, joined in ((translation.links, links), (translation.reverse, reverse)):
            joined += [
                (
                    min(len(text), max(0, a + shift)),
                    min(len(text), max(0, b + shift)),
                    c + offset,
                    d + offset,
                )
                for a, b, c, d in own
            ]
    return Aligned(text, any(t.truncated for t in translations), tuple(links), tuple(reverse))
