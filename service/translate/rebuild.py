"""Putting a translated text back together around its sentences' spans.

Between two sentences the input's own whitespace stays when it holds a line break (paragraphs
and blank lines come out exactly as they went in). Inside a paragraph the gap is replaced by the
target language's sentence joiner: Chinese writes no space after "。", English needs one, so
the source's spacing would be wrong either way. Text before the first and after the last
sentence is kept as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..text.splitter import Sentence


def rebuild(
    text: str, sentences: Sequence[Sentence], translations: Sequence[str], joiner: str
) -> str:
    """``text`` with each sentence span replaced by its translation."""
    if not sentences:
        return text
    parts = [text[: sentences[0].start]]
    for index, (sentence, translation) in enumerate(zip(sentences, translations, strict=True)):
        if index:
            gap = text[sentences[index - 1].end : sentence.start]
            parts.append(gap if "\n" in gap or gap.strip() else joiner)
        parts.append(translation)
    parts.append(text[sentences[-1].end :])
    return "".join(parts)
