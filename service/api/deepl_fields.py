"""DeepL API v2 requests, read into the service's own typed requests.

DeepL's clients send a JSON object (the official client libraries) or a form (older clients and
CMS plugins; ``text`` repeated, booleans as ``0``/``1``), with DeepL's field names and language
codes. Both are read into one dict and then into the ``TranslateRequest`` the native API builds,
so the same domain calls serve both dialects.

Fields this server has no use for (``context``, ``model_type``, ...) are ignored, as DeepL
ignores what it does not know. Features it does not have are refused by name rather than
silently dropped: ``tag_handling`` ``xml`` (``html`` is served), glossaries, and a formality
other than ``default``/``prefer_*`` (no target here supports formality, and DeepL refuses
``more``/``less`` for such targets too).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from flask import request

from ..config import Settings
from ..errors import FieldError, InvalidInput, TextTooLong, UnsupportedLanguage
from ..language import AUTO
from ..markup import HTML, TEXT
from .body import Fields, json_object
from .deepl_languages import service_code
from .requests import TranslateRequest

#: the fields of /v2/translate read here; any other field is ignored
TRANSLATE_FIELDS = (
    "text",
    "source_lang",
    "target_lang",
    "split_sentences",
    "preserve_formatting",
    "show_billed_characters",
    "tag_handling",
    "formality",
    "glossary_id",
    "glossary_ids",
)
#: DeepL's split_sentences values. The engine always splits at sentence ends and line breaks
#: (the Argos models are trained on sentences), so "0" and "nonewlines" are accepted and
#: translate as "1" does
SPLIT_SENTENCES = ("0", "1", "nonewlines")
FORMALITIES = ("default", "prefer_more", "prefer_less", "more", "less")
TAG_HANDLING = ("html", "xml")
#: how a form (and some clients' JSON) writes a boolean
FORM_BOOLEANS = {"1": True, "true": True, "0": False, "false": False}
BOOLEAN_FIELDS = ("preserve_formatting", "show_billed_characters")


@dataclass(frozen=True)
class DeepLTranslate:
    """The service's request, plus what only DeepL's answer needs."""

    request: TranslateRequest
    #: the answer gives each text's ``billed_characters`` (DeepL's ``show_billed_characters``)
    billed_characters: bool


def deepl_body() -> dict[str, Any]:
    """The request's fields: its JSON object, or else its form (empty without one). A boolean
    may come as a form writes it, in JSON too (some clients send ``"0"``/``"false"``)."""
    if request.is_json:
        body = json_object()
    else:
        form = request.form
        body = {name: form.getlist(name) if name == "text" else form[name] for name in form}
    for name in BOOLEAN_FIELDS:
        value = body.get(name)
        if isinstance(value, str):
            body[name] = FORM_BOOLEANS.get(value, value)
    return body


def parse_deepl_translate(
    body: dict[str, Any], settings: Settings, languages: Collection[str]
) -> DeepLTranslate:
    """``languages``: the service codes ``source_lang`` may name."""
    fields = Fields({k: v for k, v in body.items() if k in TRANSLATE_FIELDS}, TRANSLATE_FIELDS)
    texts = _texts(fields, settings)
    if not fields.has("target_lang"):
        raise fields.error("Parameter {} not specified.", "target_lang")
    target = _language(fields, "target_lang")
    source = _language(fields, "source_lang") if fields.has("source_lang") else AUTO
    if source != AUTO and source not in languages:
        raise UnsupportedLanguage(
            f"Value for 'source_lang' not supported: {fields.raw('source_lang')!r}.",
            field="source_lang",
            allowed=sorted(languages),
        )
    fields.choice("split_sentences", SPLIT_SENTENCES, "1")
    fields.flag("preserve_formatting")
    text_format = _tag_handling(fields)
    _refuse_missing_features(fields)
    return DeepLTranslate(
        TranslateRequest(texts, False, source, (target,), partial=False, format=text_format),
        billed_characters=fields.flag("show_billed_characters"),
    )


def parse_languages_type(body: dict[str, Any]) -> bool:
    """Whether ``/v2/languages`` lists targets (``type=target``) rather than sources."""
    value = request.args.get("type", body.get("type", "source"))
    if value not in ("source", "target"):
        raise FieldError(
            "Value for 'type' not supported; use 'source' or 'target'.",
            field="type",
            allowed=["source", "target"],
        )
    return bool(value == "target")


def _texts(fields: Fields, settings: Settings) -> tuple[str, ...]:
    limit = settings.max_text_chars
    value = fields.raw("text")
    if value is None:
        raise fields.error("Parameter {} not specified.", "text")
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not 1 <= len(items) <= settings.max_texts:
        raise fields.error(f"{{}} must hold 1 to {settings.max_texts} strings.", "text")
    texts = tuple(fields.text_value(item, "text", limit) for item in items)
    total = sum(len(text) for text in texts)
    if total > limit:
        raise TextTooLong(f"'text' holds {total} characters; the limit is {limit}.", field="text")
    return texts


def _language(fields: Fields, name: str) -> str:
    value = fields.raw(name)
    code = service_code(value) if isinstance(value, str) else None
    if code is None:
        raise UnsupportedLanguage(f"Value for '{name}' not supported: {value!r}.", field=name)
    return code


def _tag_handling(fields: Fields) -> str:
    """``tag_handling``: ``html`` is the service's HTML format; ``xml`` is refused."""
    if not fields.has("tag_handling"):
        return TEXT
    if fields.choice("tag_handling", TAG_HANDLING, HTML) == "xml":
        raise InvalidInput(
            "tag_handling 'xml' is not supported: this server translates plain text and HTML.",
            field="tag_handling",
        )
    return HTML


def _refuse_missing_features(fields: Fields) -> None:
    if fields.has("glossary_id") or fields.has("glossary_ids"):
        raise InvalidInput("Glossaries are not supported by this server.", field="glossary_id")
    if fields.choice("formality", FORMALITIES, "default") in ("more", "less"):
        raise InvalidInput(
            "'formality' is not supported for any target language of this server; "
            "use 'default', 'prefer_more' or 'prefer_less'.",
            field="formality",
        )
