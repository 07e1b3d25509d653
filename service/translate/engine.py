"""The engine: every installed model, the pairs they make, and text-level translation.

Pairs missing a package are served through English (X→en→Y) when both hops are installed, as
Argos Translate does, but with one best hypothesis per hop instead of argostranslate's
hypotheses-times-hypotheses expansion. A request's texts are split in the source language (once:
a caller that has split a text already hands over its ``SplitText``), all their sentences (each
distinct sentence once) go through each hop in one call, and each text is put back together
around its sentence spans.

With a ``SentenceCache``, each hop looks its sentences up first and sends only the misses to the
model (still in one call), so re-posting an edited article costs only the changed sentences.

Before a hop sends its sentences, one over ``max_unit_tokens`` source tokens is cut at clause
boundaries and its pieces' translations joined back (``translate_cut``, ``cut.py``), in the
same call; the cache keeps the whole sentence's result. The HTML path's aligned translations
and LibreTranslate's alternatives are cut the same way (``translate_cut_aligned``,
``translate_cut_hypotheses``), and the aligned ones are cached too: an aligned entry is a
``Result`` with its alignment, so it serves both paths, while a plain entry is a miss for the
aligned path (it has no alignment) and is replaced by an aligned one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar, overload

from ..errors import PairNotInstalled
from ..observability.context import note_cache
from ..package_format import NotTranslationPackage, PackageError, package_folders, version_key
from ..text.languages import sentence_joiner
from ..text.splitter import Sentence, SplitText, split_text
from .cache import SentenceCache, cache_keys
from .cut import cut_sentence, join_aligned, join_pieces
from .model import Aligned, Link, LoadedModel, OpenTranslator, Result, open_translator
from .options import TranslateOptions
from .rebuild import rebuild

_T = TypeVar("_T")
logger = logging.getLogger(__name__)

PIVOT = "en"


@dataclass(frozen=True, order=True)
class Pair:
    source: str
    target: str
    #: the language translated through, None for a direct package
    via: str | None = None


@dataclass(frozen=True)
class SentenceTranslation:
    #: the source sentence, with its span in the input text
    source: Sentence
    text: str
    truncated: bool


@dataclass(frozen=True)
class TextTranslation:
    text: str
    #: one per sentence of the input's ``SplitText``, in order, so a caller can reuse them (the
    #: summary of an article is made of sentences already translated here)
    sentences: tuple[SentenceTranslation, ...]

    @property
    def truncated(self) -> bool:
        return any(sentence.truncated for sentence in self.sentences)


class Engine:
    def __init__(
        self,
        models: Iterable[LoadedModel],
        *,
        pivot: str = PIVOT,
        cache: SentenceCache | None = None,
        skipped: Sequence[PackageError] = (),
        folders: Sequence[Path] = (),
    ) -> None:
        self.pivot = pivot
        #: packages found but not loaded, each with why (readiness reports them)
        self.skipped: tuple[PackageError, ...] = tuple(skipped)
        #: the folders packages were loaded from (readiness names them when none loaded)
        self.folders: tuple[Path, ...] = tuple(folders)
        #: sentence translations kept between requests; None: every sentence is translated
        self.cache = cache
        self._models: dict[tuple[str, str], LoadedModel] = {}
        for model in models:
            current = self._models.get(model.pair)
            if current is None or (
                version_key(model.info.version) > version_key(current.info.version)
            ):
                self._models[model.pair] = model

    @classmethod
    def from_models_dir(
        cls,
        models_dir: Path | Sequence[Path],
        options: TranslateOptions | None = None,
        *,
        pivot: str = PIVOT,
        cache: SentenceCache | None = None,
        opener: OpenTranslator = open_translator,
    ) -> Engine:
        """Load every package folder under ``models_dir`` (one folder, or several: the models
        folder and an Argos Translate packages folder; for a pair found twice the newer version
        wins). A folder that cannot be loaded is logged and kept in ``skipped``: one broken
        package should not take the other pairs down, but readiness reports it. A folder whose
        package is not a translation one (Argos also installs other kinds) is ignored."""
        folders = [models_dir] if isinstance(models_dir, Path) else list(models_dir)
        models: list[LoadedModel] = []
        skipped: list[PackageError] = []
        for folder in (package for where in folders for package in package_folders(where)):
            try:
                models.append(LoadedModel(folder, options, opener=opener))
            except NotTranslationPackage as exc:
                logger.info("not a translation package, ignored: %s", exc)
            except PackageError as exc:
                logger.warning("translation package skipped: %s", exc)
                skipped.append(exc)
        logger.info(
            "translation packages loaded from %s: %s",
            ", ".join(str(folder) for folder in folders),
            ", ".join(model.info.name for model in models) or "none",
        )
        return cls(models, pivot=pivot, cache=cache, skipped=skipped, folders=folders)

    @property
    def models(self) -> Mapping[tuple[str, str], LoadedModel]:
        return dict(self._models)

    def pairs(self) -> list[Pair]:
        """Direct pairs, then the pairs reachable through the pivot language, sorted."""
        direct = [Pair(source, target) for source, target in self._models]
        pivoted = []
        for source, middle in self._models:
            if middle != self.pivot:
                continue
            for first, target in self._models:
                if (
                    first == self.pivot
                    and target != source
                    and (source, target) not in self._models
                ):
                    pivoted.append(Pair(source, target, via=self.pivot))
        return sorted(direct) + sorted(pivoted)

    def targets(self, source: str) -> list[str]:
        """Languages ``source`` text can be translated into."""
        return sorted({pair.target for pair in self.pairs() if pair.source == source})

    def route(self, source: str, target: str) -> list[LoadedModel]:
        """The models that translate source→target, in order; ``PairNotInstalled`` if none."""
        direct = self._models.get((source, target))
        if direct is not None:
            return [direct]
        first = self._models.get((source, self.pivot))
        second = self._models.get((self.pivot, target))
        if first is not None and second is not None and source != target:
            return [first, second]
        raise PairNotInstalled(source, target, self.targets(source))

    @overload
    def translate(self, texts: str, source: str, target: str) -> TextTranslation: ...

    @overload
    def translate(
        self, texts: list[str] | tuple[str, ...], source: str, target: str
    ) -> list[TextTranslation]: ...

    def translate(
        self, texts: str | list[str] | tuple[str, ...], source: str, target: str
    ) -> TextTranslation | list[TextTranslation]:
        """Translate one text or several. Same source and target returns the text unchanged."""
        if isinstance(texts, str):
            return self.translate_split([split_text(texts, source)], source, target)[0]
        return self.translate_split([split_text(text, source) for text in texts], source, target)

    def translate_split(
        self, texts: Sequence[SplitText], source: str, target: str
    ) -> list[TextTranslation]:
        """Translate texts already split into sentences (in ``source``), one result each."""
        route = self.route(source, target) if source != target else []
        distinct = list(
            dict.fromkeys(sentence.text for split in texts for sentence in split.sentences)
        )
        translated = dict(zip(distinct, _through(route, distinct, self.cache), strict=True))
        joiner = sentence_joiner(target) if route else ""
        results = []
        for split in texts:
            outputs = [translated[sentence.text] for sentence in split.sentences]
            joined = (
                rebuild(split.text, split.sentences, [out.text for out in outputs], joiner)
                if route
                else split.text
            )
            results.append(
                TextTranslation(
                    joined,
                    tuple(
                        SentenceTranslation(sentence, out.text, out.truncated)
                        for sentence, out in zip(split.sentences, outputs, strict=True)
                    ),
                )
            )
        return results

    def translate_aligned(
        self, texts: Sequence[SplitText], source: str, target: str
    ) -> list[list[Aligned]]:
        """Each sentence of each text translated with a word alignment (``Aligned.links``
        point into the source sentence), for HTML translation to place its inline elements.
        Through English, the two hops' ``links`` are composed (``reverse`` left out). Cached
        as ``translate`` is, each hop's alignment kept with its text (``_hop_aligned``), and
        over-long sentences cut the same way. Same source and target: the sentences,
        unaligned."""
        route = self.route(source, target) if source != target else []
        distinct = list(
            dict.fromkeys(sentence.text for split in texts for sentence in split.sentences)
        )
        results = [Aligned(sentence, False, ()) for sentence in distinct]
        for hop_index, model in enumerate(route):
            if not results:
                break
            hop = _hop_aligned(model, [result.text for result in results], self.cache)
            results = [
                Aligned(
                    new.text,
                    new.truncated or old.truncated,
                    compose(old, new) if hop_index else new.links,
                    () if hop_index else new.reverse,
                )
                for old, new in zip(results, hop, strict=True)
            ]
        translated = dict(zip(distinct, results, strict=True))
        return [[translated[sentence.text] for sentence in split.sentences] for split in texts]

    def alternatives(
        self, texts: Sequence[SplitText], source: str, target: str, count: int
    ) -> list[list[str]]:
        """Up to ``count`` alternative translations of each text, besides its best one.

        As LibreTranslate builds them: the i-th alternative of a text puts each sentence's
        (i+1)-th best hypothesis in place of the sentence (a sentence with fewer hypotheses
        keeps its last), so alternatives of a long text differ only where its sentences have
        some. Earlier hops of a pivot route pass their best on (cached, as in ``translate``);
        the last hop's n-best are decoded anew, not cached, an over-long sentence cut into
        pieces as ``translate`` cuts it (``translate_cut_hypotheses``). An alternative equal to
        the best or to an earlier one is left out. Same source and target: none."""
        route = self.route(source, target) if source != target else []
        if not route or count < 1:
            return [[] for _ in texts]
        distinct = list(
            dict.fromkeys(sentence.text for split in texts for sentence in split.sentences)
        )
        before = _through(route[:-1], distinct, self.cache)
        nbest = translate_cut_hypotheses(route[-1], [result.text for result in before], count + 1)
        hypotheses = dict(zip(distinct, nbest, strict=True))
        joiner = sentence_joiner(target)
        results = []
        for split in texts:
            per_sentence = [hypotheses[sentence.text] for sentence in split.sentences]
            ranked = [
                rebuild(
                    split.text,
                    split.sentences,
                    [h[min(rank, len(h) - 1)] for h in per_sentence],
                    joiner,
                )
                for rank in range(count + 1)
            ]
            results.append([text for text in dict.fromkeys(ranked[1:]) if text != ranked[0]])
        return results


def compose(first: Aligned, second: Aligned) -> tuple[Link, ...]:
    """``second``'s links, whose sources point into ``first.text``, made to point into what
    ``first`` translated, through ``first``'s links (none if either hop has none)."""
    composed: list[Link] = []
    for start, end, source_start, source_end in second.links:
        spans = [(a, b) for t0, t1, a, b in first.links if t0 < source_end and source_start < t1]
        if spans:
            composed.append((start, end, min(a for a, _ in spans), max(b for _, b in spans)))
    return tuple(composed)


