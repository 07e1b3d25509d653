"""What the text evaluation scripts in bench/ share: where the data is, reading it, tables.

The data is read from ``../shared/eval/`` (see ``../shared/README.md``); a fresh clone has no
``../shared/``, and then each script says so and exits 0 (``eval_data_missing``).

Importing this module puts the project root on ``sys.path`` (the service is not an installed
package), so a script imports it before ``service`` and ``testkit``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = PROJECT_ROOT.parent / "shared"
EVAL = SHARED / "eval"
sys.path.insert(0, str(PROJECT_ROOT))  # the service is not an installed package

FLORES = {"en": "eng_Latn", "uk": "ukr_Cyrl", "ru": "rus_Cyrl", "zh": "zho_Hans"}


def eval_data_missing() -> bool:
    """True, after printing why, when there is no evaluation data to read."""
    if EVAL.is_dir():
        return False
    print(f"Skipped: evaluation data not found at {EVAL} (a fresh clone has no ../shared/).")
    return True


# --- output ---------------------------------------------------------------------------------


def print_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Print a markdown table with aligned columns."""
    cells = [[str(h) for h in headers]] + [[_cell(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [_row(row, widths) for row in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    print("\n".join(lines))
    print()


def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"


def _cell(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def heading(title: str) -> None:
    print(f"\n## {title}\n")


# --- data -----------------------------------------------------------------------------------


def read_flores(lang: str, limit: int | None) -> list[str]:
    """The non-blank FLORES dev lines of ``lang`` (a key of ``FLORES``), the first ``limit``."""
    lines = (EVAL / "flores" / f"{FLORES[lang]}.dev").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()][:limit]


def read_bbc(limit: int | None) -> list[dict[str, Any]]:
    """The BBC News Summary dev items (``eval/summaries/bbc/dev.jsonl``), the first ``limit``."""
    path = EVAL / "summaries" / "bbc" / "dev.jsonl"
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines][:limit]


def read_ud(lang: str, limit: int | None) -> list[list[list[str]]]:
    """The UD dev documents of ``lang`` (``eval/sentences/ud-{lang}-dev.jsonl``), the first
    ``limit``: each a list of paragraphs, each paragraph a list of gold sentences."""
    path = EVAL / "sentences" / f"ud-{lang}-dev.jsonl"
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)["paragraphs"] for line in lines][:limit]


def read_summeval(limit: int | None) -> list[dict[str, Any]]:
    """The SummEval items (``eval/summaries/summeval/dev.jsonl``: ``id``, ``article``,
    ``references``, 11 each, the first the original highlights; tokenised text), the first
    ``limit``."""
    path = EVAL / "summaries" / "summeval" / "dev.jsonl"
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines][:limit]
