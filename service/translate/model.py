"""One installed package, loaded once: tokenizer plus CTranslate2 translator.

``translate_sentences`` takes every sentence of a request at once. Sentences are grouped by
their decoding-length cap (a cap relative to the input guards against repetition loops, but
CTranslate2 takes one cap per call), every group is submitted asynchronously, and CTranslate2
cuts each group into length-sorted batches of ``max_batch_tokens``. So a request costs one
call per length group, never one per paragraph or sentence.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ctranslate2

from .errors import PackageError
from .options import TranslateOptions
from .package import PackageInfo, read_package
from .tokenizer import load_tokenizer

MODEL_DIR = "model"
DEFAULT_END_TOKEN = "</s>"
#: input lengths are rounded up to one of these (then doubled) before the cap is computed, so
#: that a request makes a handful of calls rather than one per distinct length
_FIRST_BUCKET = 8


@dataclass(frozen=True)
class Result:
    text: str
    #: the translation was cut: by the decoding-length cap, or its input by max_input_tokens
    truncated: bool


class LoadedModel:
    def __init__(self, package_dir: Path, options: TranslateOptions | None = None) -> None:
        self.options = options or TranslateOptions()
        self.info: PackageInfo = read_package(package_dir)
        self._tokenizer = load_tokenizer(package_dir)
        model_dir = package_dir / MODEL_DIR
        self._end_token = _end_token(model_dir)
        self._prefix = [self.info.target_prefix] if self.info.target_prefix else []
        try:
            self._translator = ctranslate2.Translator(
                str(model_dir), device="cpu", compute_type=self.options.compute_type,
                inter_threads=self.options.inter_threads,
                intra_threads=self.options.intra_threads)
        except (RuntimeError, ValueError) as exc:
            raise PackageError(package_dir, f"cannot load the CTranslate2 model: {exc}") from exc

    @property
    def pair(self) -> tuple[str, str]:
        return self.info.from_code, self.info.to_code

    def translate_sentences(self, sentences: Sequence[str]) -> list[Result]:
        """Translations of ``sentences``, in order; blank sentences come back as they are."""
        results: list[Result | None] = [None] * len(sentences)
        groups: dict[int, list[tuple[int, list[str]]]] = {}
        clipped: set[int] = set()
        limit = self.options.max_input_tokens
        for index, sentence in enumerate(sentences):
            if not sentence.strip():
                results[index] = Result(sentence, truncated=False)
                continue
            tokens = self._tokenizer.encode(sentence)
            if len(tokens) > limit:
                tokens = tokens[:limit]
                clipped.add(index)
            groups.setdefault(self._cap(len(tokens)), []).append((index, tokens))

        pending = [(cap, members, self._submit([tokens for _, tokens in members], cap))
                   for cap, members in groups.items()]
        for _cap, members, futures in pending:
            for (index, _tokens), future in zip(members, futures, strict=True):
                hypothesis = list(future.result().hypotheses[0])
                text, cut = self._decode(hypothesis)
                results[index] = Result(text, truncated=cut or index in clipped)
        return [result if result is not None else Result("", False) for result in results]

    def _cap(self, input_tokens: int) -> int:
        bucket = _FIRST_BUCKET
        while bucket < input_tokens:
            bucket *= 2
        return self.options.decoding_cap(bucket)

    def _submit(self, batch: list[list[str]], cap: int) -> list[Any]:
        options = self.options
        return list(self._translator.translate_batch(
            batch,
            target_prefix=[self._prefix] * len(batch) if self._prefix else None,
            max_batch_size=options.max_batch_tokens,
            batch_type="tokens",
            asynchronous=True,
            beam_size=options.beam_size,
            num_hypotheses=1,
            length_penalty=options.length_penalty,
            repetition_penalty=options.repetition_penalty,
            no_repeat_ngram_size=options.no_repeat_ngram_size,
            replace_unknowns=options.replace_unknowns,
            max_input_length=0,
            max_decoding_length=cap + len(self._prefix),
            return_end_token=True,
        ))

    def _decode(self, hypothesis: list[str]) -> tuple[str, bool]:
        """Text of one hypothesis, and whether decoding stopped before the end token."""
        if self._prefix and hypothesis[: len(self._prefix)] == self._prefix:
            hypothesis = hypothesis[len(self._prefix):]
        finished = bool(hypothesis) and hypothesis[-1] == self._end_token
        if finished:
            hypothesis = hypothesis[:-1]
        return self._tokenizer.decode(hypothesis), not finished


def _end_token(model_dir: Path) -> str:
    """The model's end-of-sequence token, from the config CTranslate2's converter writes."""
    try:
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return DEFAULT_END_TOKEN
    token = config.get("eos_token") if isinstance(config, dict) else None
    return token if isinstance(token, str) and token else DEFAULT_END_TOKEN