def _through(
    route: Sequence[LoadedModel], sentences: list[str], cache: SentenceCache | None = None
) -> list[Result]:
    """Each hop translates the previous hop's output; a truncation anywhere sticks."""
    results = [Result(sentence, truncated=False) for sentence in sentences]
    for model in route:
        if not results:
            break
        hop = _hop(model, [result.text for result in results], cache)
        results = [
            Result(new.text, new.truncated or old.truncated)
            for old, new in zip(results, hop, strict=True)
        ]
    return results


def _hop(model: LoadedModel, sentences: list[str], cache: SentenceCache | None) -> list[Result]:
    """One model's translations: cached ones looked up, the misses (each once) translated in one
    call and stored."""
    if cache is None:
        return translate_cut(model, sentences)
    keys = cache_keys(model, sentences)
    found = cache.get_many(keys)
    missing = list(dict.fromkeys(key for key in keys if key not in found))
    hits = sum(key in found for key in keys)
    note_cache(hits=hits, misses=len(keys) - hits)
    if missing:
        fresh = dict(
            zip(missing, translate_cut(model, [key.sentence for key in missing]), strict=True)
        )
        cache.set_many(fresh)
        found.update(fresh)
    logger.debug(
        "%s: %d of %d sentences translated, the others cached",
        model.info.name,
        len(missing),
        len(keys),
    )
    return [found[key] for key in keys]


