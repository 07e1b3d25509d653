"""Translating a request's texts into each of its targets (the /v1/translate call)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .markup import HTML, TEXT, translate_html
from .targets import Route
from .text.splitter import split_text
from .translate import Engine, TextTranslation


@dataclass(frozen=True)
class TargetTranslation:
    target: str
    #: the packages' pairs in order, e.g. ("uk-en", "en-zh"); empty when source == target
    route: tuple[str, ...]
    #: one per input text, in order
    texts: list[TextTranslation]
    #: per input text, its other translations (n-best), when the request asked for some
    alternatives: list[list[str]] = field(default_factory=list)

    @property
    def sentence_count(self) -> int:
        """Sentences of the input texts (as split for translation)."""
        return sum(len(text.sentences) for text in self.texts)


def translate_texts(
    engine: Engine,
    texts: Sequence[str],
    source: str,
    routes: Sequence[Route],
    *,
    alternatives: int = 0,
    text_format: str = TEXT,
) -> list[TargetTranslation]:
    """Each text into each routed target, with up to ``alternatives`` other translations of
    each (a second, n-best decoding: only asked for by LibreTranslate clients). The texts are
    split once for all targets. HTML texts (``text_format`` ``html``) keep their markup
    (``markup.translate_html``) and get no alternatives."""
    if text_format == HTML:
        return [
            TargetTranslation(
                route.target, route.hops, translate_html(engine, texts, source, route.target)
            )
            for route in routes
        ]
    split = [split_text(text, source) for text in texts]
    return [
        TargetTranslation(
            route.target,
            route.hops,
            engine.translate_split(split, source, route.target),
            engine.alternatives(split, source, route.target, alternatives) if alternatives else [],
        )
        for route in routes
    ]
