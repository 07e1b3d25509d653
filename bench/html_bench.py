"""HTML translation (``format: html``) against the plain-text path, on the real zh→en package.

Run from the project root (FLORES is read from ``../shared/eval/flores/``; without it the script
says so and exits 0)::

    python bench/html_bench.py [--limit N] [--paragraph 3] [--article 4] [--seed 7]

The HTML set is built from FLORES dev zho_Hans (the first ``--limit`` lines): paragraphs of
``--paragraph`` sentences (joined without spaces, as Chinese is written), articles of
``--article`` paragraphs. Inside every sentence one inline element, in turn ``<b>``, ``<a
href="...?id=N&amp;lang=zh">`` (an entity in an attribute) and ``<em>``, wraps a run of
Latin letters or digits when the sentence has one (a name, a number: its translation is
known, it is usually the same run), else two to four Chinese characters in the middle of the
sentence; never at a sentence's edge. In every third paragraph the last sentence's element is
a ``<span translate="no">`` around such a run instead, when it has one (the sentence goes to
the model whole, the span comes back unchanged). Every paragraph is followed by a ``<script>``
holding markup-like text, and the text is escaped (``&amp;``, ``&lt;`` where FLORES has
them).

Printed:

* **structure**: the share of HTML outputs that parse to the same elements in the same nesting
  (tag and depth in document order, ``markup.element_structure``), with every attribute kept;
* **chrF**: the HTML output's text (each paragraph's ``text_content``) against the plain path's
  translation of the same paragraphs (the target: within 0.5 of 100 means nearly the same
  text), and both against FLORES' English references;
* **placement**: of the elements around a Latin/digit run, the share whose translated content
  holds that run (a proxy for "the element landed on the words that translate its content")
  and the mean share of the sentence's characters they cover, for the attention placement
  (the service's) and for the position-only baseline;
* **time**: wall time of the HTML path (attention) and of the plain path, article by article,
  interleaved in rotating order, on one engine without a cache; and their ratio. Then the
  same for a re-post of every article to an engine with an in-process cache (filled by a first
  post through the HTML path, whose entries serve both paths): what the HTML path costs
  besides the model (parsing, placing the elements) against the plain path's rebuild.

The package is taken from ``--package``, else found as the tests find it.
"""

from __future__ import annotations

import argparse
import html
import random
import re
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
import sacrebleu
from evaldata import EVAL, heading, print_table

from service.markup import POSITION, element_structure, translate_html
from service.translate import Engine
from service.translate.cache import MemoryCache
from testkit.packages import find_zhen_package

FLORES = EVAL / "flores"
#: a run whose translation is (nearly always) itself
CHECKABLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,%-]*[A-Za-z0-9%]|[A-Za-z0-9]")
INLINE = ("b", "a", "em")


@dataclass
class Article:
    html: str
    #: the plain text of each paragraph, as the plain path gets it
    paragraphs: list[str]
    references: list[str]
    #: (element id, run) of the elements around a checkable run
    checks: list[tuple[str, str]] = field(default_factory=list)


def wrap(sentence: str, tag: str, ident: str, rng: random.Random) -> tuple[str, str | None]:
    """``sentence`` (escaped) with one element around an inner run; the run, if checkable."""
    runs = [m for m in CHECKABLE.finditer(sentence) if m.start() > 0 and m.end() < len(sentence)]
    if runs:
        match = rng.choice(runs)
        start, end, checked = match.start(), match.end(), match.group()
    else:
        size = rng.randint(2, 4)
        if len(sentence) < size + 4:
            return html.escape(sentence, quote=False), None
        start = rng.randint(2, len(sentence) - size - 2)
        end, checked = start + size, None
    attributes = f' data-id="{ident}"'
    if tag == "a":
        attributes += f' href="https://example.org/story?id={ident}&amp;lang=zh"'
    inner = html.escape(sentence[start:end], quote=False)
    return (
        html.escape(sentence[:start], quote=False)
        + f"<{tag}{attributes}>{inner}</{tag}>"
        + html.escape(sentence[end:], quote=False)
    ), checked


