"""The package's subword tokenizer.

Argos packages ship one SentencePiece model, but the CTranslate2 model may emit target pieces
that model does not know (OPUS-MT models have separate source and target vocabularies). Those
come back from ``decode_pieces`` verbatim, with their "▁" word marker, so the marker is turned
into a space afterwards, as argostranslate does.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import sentencepiece

from ..package_format import SENTENCEPIECE_MODEL, PackageError, PackageFolder

WORD_MARKER = "\u2581"


class SentencePieceTokenizer:
    def __init__(self, model_file: Path) -> None:
        self._processor = sentencepiece.SentencePieceProcessor(model_file=str(model_file))

    def encode(self, text: str) -> list[str]:
        pieces: list[str] = self._processor.encode(text, out_type=str)
        return pieces

    def decode(self, pieces: Sequence[str]) -> str:
        text: str = self._processor.decode_pieces(list(pieces))
        return text.replace(WORD_MARKER, " ").strip()


def load_tokenizer(package: PackageFolder) -> SentencePieceTokenizer:
    """The package's tokenizer (its presence is checked by ``read_package``, its contents here)."""
    try:
        return SentencePieceTokenizer(package.tokenizer_path)
    except (OSError, RuntimeError) as exc:
        raise PackageError(package.path, f"cannot load {SENTENCEPIECE_MODEL}: {exc}") from exc
