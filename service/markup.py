"""HTML in, HTML out: an article body given as HTML, summarized and translated.

The markup is parsed by lxml (libxml2's HTML parser, which repairs what browsers repair:
unclosed tags, a stray ``<``) into *segments*: the runs of text of one block element (``p``,
``h1``, ``li``, ``td``...) between its nested blocks, each with the inline elements inside it
(``b``, ``a``, ``em``, ``span``...) as character spans of the segment's text. A segment is
split into sentences and translated as plain text, so a ``<b>`` inside a sentence does not cut
it in two (nor does a ``<br>``, ``<img>`` or ``<wbr>``: a void element stays where it was
among the words, see below); then the inline elements are put back on the words that translate
their content, found through the model's attention (``Engine.translate_aligned``: each
target token linked to the source token it attends to most, as Bergamot places tags). An
element that covers a whole sentence covers its whole translation; one whose words have no
alignment is placed by its relative position. Nesting is kept (a child is kept inside its
parent, siblings do not overlap), so every element comes out once, with its attributes, in the
same nesting.

Left as they are: ``script``, ``style``, ``code``, ``pre`` (and ``kbd``, ``samp``,
``textarea``, ``svg``, ``math``...), comments, and any element with ``translate="no"`` or the
class ``notranslate``. An inline one (``code``, ``kbd``, ``samp``, ``var``, or an inline
element marked so) stays inside its sentence: its text goes to the model with the sentence,
and it comes back unchanged over its own text in the translation (names and code are mostly
copied), else over the words aligned to it; any other (``script``, ``pre``, a comment) ends the
segment there. ``alt`` and ``title`` attributes are translated as texts of their own.
Entities come out as the serializer writes them: ``&amp;``, ``&lt;``, ``&gt;`` and ``&nbsp;``
as entities, others as the characters they stand for.

A void inline element (``br``, ``img``, ``wbr``) is a point in its segment's text: a ``<br>``
reads as a space there (a line break inside a sentence is white space, as in the browser's
text), an image as nothing. In the translation it goes right after the words aligned to the
source word before it (at the start or end of a sentence's translation when it stood there).
Two or more ``<br>`` in a row, with only white space between them, are a paragraph break as
editors write one: they end the segment, like a block, so the text either side is translated
(and summarized) as separate paragraphs.

Summaries read the same segments: each is one line (a paragraph) of the extracted text, and
the segments of ``h1``-``h6`` are headings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import lxml.etree
import lxml.html

from .errors import FieldError
from .text.languages import sentence_joiner
from .text.splitter import Sentence, SplitText, split_text
from .translate import Engine, SentenceTranslation, TextTranslation
from .translate.model import Aligned

FORMATS = ("text", "html")
#: how inline elements are placed on a translation: the model's attention, or the position
ATTENTION = "attention"
POSITION = "position"
TEXT = "text"
HTML = "html"

#: inline elements: they sit inside a sentence and are put back on its translation
INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "big",
        "cite",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "ins",
        "label",
        "mark",
        "q",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
    ]
)
#: void inline elements: a point among a sentence's words, kept there in its translation
VOID = frozenset(["br", "img", "wbr"])
#: the text a void element stands for in its segment (white space for a line break)
_VOID_TEXT = {"br": " "}
#: elements whose content is never translated
UNTRANSLATED = frozenset(
    [
        "script",
        "style",
        "code",
        "pre",
        "kbd",
        "samp",
        "var",
        "textarea",
        "svg",
        "math",
        "noscript",
        "template",
        "iframe",
        "object",
    ]
)
#: untranslated elements that sit inside a sentence: their text is part of the extracted text
INLINE_UNTRANSLATED = INLINE | frozenset(["code", "kbd", "samp", "var"])
HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
#: attributes translated as texts of their own
ATTRIBUTES = ("alt", "title")
_UNREADABLE = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF])
_BREAKS = str.maketrans("\n\r\t\f\v\u2028\u2029", "       ")


@dataclass(eq=False)
class Span:
    """One inline element of a segment: its characters ``start``-``end`` in the segment's
    text, and the index of the span it is nested in (-1: none)."""

    element: Any
    start: int
    end: int
    parent: int
    #: an untranslated inline element (``code``, a ``translate="no"`` span): its text is
    #: part of the sentence, and it comes back as it was, in place of the words aligned to it
    kept: bool = False
    #: a void element (``br``, ``img``): no text of its own, placed at the point ``start``
    #: after the words it followed (a ``br``'s ``end`` is past the space it stands for)
    void: bool = False

    @property
    def fixed(self) -> bool:
        """Put back as it is (its own content, not the translation's words)."""
        return self.kept or self.void


@dataclass(eq=False)
class Segment:
    """A run of text in one block: it starts at ``parent.text`` (``anchor`` None) or at
    ``anchor.tail``, and holds the inline elements ``spans`` (``top``: those that are
    children of ``parent``)."""

    parent: Any
    anchor: Any
    text: str = ""
    spans: list[Span] = field(default_factory=list)
    top: list[Any] = field(default_factory=list)
    heading: bool = False
    #: the text of the untranslated inline element (``code``, a ``translate="no"`` span)
    #: this segment follows in the same block, or None: the segment continues that line
    after_island: str | None = None

    @property
    def plain(self) -> str:
        """The text with every line break and tab a space (the same length, so spans hold;
        HTML's line breaks are not paragraph breaks)."""
        return self.text.translate(_BREAKS)


@dataclass
class Document:
    root: Any
    #: a whole document (``<html>`` or a doctype) rather than a fragment
    whole: bool
    segments: list[Segment]
    #: (element, attribute) of the ``alt``/``title`` attributes to translate
    attributes: list[tuple[Any, str]]

    def serialize(self) -> str:
        if self.whole:
            tree = self.root.getroottree()
            out = lxml.html.tostring(
                self.root, encoding="unicode", doctype=tree.docinfo.doctype or None
            )
        else:
            out = lxml.html.tostring(self.root, encoding="unicode")
            out = out[len("<div>") : -len("</div>")]
        return str(out).replace("\xa0", "&nbsp;")


@dataclass(frozen=True)
class Extracted:
    """The text of an HTML body: one line per segment; ``headings`` are the line (paragraph)
    numbers of ``h1``-``h6``."""

    text: str
    headings: frozenset[int]


def parse(markup: str) -> Document:
    """The segments and translatable attributes of ``markup``; a ``FieldError`` naming
    ``text`` when there is no text in it to work on."""
    try:
        root, whole = _read(markup)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise FieldError(f"'text' cannot be read as HTML: {exc}.", field="text") from exc
    document = Document(root, whole, [], [])
    _walk(root, document, heading=False)
    if not document.segments:
        raise FieldError(
            "'text' holds no text outside its markup (or only text left untranslated, or "
            "nested deeper than the 255 levels the HTML parser reads).",
            field="text",
        )
    return document


def extract(markup: str) -> Extracted:
    """The text of ``markup`` for a summary: each block's text one line (the text of an
    untranslated inline element in it included), headings marked."""
    lines: list[str] = []
    headings: set[int] = set()
    previous: Segment | None = None
    for segment in parse(markup).segments:
        joins = (
            segment.after_island is not None
            and previous is not None
            and previous.parent is segment.parent
        )
        if joins and segment.after_island is not None:
            lines[-1] = f"{lines[-1]}{segment.after_island}{segment.plain}"
        else:
            lines.append(segment.plain)
        if segment.heading:
            headings.add(len(lines) - 1)
        previous = segment
    return Extracted("\n".join(" ".join(line.split()) for line in lines), frozenset(headings))


def plain_text(text: str, text_format: str) -> Extracted:
    """The text a summary or language detection reads: ``text`` itself, or the text of HTML."""
    return extract(text) if text_format == HTML else Extracted(text, frozenset())


def translate_html(
    engine: Engine,
    markups: Sequence[str],
    source: str,
    target: str,
    *,
    placement: str = ATTENTION,
) -> list[TextTranslation]:
    """Each HTML text into ``target``: all their segments and attributes in one engine call.
    A translation's ``sentences`` are those of its segments (spans into each segment's
    text), then of its attributes. ``placement`` ``position`` places inline elements by
    their relative position in the sentence, without the attention (a benchmark's baseline:
    the plain, cached translation path)."""
    documents = [parse(markup) for markup in markups]
    if source == target:
        return [TextTranslation(markup, ()) for markup in markups]
    splits: list[list[SplitText]] = []
    for document in documents:
        texts = [split_text(segment.plain, source) for segment in document.segments]
        texts += [
            split_text(str(element.get(name)), source) for element, name in document.attributes
        ]
        splits.append(texts)
    flat = [split for texts in splits for split in texts]
    if placement == ATTENTION:
        outputs_of = engine.translate_aligned(flat, source, target)
    else:
        outputs_of = [
            [Aligned(s.text, s.truncated, ()) for s in result.sentences]
            for result in engine.translate_split(flat, source, target)
        ]
    aligned = iter(outputs_of)
    joiner = sentence_joiner(target)
    results = []
    for document, texts in zip(documents, splits, strict=True):
        sentences: list[SentenceTranslation] = []
        for index, split in enumerate(texts):
            outputs = next(aligned)
            sentences += [
                SentenceTranslation(s, o.text, o.truncated)
                for s, o in zip(split.sentences, outputs, strict=True)
            ]
            if index < len(document.segments):
                segment = document.segments[index]
                _put_back(segment, split.sentences, outputs, joiner)
            else:
                element, name = document.attributes[index - len(document.segments)]
                text, _ = _joined(str(element.get(name)), split.sentences, outputs, joiner)
                element.set(name, text)
        results.append(TextTranslation(document.serialize(), tuple(sentences)))
    return results


def element_structure(markup: str) -> list[tuple[str, int]]:
    """Every element's tag and depth, in document order (a benchmark's and tests' check that
    a translation kept the markup)."""
    root, _ = _read(markup)
    out: list[tuple[str, int]] = []

    def visit(element: Any, depth: int) -> None:
        for child in element:
            out.append((str(child.tag), depth))
            visit(child, depth + 1)

    visit(root, 0)
    return out


def _read(markup: str) -> tuple[Any, bool]:
    """The parsed tree (a fragment in a ``div`` made for it, or a whole document) and whether
    it is a whole document. Characters XML cannot hold (NUL, other C0 controls, lone
    surrogates) are dropped first: libxml2 refuses them, browsers drop or replace them."""
    markup = markup.translate(_UNREADABLE).encode("utf-8", "ignore").decode("utf-8")
    if markup.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
        return lxml.html.document_fromstring(markup), True
    return lxml.html.fragment_fromstring(markup, create_parent="div"), False


def _untranslated(element: Any) -> bool:
    if not isinstance(element.tag, str):  # a comment or processing instruction
        return True
    classes = str(element.get("class") or "").split()
    return (
        element.tag.lower() in UNTRANSLATED
        or str(element.get("translate") or "").strip().lower() == "no"
        or "notranslate" in classes
    )


def _inline(element: Any) -> bool:
    """An inline element that can go inside a sentence: inline itself and all through, with
    some text (an empty one ends the segment instead)."""
    if _untranslated(element) or element.tag.lower() not in INLINE:
        return False
    if not element.text_content().strip():
        return False
    return all(_inline(child) or _kept(child) or _void(child) for child in element)


def _void(element: Any) -> bool:
    """A void inline element that stays inside its sentence: ``br`` (unless one of two or
    more in a row: a paragraph break), ``img``, ``wbr``."""
    if _untranslated(element) or element.tag.lower() not in VOID:
        return False
    return not _paragraph_break(element)


def _paragraph_break(element: Any) -> bool:
    """A ``<br>`` next to another with only white space between them."""
    if element.tag.lower() != "br":
        return False
    before, after = element.getprevious(), element.getnext()
    return bool(
        (after is not None and _is_br(after) and not (element.tail or "").strip())
        or (before is not None and _is_br(before) and not (before.tail or "").strip())
    )


def _is_br(element: Any) -> bool:
    return isinstance(element.tag, str) and element.tag.lower() == "br"


def _kept(element: Any) -> bool:
    """An untranslated inline element that can stay inside a sentence: ``code``, ``kbd``...
    or an inline element with ``translate="no"``, holding text and inline elements only."""
    return (
        _untranslated(element)
        and isinstance(element.tag, str)
        and element.tag.lower() in INLINE_UNTRANSLATED
        and bool(element.text_content().strip())
        and all(
            isinstance(e.tag, str) and e.tag.lower() in INLINE_UNTRANSLATED
            for e in element.iterdescendants()
        )
    )


def _walk(block: Any, document: Document, *, heading: bool) -> None:
    """Collect the segments of ``block`` and of the blocks inside it."""
    if _untranslated(block):
        return
    heading = heading or block.tag.lower() in HEADINGS
    _attributes(block, document)
    segment = Segment(block, None, heading=heading)
    segment.text = block.text or ""
    for child in list(block):
        if _inline(child) or _kept(child) or _void(child):
            segment.top.append(child)
            _add_inline(segment, child, -1, document)
            segment.text += child.tail or ""
            continue
        _finish(segment, document)
        _walk(child, document, heading=heading)
        segment = Segment(block, child, heading=heading)
        segment.text = child.tail or ""
        if (
            _untranslated(child)
            and isinstance(child.tag, str)
            and child.tag.lower() in INLINE_UNTRANSLATED
        ):
            segment.after_island = str(child.text_content())
    _finish(segment, document)


def _attributes(element: Any, document: Document) -> None:
    for name in ATTRIBUTES:
        value = element.get(name)
        if value is not None and value.strip():
            document.attributes.append((element, name))


def _add_inline(segment: Segment, element: Any, parent: int, document: Document) -> None:
    if _void(element):
        _attributes(element, document)
        point = len(segment.text)
        segment.text += _VOID_TEXT.get(element.tag.lower(), "")
        segment.spans.append(Span(element, point, len(segment.text), parent, void=True))
        return
    if _kept(element):
        start = len(segment.text)
        segment.text += str(element.text_content())
        segment.spans.append(Span(element, start, len(segment.text), parent, kept=True))
        return
    _attributes(element, document)
    span = Span(element, len(segment.text), 0, parent)
    index = len(segment.spans)
    segment.spans.append(span)
    segment.text += element.text or ""
    for child in element:
        _add_inline(segment, child, index, document)
        segment.text += child.tail or ""
    span.end = len(segment.text)


def _finish(segment: Segment, document: Document) -> None:
    """Keep the segment if it has text to translate (outside its untranslated elements)."""
    free = list(segment.text)
    for span in segment.spans:
        if span.kept:
            free[span.start : span.end] = " " * (span.end - span.start)
    if "".join(free).strip():
        document.segments.append(segment)


def _joined(
    text: str, sentences: Sequence[Sentence], outputs: Sequence[Aligned], joiner: str
) -> tuple[str, list[int]]:
    """``text`` with each sentence replaced by its translation (as ``translate.rebuild``
    does), and where each translation starts in the result."""
    if not sentences:
        return text, []
    parts = [text[: sentences[0].start]]
    starts = []
    for index, (sentence, output) in enumerate(zip(sentences, outputs, strict=True)):
        if index:
            gap = text[sentences[index - 1].end : sentence.start]
            parts.append(gap if "\n" in gap or gap.strip() else joiner)
        starts.append(sum(map(len, parts)))
        parts.append(output.text)
    parts.append(text[sentences[-1].end :])
    return "".join(parts), starts


def _put_back(
    segment: Segment, sentences: Sequence[Sentence], outputs: Sequence[Aligned], joiner: str
) -> None:
    """Replace the segment's text by its translation, its inline elements placed on it."""
    translated, starts = _joined(segment.text, sentences, outputs, joiner)
    ranges = [
        _void_range(span, translated, sentences, outputs, starts)
        if span.void
        else _target_range(span, sentences, outputs, starts)
        for span in segment.spans
    ]
    for index, span in enumerate(segment.spans):
        if span.kept:
            ranges[index] = _kept_range(
                segment.text[span.start : span.end], translated, ranges[index]
            )
    _keep_nesting(segment.spans, ranges, len(translated))
    _rebuild(segment, translated, ranges)


def _target_range(
    span: Span, sentences: Sequence[Sentence], outputs: Sequence[Aligned], starts: list[int]
) -> tuple[int, int]:
    """Where an inline element goes in the translated segment: over the target words aligned
    to its source words, in each sentence it touches (a sentence it covers whole: all of its
    translation)."""
    found: list[tuple[int, int]] = []
    for sentence, output, offset in zip(sentences, outputs, starts, strict=True):
        low, high = max(span.start, sentence.start), min(span.end, sentence.end)
        if low >= high or not segment_text_has(sentence, low, high):
            continue
        length = len(output.text)
        if low <= sentence.start and high >= sentence.end:
            found.append((offset, offset + length))
            continue
        source_low, source_high = low - sentence.start, high - sentence.start
        linked = _linked(output, source_low, source_high)
        if linked:
            a, b = min(x for x, _ in linked), max(y for _, y in linked)
        else:  # no alignment: the same relative place
            size = len(sentence.text) or 1
            a = round(source_low / size * length)
            b = max(a + 1, round(source_high / size * length))
        a, b = _words(output.text, a, min(b, length))
        found.append((offset + a, offset + b))
    if not found:
        return (0, 0)
    return min(a for a, _ in found), max(b for _, b in found)


def _void_range(
    span: Span,
    translated: str,
    sentences: Sequence[Sentence],
    outputs: Sequence[Aligned],
    starts: list[int],
) -> tuple[int, int]:
    """Where a void element goes: at its point (``_void_point``); a ``<br>``, which stood for
    a space in the source, takes the place of a space it lands before, so the translation
    does not gain one."""
    at, _ = _void_point(span.start, sentences, outputs, starts=starts, length=len(translated))
    if span.end > span.start and translated[at : at + 1] == " ":
        return at, at + 1
    return at, at


def _void_point(
    point: int,
    sentences: Sequence[Sentence],
    outputs: Sequence[Aligned],
    *,
    starts: list[int],
    length: int,
) -> tuple[int, int]:
    """Where a void element at ``point`` of the segment's text goes in its translation
    (of ``length`` characters), as an empty range: before the text when it stood before the
    first sentence, after a sentence's translation when it stood at its end or in the gap
    after it, inside one after the target words aligned to the source word before it (by
    relative position when that word has no alignment), and in the text after the last
    sentence where it stood there."""
    if not sentences or point <= sentences[0].start:
        return point, point
    for index, (sentence, output, offset) in enumerate(
        zip(sentences, outputs, starts, strict=True)
    ):
        following = sentences[index + 1].start if index + 1 < len(sentences) else None
        if point >= sentence.end and (following is None or point <= following):
            if following is None:  # the text after the last sentence is kept as it was
                at = offset + len(output.text) + point - sentence.end
                return min(at, length), min(at, length)
            at = offset + len(output.text)
            return at, at
        if sentence.start < point < sentence.end:
            before = sentence.text[: point - sentence.start].rstrip()
            word = len(before) - len(before.split()[-1]) if before.split() else 0
            linked = _linked(output, word, len(before))
            size = len(output.text)
            if linked:
                at = max(b for _, b in linked)
            else:  # no alignment: the same relative place
                at = round((point - sentence.start) / (len(sentence.text) or 1) * size)
            at = max(0, min(at, size))
            while " " in output.text and 0 < at < size and output.text[at].isalnum():
                at += 1  # not inside a word
            if point - sentence.start > len(before) and at < size and output.text[at] == " ":
                at += 1  # it followed a space: after the space there too
            return offset + at, offset + at
    return length, length


def _kept_range(source: str, translated: str, aligned: tuple[int, int]) -> tuple[int, int]:
    """Where an untranslated element goes: over its own text if the translation holds it
    once (names and code are mostly copied), else over the words aligned to it, or, when
    those are many more than it has (an unsure alignment), just before them, replacing
    nothing."""
    text = source.strip()
    if text and translated.count(text) == 1:
        start = translated.index(text)
        return start, start + len(text)
    a, b = aligned
    return (a, b) if b - a <= 2 * len(text) + 8 else (a, a)


def _linked(output: Aligned, low: int, high: int) -> list[tuple[int, int]]:
    """The target tokens aligned to the source characters ``low``-``high``: those the source
    tokens attend to most (``reverse``) that also attend most to them (``links``), or if
    none, the first alone; without ``reverse`` (through English), the second alone. Measured
    on FLORES (``bench/html_bench.py``): as often on the right words as either alone, and
    narrower."""

    def visible(a: int, b: int) -> bool:
        return bool(output.text[a:b].strip())

    rows = {(a, b) for a, b, c, d in output.links if c < high and low < d and visible(a, b)}
    columns = {(a, b) for a, b, c, d in output.reverse if c < high and low < d and visible(a, b)}
    if not output.reverse:
        return sorted(rows)
    return sorted(rows & columns or columns)


def segment_text_has(sentence: Sentence, low: int, high: int) -> bool:
    """Whether the sentence's characters ``low``-``high`` (segment offsets) hold more than
    white space."""
    return bool(sentence.text[low - sentence.start : high - sentence.start].strip())


def _words(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``-``end`` stripped of white space, then widened to whole words (in a script
    that spaces its words)."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end and " " in text:
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        while end < len(text) and text[end].isalnum():
            end += 1
    return start, end


def _keep_nesting(spans: list[Span], ranges: list[tuple[int, int]], length: int) -> None:
    """Make the target ranges nest as the elements do: each inside its parent's, siblings in
    the order they land, not overlapping."""
    for index, span in enumerate(spans):
        low, high = (0, length) if span.parent < 0 else ranges[span.parent]
        a, b = ranges[index]
        a, b = max(low, min(a, high)), max(low, min(b, high))
        ranges[index] = (a, max(a, b))
    children: dict[int, list[int]] = {}
    for index, span in enumerate(spans):
        children.setdefault(span.parent, []).append(index)
    for siblings in children.values():
        ordered = sorted(siblings, key=lambda i: (ranges[i][0], i))
        end = -1
        for index in ordered:
            a, b = ranges[index]
            if a < end:
                a = end
                b = max(a, b)
            ranges[index] = (a, b)
            end = b
        # a child may have lost room to its sibling: keep its children inside it
        for index in ordered:
            for child in children.get(index, []):
                a, b = ranges[child]
                low, high = ranges[index]
                a = max(low, min(a, high))
                ranges[child] = (a, max(a, min(b, high)))


def _rebuild(segment: Segment, text: str, ranges: list[tuple[int, int]]) -> None:
    """Put the segment's text and inline elements back into the tree."""
    parent = segment.parent
    position = 0 if segment.anchor is None else parent.index(segment.anchor) + 1
    for element in segment.top:
        parent.remove(element)
    children: dict[int, list[int]] = {}
    for index, span in enumerate(segment.spans):
        children.setdefault(span.parent, []).append(index)
    for span in segment.spans:
        if not span.fixed:
            for child in list(span.element):
                span.element.remove(child)

    def fill(owner: int, low: int, high: int) -> tuple[str, list[Any]]:
        """The text before the first child of span ``owner`` and its children, tails set."""
        kids = sorted(children.get(owner, []), key=lambda i: (ranges[i][0], i))
        lead = text[low : ranges[kids[0]][0]] if kids else text[low:high]
        placed = []
        for number, kid in enumerate(kids):
            a, b = ranges[kid]
            element = segment.spans[kid].element
            if not segment.spans[kid].fixed:
                element.text, grandchildren = fill(kid, a, b)
                for grandchild in grandchildren:
                    element.append(grandchild)
            following = ranges[kids[number + 1]][0] if number + 1 < len(kids) else high
            element.tail = text[b:following]
            placed.append(element)
        return lead, placed

    lead, top = fill(-1, 0, len(text))
    if segment.anchor is None:
        parent.text = lead
    else:
        segment.anchor.tail = lead
    for offset, element in enumerate(top):
        parent.insert(position + offset, element)