def build(zh: list[str], en: list[str], paragraph: int, article: int, seed: int) -> list[Article]:
    rng = random.Random(seed)
    articles = []
    per_article = paragraph * article
    count = 0
    for a in range(0, len(zh), per_article):
        parts, plains, references, checks = [], [], [], []
        for p in range(a, min(a + per_article, len(zh)), paragraph):
            sentences = zh[p : p + paragraph]
            marked = []
            for offset, sentence in enumerate(sentences):
                count += 1
                inner = [
                    m
                    for m in CHECKABLE.finditer(sentence)
                    if m.start() > 0 and m.end() < len(sentence)
                ]
                if (p // paragraph) % 3 == 2 and offset == len(sentences) - 1 and inner:
                    m = inner[0]  # this sentence's element is an untranslated span
                    marked.append(
                        html.escape(sentence[: m.start()], quote=False)
                        + f'<span translate="no">{html.escape(m.group(), quote=False)}</span>'
                        + html.escape(sentence[m.end() :], quote=False)
                    )
                    continue
                ident = f"e{count}"
                text, checked = wrap(sentence, INLINE[count % 3], ident, rng)
                if checked is not None:
                    checks.append((ident, checked))
                marked.append(text)
            parts.append(f"<p>{''.join(marked)}</p>")
            parts.append('<script>var shown = "<p>" + 1 < 2;</script>')
            plains.append("".join(sentences))
            references.append(" ".join(en[p : p + paragraph]))
        articles.append(Article("\n".join(parts), plains, references, checks))
    return articles


def paragraph_texts(markup: str) -> list[str]:
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    return [" ".join(p.text_content().split()) for p in root.iter("p")]


def attributes(markup: str) -> list[dict[str, str]]:
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    return [
        {k: v for k, v in element.attrib.items() if k not in ("title", "alt")}
        for element in root.iter()
        if isinstance(element.tag, str)
    ][1:]


def placement(markup: str, checks: list[tuple[str, str]]) -> tuple[int, list[float]]:
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    found = 0
    cover = []
    for ident, run in checks:
        [element] = root.xpath(f'//*[@data-id="{ident}"]')
        content = element.text_content()
        paragraph = element.getparent().text_content()
        found += run in content
        cover.append(len(content) / max(1, len(paragraph)))
    return found, cover


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=200, help="FLORES lines (default 200)")
    parser.add_argument("--paragraph", type=int, default=3, help="sentences per paragraph")
    parser.add_argument("--article", type=int, default=4, help="paragraphs per article")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--package", type=Path, default=None)
    args = parser.parse_args()
    source, reference = FLORES / "zho_Hans.dev", FLORES / "eng_Latn.dev"
    if not (source.is_file() and reference.is_file()):
        print(f"skipped: {source} or {reference} is absent (../shared/ exists only on the team's")
        return 0
    zh = source.read_text(encoding="utf-8").splitlines()[: args.limit]
    en = reference.read_text(encoding="utf-8").splitlines()[: args.limit]
    with tempfile.TemporaryDirectory(prefix="html-bench-") as scratch:
        package = args.package or find_zhen_package(Path(scratch) / "zhen")
        if isinstance(package, str):
            print(f"skipped: {package}")
            return 0
        return run(args, build(zh, en, args.paragraph, args.article, args.seed), package)


