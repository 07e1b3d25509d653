"""One installed package, loaded once: tokenizer plus CTranslate2 translator.

``translate_sentences`` takes every sentence of a request at once and makes ONE
``translate_batch`` call; CTranslate2 sorts the sentences by length and cuts them into batches of
``batch_tokens`` (run in parallel with ``inter_threads`` > 1). A request over ``batch_tokens``
tokens is cut into calls of that size (shortest sentences first), and the
request's time budget (``service.deadline``) is checked before each: a request over its budget
stops between two calls instead of decoding on for a client that has been answered.

The decoding-length cap is relative to each input (a repetition loop must not run on to a fixed
256 tokens), but CTranslate2 takes one cap per call. Calling once per length group measured
13-24 % slower than one call (smaller, emptier batches), so the call gets the cap of the
longest input, and each output longer than its own cap is cut to it afterwards and flagged. A
loop therefore costs at most the longest sentence's cap, once.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from math import ceil
from pathlib import Path
from typing import Any

import ctranslate2

from .. import deadline
from ..observability.context import note_translated, note_truncated
from ..package_format import PackageError, PackageFolder, read_package
from .batcher import Batcher
from .options import TranslateOptions
from .tokenizer import WORD_MARKER, load_tokenizer

DEFAULT_END_TOKEN = "</s>"


@dataclass(frozen=True)
class Result:
    text: str
    #: the translation was cut: by the decoding-length cap, or its input by max_input_tokens
    truncated: bool


#: one target token of a translation: its character span in the translated text, and the span
#: (in the source sentence) of the source token it attends to most
Link = tuple[int, int, int, int]


@dataclass(frozen=True)
class Aligned(Result):
    """A translation with a word alignment: ``links`` per target token (none when the pieces
    could not be mapped to characters); ``reverse`` per source token, the target token that
    attends to it most, as (target start, target end, source start, source end) too. A
    ``Result`` itself, so the sentence cache keeps one and the plain path can reuse it."""

    links: tuple[Link, ...]
    reverse: tuple[Link, ...] = ()


#: makes the object whose ``translate_batch`` runs a model folder: ``open_translator``, or in a
#: test, something that wraps it to record the calls
OpenTranslator = Callable[[Path, TranslateOptions], Any]


def open_translator(model_dir: Path, options: TranslateOptions) -> Any:
    """CTranslate2's translator for a package's model folder, on the CPU; its decoding threads
    (started with it) at ``options.nice``."""
    before = _thread_ids()
    translator = ctranslate2.Translator(
        str(model_dir),
        device="cpu",
        compute_type=options.compute_type,
        inter_threads=options.inter_threads,
        intra_threads=options.intra_threads,
    )
    if options.nice:
        for thread in _thread_ids() - before:
            with contextlib.suppress(OSError):  # the thread ended: nothing to lower
                os.setpriority(os.PRIO_PROCESS, thread, options.nice)
    return translator


def _thread_ids() -> set[int]:
    """The kernel ids of this process's threads (none where /proc is absent). Linux applies a
    niceness set on a thread id to that thread alone."""
    try:
        return {int(name) for name in os.listdir("/proc/self/task")}
    except OSError:
        return set()


class LoadedModel:
    def __init__(
        self,
        package_dir: Path,
        options: TranslateOptions | None = None,
        *,
        opener: OpenTranslator = open_translator,
    ) -> None:
        self.options = options or TranslateOptions()
        self.info: PackageFolder = read_package(package_dir)
        self.tokenizer = load_tokenizer(self.info)
        model_dir = self.info.model_dir
        self._end_token = _end_token(model_dir)
        self._prefix = [self.info.target_prefix] if self.info.target_prefix else []
        try:
            self._translator = opener(model_dir, self.options)
        except (RuntimeError, ValueError) as exc:
            raise PackageError(package_dir, f"cannot load the CTranslate2 model: {exc}") from exc
        #: translate_batch calls running now (a lone call is split across the inter threads)
        self._calls = 0
        self._calls_lock = threading.Lock()
        #: non-blank sentences sent to CTranslate2 so far, for benchmarks and metrics
        self.sentences_translated = 0
        self._batcher = (
            Batcher(
                self._translate_now,
                max_tokens=self.options.queue_tokens,
                window=self.options.batch_window_ms / 1000,
                name=self.info.name,
            )
            if self.options.cross_request_batching
            else None
        )

    @property
    def pair(self) -> tuple[str, str]:
        return self.info.from_code, self.info.to_code

    @property
    def pair_name(self) -> str:
        """``zh-en``: the pair label of this model's metrics."""
        return f"{self.info.from_code}-{self.info.to_code}"

    def count_tokens(self, sentence: str) -> int:
        """Source tokens of ``sentence`` (what ``max_unit_tokens`` and the caps count)."""
        return len(self.tokenizer.encode(sentence))

    def translate_sentences(self, sentences: Sequence[str]) -> list[Result]:
        """Translations of ``sentences``, in order; blank sentences come back as they are."""
        results: list[Result] = [Result(sentence, truncated=False) for sentence in sentences]
        encoded = self._encode(sentences)
        if not encoded.batch:
            return results
        outputs = self._translate(encoded.batch, max(encoded.caps))
        for index, output, cap, cut_input in zip(
            encoded.indexes, outputs, encoded.caps, encoded.clipped, strict=True
        ):
            text, cut = self.decode(list(output.hypotheses[0]), cap)
            results[index] = Result(text, truncated=cut or cut_input)
        note_truncated(self.pair_name, sum(result.truncated for result in results))
        return results

    def translate_hypotheses(self, sentences: Sequence[str], count: int) -> list[list[str]]:
        """The ``count`` best hypotheses of each sentence, best first, from one beam search at
        least ``count`` wide (CTranslate2's n-best); a blank sentence comes back as itself, alone.

        Only n-best answers (LibreTranslate's ``alternatives``) ask for this, so it is kept off
        the default path: one call of its own, never shared with other requests' sentences."""
        hypotheses: list[list[str]] = [[sentence] for sentence in sentences]
        encoded = self._encode(sentences)
        if not encoded.batch:
            return hypotheses
        outputs = self._translate_now(encoded.batch, max(encoded.caps), num_hypotheses=count)
        for index, output, cap in zip(encoded.indexes, outputs, encoded.caps, strict=True):
            hypotheses[index] = [self.decode(list(tokens), cap)[0] for tokens in output.hypotheses]
        return hypotheses

    def translate_aligned(self, sentences: Sequence[str]) -> list[Aligned]:
        """Translations of ``sentences`` with a word alignment from CTranslate2's attention
        (``return_attention``; each target token linked to the source token it attends to
        most). Only HTML translation asks for it, to place inline elements, so the default path
        stays as it is: one call of its own, never cached or shared with other requests."""
        results = [Aligned(sentence, False, ()) for sentence in sentences]
        encoded = self._encode(sentences)
        if not encoded.batch:
            return results
        outputs = self._translate_now(encoded.batch, max(encoded.caps), attention=True)
        for index, tokens, output, cap, cut_input in zip(
            encoded.indexes, encoded.batch, outputs, encoded.caps, encoded.clipped, strict=True
        ):
            pieces = list(output.hypotheses[0])
            text, cut = self.decode(pieces, cap)
            attention = list(output.attention[0]) if output.attention else []
            links, reverse = self._links(sentences[index], tokens, pieces, attention, text)
            results[index] = Aligned(text, cut or cut_input, links, reverse)
        note_truncated(self.pair_name, sum(result.truncated for result in results))
        return results

    def _links(
        self,
        sentence: str,
        source: list[str],
        pieces: list[str],
        attention: list[Any],
        text: str,
    ) -> tuple[tuple[Link, ...], tuple[Link, ...]]:
        """Each target piece's span in ``text`` with its most attended source piece's span in
        ``sentence``, and each source piece's with the target piece attending to it most; none
        when the pieces do not spell ``text`` (then tags are placed without an alignment)."""
        source_spans = piece_spans(sentence, source)
        skip = len(self._prefix) if pieces[: len(self._prefix)] == self._prefix else 0
        targets: list[tuple[int, int]] = []
        rows: list[list[float]] = []
        spelled = ""
        for position, piece in enumerate(pieces):
            if position < skip or piece == self._end_token or position >= len(attention):
                continue
            row = list(attention[position])[: len(source_spans)]
            if not row:
                continue
            start = len(spelled)
            spelled += piece.replace(WORD_MARKER, " ")
            targets.append((start, len(spelled)))
            rows.append(row)
        lead = len(spelled) - len(spelled.lstrip())
        if not rows or spelled.strip() != text:
            return (), ()
        targets = [(max(0, a - lead), max(0, b - lead)) for a, b in targets]
        links = tuple(
            (*target, *source_spans[max(range(len(row)), key=row.__getitem__)])
            for target, row in zip(targets, rows, strict=True)
        )
        reverse = tuple(
            (*targets[max(range(len(rows)), key=lambda i: rows[i][j])], *source_spans[j])
            for j in range(len(source_spans))
        )
        return links, reverse

    def _encode(self, sentences: Sequence[str]) -> _Encoded:
        """The non-blank sentences as (clipped) token lists with their decoding caps."""
        encoded = _Encoded([], [], [], [])
        limit = self.options.max_input_tokens
        for index, sentence in enumerate(sentences):
            if sentence.strip():
                tokens = self.tokenizer.encode(sentence)
                encoded.indexes.append(index)
                encoded.clipped.append(len(tokens) > limit)
                encoded.batch.append(tokens[:limit])
                encoded.caps.append(self.options.decoding_cap(len(tokens[:limit])))
        # for the request's log line and metrics: the tokens are counted here, where they are
        # encoded anyway
        note_translated(
            self.pair_name,
            sentences=len(encoded.batch),
            tokens=sum(len(tokens) for tokens in encoded.batch),
        )
        return encoded

    def _translate(self, batch: list[list[str]], cap: int) -> list[Any]:
        if self._batcher is not None:
            # the batcher's thread serves many requests: the deadline is checked here, once
            deadline.check()
            return self._batcher.translate(batch, cap)
        return self._translate_now(batch, cap)

    def _translate_now(
        self,
        batch: list[list[str]],
        cap: int,
        *,
        num_hypotheses: int = 1,
        attention: bool = False,
    ) -> list[Any]:
        chunks = self._chunks(batch)
        if len(chunks) == 1:
            return self._translate_chunk(batch, cap, num_hypotheses, attention)
        outputs: list[Any] = [None] * len(batch)
        for chunk in chunks:
            part = [batch[index] for index in chunk]
            # each chunk decodes to its own longest cap (never above the call's)
            part_cap = min(cap, self.options.decoding_cap(max(map(len, part))))
            done = self._translate_chunk(part, part_cap, num_hypotheses, attention)
            for index, output in zip(chunk, done, strict=True):
                outputs[index] = output
        return outputs

    def _chunks(self, batch: list[list[str]]) -> list[list[int]]:
        """The indexes of ``batch`` in CTranslate2 calls of at most ``batch_tokens`` tokens
        (the longest input alone if longer), shortest inputs first as CTranslate2 orders them;
        one call when the batch fits. A long request so becomes several calls, between which
        its deadline is checked: one call of 1024 tokens is a few seconds of decoding on 2
        cores, so a request stops within that of its deadline. Each call, when the model is
        otherwise idle, is still split across the inter threads (``_batch_tokens``)."""
        limit = self.options.batch_tokens
        if sum(map(len, batch)) <= limit:
            return [list(range(len(batch)))]
        chunks: list[list[int]] = [[]]
        tokens = 0
        for index in sorted(range(len(batch)), key=lambda i: len(batch[i])):
            size = len(batch[index])
            if chunks[-1] and tokens + size > limit:
                chunks.append([])
                tokens = 0
            chunks[-1].append(index)
            tokens += size
        return chunks

    def _translate_chunk(
        self, batch: list[list[str]], cap: int, num_hypotheses: int, attention: bool
    ) -> list[Any]:
        """One ``translate_batch`` call, unless the request's time budget is spent."""
        deadline.check()
        with self._calls_lock:
            idle = self._calls == 0
            self._calls += 1
            # counted per call: a request stopped by its deadline counts what it sent
            self.sentences_translated += len(batch)
        try:
            return self._translate_batch(
                batch, cap, self._batch_tokens(batch, alone=idle), num_hypotheses, attention
            )
        finally:
            with self._calls_lock:
                self._calls -= 1

    def _translate_batch(
        self,
        batch: list[list[str]],
        cap: int,
        batch_tokens: int,
        num_hypotheses: int = 1,
        attention: bool = False,
    ) -> list[Any]:
        options = self.options
        extra = {"return_attention": True} if attention else {}
        return list(
            self._translator.translate_batch(
                batch,
                target_prefix=[self._prefix] * len(batch) if self._prefix else None,
                max_batch_size=batch_tokens,
                batch_type="tokens",
                # CTranslate2 returns at most beam_size hypotheses
                beam_size=max(options.beam_size, num_hypotheses),
                num_hypotheses=num_hypotheses,
                length_penalty=options.length_penalty,
                repetition_penalty=options.repetition_penalty,
                no_repeat_ngram_size=options.no_repeat_ngram_size,
                replace_unknowns=options.replace_unknowns,
                max_input_length=0,
                max_decoding_length=cap + len(self._prefix),
                return_end_token=True,
                **extra,
            )
        )

    def _batch_tokens(self, batch: list[list[str]], *, alone: bool) -> int:
        """Token budget of one sub-batch when no other call is running. CTranslate2 runs the
        sub-batches of a call in parallel, one per inter thread, so a lone call that fits in one
        batch is cut into ``inter_threads`` even parts (the longest sentence added: the budget
        counts padding), or one thread idles. On 2 cores this took a 10-sentence call from 15
        to 21 sentences/s; bigger calls keep the plain budget, as even parts were 5-9% slower
        for them (``bench/translate_bench.py --part split``). With other calls running the
        threads are busy anyway and smaller batches only cost: 4 clients without batching did
        21 sentences/s split against 28 unsplit."""
        options = self.options
        budget = options.batch_tokens
        tokens = sum(len(tokens) for tokens in batch)
        splittable = alone and options.split_small_calls and options.inter_threads > 1
        if not splittable or tokens > budget:
            return budget
        return min(budget, ceil(tokens / options.inter_threads) + max(map(len, batch)))

    def decode(self, hypothesis: list[str], cap: int) -> tuple[str, bool]:
        """Text of one hypothesis cut to ``cap`` tokens (end token included, as CTranslate2
        counts), and whether it was cut: decoding stopped before the end token or ran past
        ``cap``."""
        if self._prefix and hypothesis[: len(self._prefix)] == self._prefix:
            hypothesis = hypothesis[len(self._prefix) :]
        finished = bool(hypothesis) and hypothesis[-1] == self._end_token
        if finished:
            hypothesis = hypothesis[:-1]
        cut = not finished or len(hypothesis) + 1 > cap
        return self.tokenizer.decode(hypothesis[:cap]), cut


