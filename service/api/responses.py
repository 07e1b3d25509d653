"""Every successful answer of the native API, rendered from domain results in one place (the
shapes are ``openapi.yaml``'s response schemas). Errors are rendered by ``problems``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..articles import Article, ArticleTranslation
from ..language import ResolvedLanguage
from ..summarize import Chosen
from ..targets import Missing
from ..text.detect import Guess
from ..text.languages import join_sentences
from ..translation import TargetTranslation


def language_json(language: ResolvedLanguage) -> dict[str, Any]:
    return {"code": language.code, "confidence": language.confidence, "detected": language.detected}


def summary_json(
    method: str, sentence_count: int, chosen: Sequence[Chosen], language: str
) -> dict[str, Any]:
    return {
        "method": method,
        "sentence_count": sentence_count,
        "summary": join_sentences((c.sentence.text for c in chosen), language),
        "sentences": [
            {
                "index": c.index,
                "text": c.sentence.text,
                "start": c.sentence.start,
                "end": c.sentence.end,
            }
            for c in chosen
        ],
    }


def summarize_json(
    language: ResolvedLanguage, method: str, sentence_count: int, chosen: Sequence[Chosen]
) -> dict[str, Any]:
    return {
        "language": language_json(language),
        **summary_json(method, sentence_count, chosen, language.code),
    }


def detect_json(best: Guess, ranked: Sequence[Guess]) -> dict[str, Any]:
    return {
        "language": best.language,
        "confidence": best.confidence,
        "candidates": [{"language": g.language, "confidence": g.confidence} for g in ranked],
    }


def translate_json(
    source: ResolvedLanguage,
    translations: Sequence[TargetTranslation],
    missing: Sequence[Missing],
    *,
    single: bool,
    partial: bool,
) -> dict[str, Any]:
    return {
        "source": language_json(source),
        "translations": [
            {
                "target": t.target,
                "route": list(t.route),
                "text": t.texts[0].text if single else [r.text for r in t.texts],
                "truncated": any(r.truncated for r in t.texts),
            }
            for t in translations
        ],
        **_missing_json(missing, partial),
    }


def article_json(
    source: ResolvedLanguage,
    method: str,
    article: Article,
    missing: Sequence[Missing],
    *,
    partial: bool,
) -> dict[str, Any]:
    return {
        "language": language_json(source),
        "summary": summary_json(method, len(article.sentences), article.chosen, source.code),
        "translations": [_article_translation_json(t) for t in article.translations],
        **_missing_json(missing, partial),
    }


def _article_translation_json(translation: ArticleTranslation) -> dict[str, Any]:
    out: dict[str, Any] = {
        "target": translation.target,
        "route": list(translation.route),
        "truncated": translation.truncated,
    }
    if translation.title is not None:
        out["title"] = translation.title
    if translation.summary_sentences is not None:
        out["summary"] = translation.summary
        out["summary_sentences"] = translation.summary_sentences
    if translation.text is not None:
        out["text"] = translation.text
    return out


def _missing_json(missing: Sequence[Missing], partial: bool) -> dict[str, Any]:
    if not partial:
        return {}
    return {"missing": [{"target": m.target, "detail": m.detail} for m in missing]}
