"""Texts for tests and benchmarks that need real work from the real zh->en model."""

from __future__ import annotations

from .servers import ROOT


def long_chinese_text(sentences: int) -> str:
    """``sentences`` distinct Chinese sentences (the test article's, numbered), so no cache or
    deduplication can skip any of them."""
    article = (ROOT / "tests" / "data" / "article-zh.txt").read_text().split("\n", 1)[1]
    lines = [s for s in article.replace("。", "。\n").split("\n") if s.strip()]
    return "".join(f"{lines[i % len(lines)][:-1]}，第{i + 1}次。" for i in range(sentences))