@dataclass
class _Encoded:
    """The non-blank sentences of a call: where each stands in the input, its tokens (clipped to
    ``max_input_tokens``), whether they were clipped, and its decoding cap."""

    indexes: list[int]
    batch: list[list[str]]
    clipped: list[bool]
    caps: list[int]


def piece_spans(sentence: str, pieces: Sequence[str]) -> list[tuple[int, int]]:
    """The character span in ``sentence`` of each sentencepiece piece. A piece not found where
    it should be (normalization changed it, e.g. a full-width comma) takes its length from where
    the previous one ended."""
    spans = []
    cursor = 0
    for piece in pieces:
        body = piece.replace(WORD_MARKER, "")
        while cursor < len(sentence) and sentence[cursor].isspace():
            cursor += 1
        found = sentence.find(body, cursor, cursor + len(body) + 2) if body else -1
        start = found if found >= 0 else cursor
        end = min(len(sentence), start + len(body))
        spans.append((start, end))
        cursor = max(cursor, end)
    return spans


def _end_token(model_dir: Path) -> str:
    """The model's end-of-sequence token, from the config CTranslate2's converter writes."""
    try:
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return DEFAULT_END_TOKEN
    token = config.get("eos_token") if isinstance(config, dict) else None
    return token if isinstance(token, str) and token else DEFAULT_END_TOKEN
