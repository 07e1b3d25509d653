"""Tiny but real Argos packages for tests and benchmarks.

``build_argosmodel`` writes an ``.argosmodel`` laid out like a real one: a SentencePiece model
trained here on a few KB of generated text, and a one-layer CTranslate2 Transformer with random
weights whose vocabulary is exactly the SentencePiece pieces, so ``ctranslate2.Translator`` loads
it and decodes. Its output is random tokens: it exercises the plumbing (install, load, tokenize,
decode), never translation quality, and must never be presented as a translation.

Training and conversion take a fraction of a second and are done once per test session; each
package after that is only a zip of cached bytes with its own metadata.json.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import random
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

D_MODEL = 16
FFN = 32
HEADS = 2
VOCAB_SIZE = 128


def package_name(from_code: str, to_code: str, version: str) -> str:
    """The name Argos gives a package, e.g. ``translate-zh_en-1_9``."""
    return f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"


def build_argosmodel(
    tmp_dir: Path,
    from_code: str,
    to_code: str,
    version: str = "1.0",
    *,
    name: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    filename: str | None = None,
) -> Path:
    """Write ``<tmp_dir>/<name>.argosmodel`` for the pair and return its path.

    ``metadata`` replaces or adds metadata.json fields (e.g. a wrong ``to_code`` for a test of
    the pair check); ``filename`` names the file differently from the package.
    """
    name = name or package_name(from_code, to_code, version)
    files = package_files(from_code, to_code, version, top=name, metadata=metadata)
    return write_archive(Path(tmp_dir) / (filename or f"{name}.argosmodel"), files)


def package_files(
    from_code: str,
    to_code: str,
    version: str = "1.0",
    *,
    top: str | None = None,
    metadata: Mapping[str, Any] | None = None,
) -> dict[str, bytes]:
    """The archive members (path -> bytes) of a tiny package, for tests that tamper with them."""
    top = top or package_name(from_code, to_code, version)
    meta: dict[str, Any] = {
        "package_version": version,
        "argos_version": "1.9.0",
        "from_code": from_code,
        "from_name": from_code,
        "to_code": to_code,
        "to_name": to_code,
    }
    meta.update(metadata or {})
    files = {
        f"{top}/metadata.json": json.dumps(meta).encode(),
        f"{top}/README.md": b"Tiny test package with random weights. Not a translation model.\n",
        f"{top}/sentencepiece.model": spm_model_bytes(),
    }
    files.update({f"{top}/model/{n}": data for n, data in _model_files().items()})
    return files


def write_archive(path: Path, files: Mapping[str, bytes]) -> Path:
    """Zip ``files`` (adding folder entries, as real packages have) into ``path``."""
    folders = sorted({n.rsplit("/", 1)[0] + "/" for n in files if "/" in n})
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for folder in folders:
            zf.writestr(folder, b"")
        for member, data in files.items():
            zf.writestr(member, data)
    return path


@functools.cache
def training_text() -> tuple[str, ...]:
    """A few KB of sentences over a made-up syllable vocabulary (deterministic)."""
    rng = random.Random(1234)
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    words = ["a", "b"] + [
        "".join(rng.choice(syllables) for _ in range(rng.randint(1, 3))) for _ in range(250)
    ]
    return tuple(" ".join(rng.choice(words) for _ in range(10)) for _ in range(400))


@functools.cache
def spm_model_bytes() -> bytes:
    """A SentencePiece unigram model trained on ``training_text`` (cached for the session)."""
    import sentencepiece as spm

    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(training_text()),
        model_writer=buffer,
        vocab_size=VOCAB_SIZE,
        model_type="unigram",
        character_coverage=1.0,
        minloglevel=2,
    )
    return buffer.getvalue()


def spm_pieces() -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_proto=spm_model_bytes())
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


@functools.cache
def _model_files() -> dict[str, bytes]:
    """model.bin, config.json and shared_vocabulary.json of the tiny Transformer (cached)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "model"
        out.mkdir()
        build_ctranslate2_model(out, spm_pieces())
        return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def build_ctranslate2_model(out_dir: Path, vocabulary: list[str], seed: int = 0) -> Path:
    """Save a 1-layer Transformer with random weights and ``vocabulary`` (source = target)."""
    from ctranslate2 import specs
    from ctranslate2.specs.model_spec import index_spec

    rng = np.random.default_rng(seed)
    spec = specs.TransformerSpec.from_config(num_layers=1, num_heads=HEADS)
    for name, value in spec.variables().items():
        if value is not None:  # flags and scalars the spec already set
            continue
        scope, attr = name.rsplit("/", 1)
        shape = _weight_shape(name, len(vocabulary))
        weight = (
            np.ones(shape, dtype=np.float32)
            if attr == "gamma"
            else (rng.standard_normal(shape) * 0.1).astype(np.float32)
        )
        setattr(index_spec(spec, scope), attr, weight)
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.optimize()
    spec.save(str(out_dir))
    return out_dir


def _weight_shape(name: str, vocab: int) -> tuple[int, ...]:
    """Shapes as CTranslate2's converters write them (weights are [out, in])."""
    d = D_MODEL
    if name.endswith(("embeddings_0/weight", "embeddings/weight", "projection/weight")):
        return (vocab, d)
    if name.endswith(("/gamma", "/beta")):
        return (d,)
    shapes = {
        "self_attention/linear_0": (3 * d, d),  # fused q, k, v
        "self_attention/linear_1": (d, d),
        "/attention/linear_0": (d, d),  # cross-attention query
        "/attention/linear_1": (2 * d, d),  # fused k, v over the encoder output
        "/attention/linear_2": (d, d),
        "ffn/linear_0": (FFN, d),
        "ffn/linear_1": (d, FFN),
    }
    for part, shape in shapes.items():
        if f"{part}/weight" in name:
            return shape
    raise KeyError(f"no shape known for {name}")


def decode_smoke(model_dir: Path) -> list[str]:
    """Run the model once; returns random tokens (proof that it loads and decodes, nothing else)."""
    import ctranslate2

    translator = ctranslate2.Translator(str(model_dir), device="cpu")
    result = translator.translate_batch([["▁a", "▁b"]], max_decoding_length=10)
    tokens: list[str] = result[0].hypotheses[0]
    return tokens


def project_manifest() -> dict[str, Any]:
    """The project's models/manifest.json, decoded (tests derive their manifests from it)."""
    path = Path(__file__).resolve().parents[1] / "models" / "manifest.json"
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return raw


def build_manifest_packages(folder: Path, manifest: Mapping[str, Any]) -> dict[str, Path]:
    """A tiny archive for every package of ``manifest``, named and versioned like the real one;
    returns pair -> archive path."""
    return {
        entry["pair"]: build_argosmodel(
            folder,
            entry["from_code"],
            entry["to_code"],
            entry["package_version"],
            name=entry["name"],
        )
        for entry in manifest["packages"]
    }


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
