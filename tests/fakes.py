"""Stand-ins for unit tests of routing and plumbing (a helper module, not a test file).

``FakeModel`` takes the place of a ``LoadedModel``: it "translates" by tagging each sentence
with its target language (``en(Hello.)``, its n-best ``en#2(Hello.)`` ..., and aligned each
word to itself), flags a sentence containing "cut" as truncated, and records its calls. An
engine of fakes answers instantly and predictably, so tests of routes, pivots, caching and
request handling need no model; what real models do is tested with them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from service.config import Settings
from service.package_format import PackageFolder, PackageMetadata
from service.runtime import Runtime
from service.text.detect import LanguageDetector
from service.translate import Engine, TranslateOptions
from service.translate.cache import SentenceCache
from service.translate.model import Aligned, Result


class FakeModel:
    def __init__(self, source: str, target: str, version: str = "1.0") -> None:
        self.info = PackageFolder(
            Path(f"translate-{source}_{target}"), PackageMetadata(source, target, version, "")
        )
        self.options = TranslateOptions()
        self.calls: list[list[str]] = []

    @property
    def pair(self) -> tuple[str, str]:
        return self.info.from_code, self.info.to_code

    def count_tokens(self, sentence: str) -> int:
        """A "token" per CJK character and per other run of non-space characters."""
        return len(re.findall(r"[\u4e00-\u9fff]|[^\s\u4e00-\u9fff]+", sentence))

    def translate_sentences(self, sentences: Sequence[str]) -> list[Result]:
        self.calls.append(list(sentences))
        return [Result(f"{self.info.to_code}({s})", truncated="cut" in s) for s in sentences]

    def translate_aligned(self, sentences: Sequence[str]) -> list[Aligned]:
        """As ``translate_sentences``, each word of ``en(...)`` linked to itself in the input."""
        self.calls.append(list(sentences))
        shift = len(self.info.to_code) + 1
        return [
            Aligned(
                f"{self.info.to_code}({s})",
                "cut" in s,
                links := tuple(
                    (m.start() + shift, m.end() + shift, m.start(), m.end())
                    for m in re.finditer(r"\S+", s)
                ),
                links,
            )
            for s in sentences
        ]

    def translate_hypotheses(self, sentences: Sequence[str], count: int) -> list[list[str]]:
        """``count`` hypotheses of each sentence: the best as ``translate_sentences`` tags it,
        then ``en#2(...)``, ``en#3(...)`` ...; a sentence holding "same" gets all alike."""
        self.calls.append(list(sentences))
        to = self.info.to_code
        return [
            [
                f"{to}({s})" if rank == 1 or "same" in s else f"{to}#{rank}({s})"
                for rank in range(1, count + 1)
            ]
            for s in sentences
        ]

    def take_calls(self) -> list[list[str]]:
        """The calls recorded since the last take."""
        calls, self.calls = self.calls, []
        return calls


def fake_engine(*pairs: str, cache: SentenceCache | None = None) -> Engine:
    """An engine of ``FakeModel``s, e.g. ``fake_engine("uk-en", "en-zh")``."""
    return Engine(
        [FakeModel(*pair.split("-")) for pair in pairs],  # type: ignore[misc]
        cache=cache,
    )


def fake(engine: Engine, source: str, target: str) -> FakeModel:
    """The ``FakeModel`` an engine of fakes uses for one pair."""
    model = engine.models[(source, target)]
    assert isinstance(model, FakeModel)
    return model


def fake_runtime(*pairs: str, settings: Settings | None = None) -> Runtime:
    """A runtime whose engine is ``fake_engine(*pairs)``, for ``create_app(runtime=...)``."""
    return Runtime(
        settings=settings or Settings(), detector=LanguageDetector(), engine=fake_engine(*pairs)
    )


class FakeClock:
    """A clock for code that takes one (``clock=``): stands still until ``advance``d."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
