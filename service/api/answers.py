"""A parsed request's answer, rendered: the domain calls between parsing and JSON, shared by the
routes (``summaries``, ``translations``, ``detection``) and the command line (``service.cli``).

Knows nothing of Flask: a route parses its body, admits its key, then hands the request here.
What the request did is noted for its log line and metrics (nothing outside a request)."""

from __future__ import annotations

from typing import Any

from ..language import resolve_language, resolve_source
from ..markup import plain_text
from ..observability.context import note_request
from ..runtime import Runtime
from ..summarize import summarize
from ..targets import plan_targets
from ..text.splitter import split_sentences
from ..translation import translate_texts
from .requests import DetectRequest, SummarizeRequest, TranslateRequest
from .responses import detect_json, summarize_json, translate_json


def summary_answer(rt: Runtime, req: SummarizeRequest) -> dict[str, Any]:
    note_request(characters=req.characters)
    plain = plain_text(req.text, req.format)
    language = resolve_language(plain.text, req.language, rt.detector)
    sentences = split_sentences(plain.text, language.code)
    note_request(sentences=len(sentences))
    chosen = summarize(
        sentences,
        language.code,
        req.summary.method,
        req.summary.length,
        heading_paragraphs=plain.headings,
    )
    return summarize_json(language, req.summary.method, len(sentences), chosen)


def translation_answer(rt: Runtime, req: TranslateRequest) -> dict[str, Any]:
    note_request(characters=req.characters)
    plain = "\n".join(plain_text(text, req.format).text for text in req.texts)
    source = resolve_source(plain, req.source, rt.detector)
    routes, missing = plan_targets(rt.engine, source.code, req.targets, partial=req.partial)
    translations = translate_texts(
        rt.engine, req.texts, source.code, routes, text_format=req.format
    )
    note_request(sentences=translations[0].sentence_count if translations else 0)
    return translate_json(source, translations, missing, single=req.single, partial=req.partial)


def detection_answer(rt: Runtime, req: DetectRequest) -> dict[str, Any]:
    note_request(characters=req.characters)
    return detect_json(rt.detector.detect(req.text), rt.detector.rank(req.text))