def translate_cut(
    model: LoadedModel, sentences: Sequence[str], limit: int | None = None
) -> list[Result]:
    """``model.translate_sentences``, with each sentence over ``limit`` source tokens (the
    model's ``max_unit_tokens`` by default) cut at clause boundaries (``cut.py``): all the
    pieces go in the same one call, and each sentence's come back joined into one result,
    truncated if any piece was. No sentence over the limit: the one call, as it is."""
    target = model.pair[1]

    def join(_sentence: str, cut: list[str], parts: list[Result]) -> Result:
        return Result(
            join_pieces(cut, [part.text for part in parts], target),
            any(part.truncated for part in parts),
        )

    return _cut_and_join(model, sentences, limit, model.translate_sentences, join)


def _cut_and_join(
    model: LoadedModel,
    sentences: Sequence[str],
    limit: int | None,
    translate: Callable[[Sequence[str]], list[_T]],
    join: Callable[[str, list[str], list[_T]], _T],
) -> list[_T]:
    """``translate`` with each sentence over ``limit`` source tokens cut (``cut.py``): every
    piece in the one call, and each cut sentence's translated pieces given to ``join``
    (sentence, its pieces, their translations). No sentence over the limit: the call as is."""
    limit = model.options.max_unit_tokens if limit is None else limit
    pieces = [cut_sentence(sentence, model.count_tokens, limit) for sentence in sentences]
    if all(len(cut) == 1 for cut in pieces):
        return translate(sentences)
    translated = iter(translate([piece for cut in pieces for piece in cut]))
    results = []
    for sentence, cut in zip(sentences, pieces, strict=True):
        parts = [next(translated) for _ in cut]
        results.append(parts[0] if len(parts) == 1 else join(sentence, cut, parts))
    return results


