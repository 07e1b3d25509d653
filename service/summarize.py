"""Extractive summaries with sumy, over the service's own sentence splitter and tokenizer.

The methods are sumy's extractive summarizers that need no extra word lists (Edmundson needs
bonus/stigma words, so it is left out). The text is split once, by ``split_sentences``; sumy
only ranks those sentences, so every chosen sentence maps back to its index and span in the input.

A paragraph that is one sentence without closing punctuation is a heading (a headline, a
subheading, a byline): sumy is told so and ranks only the other sentences, so a summary is made
of sentences and does not repeat the title. Headings are used only when the text has too few
other sentences.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from math import ceil

from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.summarizers._summarizer import AbstractSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from .text.languages import is_closed
from .text.splitter import Sentence
from .text.words import WordTokenizer, stemmer, stop_words

METHODS: dict[str, type[AbstractSummarizer]] = {
    "lexrank": LexRankSummarizer,
    "textrank": TextRankSummarizer,
    "lsa": LsaSummarizer,
    "luhn": LuhnSummarizer,
    "kl": KLSummarizer,
    "sumbasic": SumBasicSummarizer,
    "reduction": ReductionSummarizer,
}
#: best ROUGE-1/2/L and sentence recall on the BBC dev set (bench/eval_summaries.py; README)
DEFAULT_METHOD = "reduction"


@dataclass(frozen=True)
class Length:
    """How long a summary is: a sentence count, or a ratio of the input's sentences."""

    sentences: int | None = None
    ratio: float | None = None

    def count(self, available: int) -> int:
        if self.ratio is not None:
            # rounded first: 0.28 * 25 is 7.000000000000001, which must not become 8
            return max(1, ceil(round(self.ratio * available, 9)))
        return min(self.sentences or 1, available)


@dataclass(frozen=True)
class Chosen:
    index: int
    sentence: Sentence


def summarize(
    sentences: Sequence[Sentence],
    language: str,
    method: str,
    length: Length,
    *,
    heading_rule: bool = True,
    heading_paragraphs: Collection[int] = (),
) -> list[Chosen]:
    """Pick the summary sentences from ``sentences`` (already split), in document order.
    ``heading_rule=False`` treats headings as sentences (a benchmark's baseline);
    ``heading_paragraphs`` are paragraphs known to be headings (HTML's ``h1``-``h6``)."""
    count = min(length.count(len(sentences)), len(sentences))
    heads = headings(sentences) if heading_rule else set()
    heads |= {i for i, s in enumerate(sentences) if s.paragraph in heading_paragraphs}
    body = len(sentences) - len(heads)
    if count >= body:
        # Every sentence, and the first headings if that is still too few.
        extra = set(sorted(heads)[: count - body])
        return [Chosen(i, s) for i, s in enumerate(sentences) if i not in heads or i in extra]
    tokenizer = WordTokenizer(language)
    sumy_sentences = [
        SumySentence(s.text, tokenizer, is_heading=i in heads) for i, s in enumerate(sentences)
    ]
    document = ObjectDocumentModel(_paragraphs(sentences, sumy_sentences))
    summarizer = METHODS[method](stemmer(language))
    summarizer.stop_words = stop_words(language)
    position = {id(s): i for i, s in enumerate(sumy_sentences)}
    picked = sorted(position[id(s)] for s in summarizer(document, count))
    return [Chosen(i, sentences[i]) for i in picked]


def headings(sentences: Sequence[Sentence]) -> set[int]:
    """Indexes of the headings: alone in their paragraph, no closing punctuation. None when
    every sentence looks like one (a list of phrases is summarized as it is)."""
    per_paragraph: dict[int, int] = {}
    for sentence in sentences:
        per_paragraph[sentence.paragraph] = per_paragraph.get(sentence.paragraph, 0) + 1
    found = {
        i
        for i, s in enumerate(sentences)
        if per_paragraph[s.paragraph] == 1 and not is_closed(s.text)
    }
    return found if len(found) < len(sentences) else set()


def _paragraphs(
    sentences: Sequence[Sentence], sumy_sentences: Sequence[SumySentence]
) -> list[Paragraph]:
    groups: dict[int, list[SumySentence]] = {}
    for ours, theirs in zip(sentences, sumy_sentences, strict=True):
        groups.setdefault(ours.paragraph, []).append(theirs)
    return [Paragraph(group) for group in groups.values()]
