"""The package's subword tokenizer.

Argos packages ship one SentencePiece model, but the CTranslate2 model may emit target pieces
that model does not know (OPUS-MT models have separate source and target vocabularies). Those
come back from ``decode_pieces`` verbatim, with their "▁" word marker, so the marker is turned
into a space afterwards, as argostranslate does.

Older packages tokenize with Moses + BPE (``bpe.model``); those are refused with a clear error
rather than half-supported: the language pairs this service serves come as SentencePiece
packages.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import sentencepiece

from .errors import PackageError

SENTENCEPIECE_MODEL = "sentencepiece.model"
BPE_MODEL = "bpe.model"
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


def load_tokenizer(package_dir: Path) -> SentencePieceTokenizer:
    model_file = package_dir / SENTENCEPIECE_MODEL
    if model_file.is_file():
        try:
            return SentencePieceTokenizer(model_file)
        except (OSError, RuntimeError) as exc:
            raise PackageError(package_dir, f"cannot load {SENTENCEPIECE_MODEL}: {exc}") from exc
    if (package_dir / BPE_MODEL).is_file():
        raise PackageError(package_dir, "BPE-tokenized packages (bpe.model) are not supported; "
                                        "install a SentencePiece version of this language pair")
    raise PackageError(package_dir, f"no tokenizer ({SENTENCEPIECE_MODEL}) in the package")