def _hop_aligned(
    model: LoadedModel, sentences: list[str], cache: SentenceCache | None
) -> list[Aligned]:
    """One model's aligned translations, as ``_hop``: the cached ones that hold an alignment
    looked up (the key is the sentence, the model and its options: the markup around the
    sentence does not reach the model, so it does not change the translation), the others
    translated in one call and stored."""
    if cache is None:
        return translate_cut_aligned(model, sentences)
    keys = cache_keys(model, sentences)
    found = {
        key: result for key, result in cache.get_many(keys).items() if isinstance(result, Aligned)
    }
    missing = list(dict.fromkeys(key for key in keys if key not in found))
    if missing:
        fresh = dict(
            zip(
                missing,
                translate_cut_aligned(model, [key.sentence for key in missing]),
                strict=True,
            )
        )
        cache.set_many(fresh)
        found.update(fresh)
    return [found[key] for key in keys]


def translate_cut_aligned(
    model: LoadedModel, sentences: Sequence[str], limit: int | None = None
) -> list[Aligned]:
    """``model.translate_aligned`` with over-long sentences cut as ``translate_cut`` cuts
    them; a cut sentence's pieces come back joined, their alignments moved onto the joined
    translation and the whole source sentence (``cut.join_aligned``)."""
    target = model.pair[1]

    def join(sentence: str, cut: list[str], parts: list[Aligned]) -> Aligned:
        return join_aligned(sentence, cut, parts, target)

    return _cut_and_join(model, sentences, limit, model.translate_aligned, join)


def translate_cut_hypotheses(
    model: LoadedModel, sentences: Sequence[str], count: int, limit: int | None = None
) -> list[list[str]]:
    """``model.translate_hypotheses`` with over-long sentences cut as ``translate_cut`` cuts
    them: a cut sentence's n-th hypothesis joins its pieces' n-th (a piece with fewer gives
    its last), so it has as many as its piece with the most."""
    target = model.pair[1]

    def translate(units: Sequence[str]) -> list[list[str]]:
        return model.translate_hypotheses(units, count)

    def join(_sentence: str, cut: list[str], parts: list[list[str]]) -> list[str]:
        ranks = max(len(part) for part in parts)
        return [
            join_pieces(cut, [_ranked(part, rank) for part in parts], target)
            for rank in range(ranks)
        ]

    return _cut_and_join(model, sentences, limit, translate, join)


def _ranked(hypotheses: Sequence[str], rank: int) -> str:
    """The ``rank``-th hypothesis, or the last if there are fewer ("" if none)."""
    return hypotheses[min(rank, len(hypotheses) - 1)] if hypotheses else ""