def run(args: argparse.Namespace, articles: list[Article], package: Path) -> int:
    engine = Engine.from_models_dir(package.parent)
    plain_out: list[list[str]] = []
    html_out: list[str] = []
    position_out: list[str] = []
    times: dict[str, list[float]] = {"html": [], "plain": []}
    for number, article in enumerate(articles):
        order = ["html", "plain"] if number % 2 == 0 else ["plain", "html"]
        for path in order:
            started = time.perf_counter()
            if path == "html":
                html_out.append(translate_html(engine, [article.html], "zh", "en")[0].text)
            else:
                results = engine.translate(article.paragraphs, "zh", "en")
                plain_out.append([r.text for r in results])
            times[path].append(time.perf_counter() - started)
        position_out.append(
            translate_html(engine, [article.html], "zh", "en", placement=POSITION)[0].text
        )

    cached_times = repost_times(package, articles)

    same = sum(
        element_structure(out) == element_structure(a.html)
        and attributes(out) == attributes(a.html)
        for a, out in zip(articles, html_out, strict=True)
    )
    hypotheses = [t for out in html_out for t in paragraph_texts(out)]
    plains = [t for out in plain_out for t in out]
    references = [r for a in articles for r in a.references]
    assert len(hypotheses) == len(plains) == len(references)
    heading(
        f"HTML path vs plain path: {len(articles)} articles, {len(references)} paragraphs, "
        f"{args.limit} FLORES dev zho_Hans lines"
    )
    html_vs_plain = sacrebleu.corpus_chrf(hypotheses, [plains]).score
    html_ref = sacrebleu.corpus_chrf(hypotheses, [references]).score
    plain_ref = sacrebleu.corpus_chrf(plains, [references]).score
    html_time, plain_time = sum(times["html"]), sum(times["plain"])
    print_table(
        ["measure", "value"],
        [
            (
                "same structure and attributes",
                f"{same}/{len(articles)} ({same / len(articles):.0%})",
            ),
            ("chrF, HTML text vs plain path", round(html_vs_plain, 2)),
            ("chrF vs reference, HTML path", round(html_ref, 2)),
            ("chrF vs reference, plain path", round(plain_ref, 2)),
            ("chrF gap to reference (plain - HTML)", round(plain_ref - html_ref, 2)),
            ("time, HTML path (s)", round(html_time, 2)),
            ("time, plain path (s)", round(plain_time, 2)),
            ("time ratio HTML / plain", round(html_time / plain_time, 3)),
            (
                "median article ratio",
                round(
                    statistics.median(
                        h / p for h, p in zip(times["html"], times["plain"], strict=True)
                    ),
                    3,
                ),
            ),
            ("re-post with a cache, time HTML path (s)", round(sum(cached_times["html"]), 3)),
            ("re-post with a cache, time plain path (s)", round(sum(cached_times["plain"]), 3)),
            (
                "re-post with a cache, ratio HTML / plain",
                round(sum(cached_times["html"]) / sum(cached_times["plain"]), 3),
            ),
        ],
    )
    rows = []
    checks = sum(len(a.checks) for a in articles)
    for name, outputs in (("attention", html_out), ("position", position_out)):
        found, cover = 0, []
        for article, out in zip(articles, outputs, strict=True):
            f, c = placement(out, article.checks)
            found += f
            cover += c
        rows.append(
            (
                name,
                f"{found}/{checks} ({found / max(1, checks):.0%})",
                statistics.mean(cover or [0]),
            )
        )
    heading("Placement: elements around a Latin/digit run whose translation holds the run")
    print_table(["placement", "holds the run", "mean share of the paragraph covered"], rows)
    return 0


def repost_times(package: Path, articles: list[Article]) -> dict[str, list[float]]:
    """Each article posted again to an engine with an in-process cache, after a first post
    through the HTML path (whose aligned entries serve both paths): the time of the HTML
    path's re-post and of the plain path's, interleaved in rotating order."""
    engine = Engine.from_models_dir(package.parent, cache=MemoryCache(100_000))
    for article in articles:
        translate_html(engine, [article.html], "zh", "en")
    times: dict[str, list[float]] = {"html": [], "plain": []}
    for number, article in enumerate(articles):
        for path in ["html", "plain"] if number % 2 == 0 else ["plain", "html"]:
            started = time.perf_counter()
            if path == "html":
                translate_html(engine, [article.html], "zh", "en")
            else:
                engine.translate(article.paragraphs, "zh", "en")
            times[path].append(time.perf_counter() - started)
    return times


if __name__ == "__main__":
    raise SystemExit(main())
