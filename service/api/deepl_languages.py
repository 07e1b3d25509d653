"""DeepL's language codes and the service's, in one table.

DeepL writes codes upper-case and names some targets by variant: English and Portuguese only as
``EN-GB``/``EN-US`` and ``PT-BR``/``PT-PT`` (its clients refuse ``EN`` and ``PT`` as targets),
Chinese as ``ZH``/``ZH-HANS`` (simplified) and ``ZH-HANT`` (traditional). The service uses
Argos Translate's lower-case codes (``en``, ``zh``; ``zt`` for traditional Chinese). The Argos
models make one English and one Portuguese, so both variants of each map to the same model.
A code DeepL does not know, for a language an installed package has, passes through as its
upper-case form.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class DeepLLanguage:
    #: DeepL's code
    code: str
    #: DeepL's English name for it
    name: str
    #: the service's (Argos Translate's) code
    service: str
    #: listed by ``/v2/languages?type=source`` (DeepL's source codes carry no variant)
    source: bool = True
    #: listed by ``/v2/languages?type=target`` (DeepL lists English and Portuguese by variant)
    target: bool = True


def _plain(code: str, name: str) -> DeepLLanguage:
    return DeepLLanguage(code, name, code.lower())


TABLE: tuple[DeepLLanguage, ...] = (
    _plain("AR", "Arabic"),
    _plain("BG", "Bulgarian"),
    _plain("CS", "Czech"),
    _plain("DA", "Danish"),
    _plain("DE", "German"),
    _plain("EL", "Greek"),
    DeepLLanguage("EN", "English", "en", target=False),
    DeepLLanguage("EN-GB", "English (British)", "en", source=False),
    DeepLLanguage("EN-US", "English (American)", "en", source=False),
    _plain("ES", "Spanish"),
    _plain("ET", "Estonian"),
    _plain("FI", "Finnish"),
    _plain("FR", "French"),
    _plain("HE", "Hebrew"),
    _plain("HU", "Hungarian"),
    _plain("ID", "Indonesian"),
    _plain("IT", "Italian"),
    _plain("JA", "Japanese"),
    _plain("KO", "Korean"),
    _plain("LT", "Lithuanian"),
    _plain("LV", "Latvian"),
    _plain("NB", "Norwegian"),
    _plain("NL", "Dutch"),
    _plain("PL", "Polish"),
    DeepLLanguage("PT", "Portuguese", "pt", target=False),
    DeepLLanguage("PT-BR", "Portuguese (Brazilian)", "pt", source=False),
    DeepLLanguage("PT-PT", "Portuguese (European)", "pt", source=False),
    _plain("RO", "Romanian"),
    _plain("RU", "Russian"),
    _plain("SK", "Slovak"),
    _plain("SL", "Slovenian"),
    _plain("SV", "Swedish"),
    _plain("TH", "Thai"),
    _plain("TR", "Turkish"),
    _plain("UK", "Ukrainian"),
    _plain("VI", "Vietnamese"),
    DeepLLanguage("ZH", "Chinese", "zh"),
    DeepLLanguage("ZH-HANS", "Chinese (simplified)", "zh", source=False),
    DeepLLanguage("ZH-HANT", "Chinese (traditional)", "zt", source=False),
)

_BY_CODE = {language.code: language for language in TABLE}


def service_code(code: str) -> str | None:
    """The service's code for a DeepL code (any case), None when it is not a language code."""
    upper = code.upper()
    known = _BY_CODE.get(upper)
    if known is not None:
        return known.service
    if upper.isascii() and upper.isalpha() and 2 <= len(upper) <= 3:
        return upper.lower()
    return None


def deepl_source_code(service: str) -> str:
    """The code DeepL gives a source language, e.g. ``ZH`` in ``detected_source_language``."""
    return next(
        (lang.code for lang in TABLE if lang.service == service and lang.source), service.upper()
    )


def listing(services: Iterable[str], *, target: bool) -> list[DeepLLanguage]:
    """DeepL's entries for the service's languages, as sources or as targets, sorted by code."""
    entries: list[DeepLLanguage] = []
    for service in set(services):
        known = [
            lang
            for lang in TABLE
            if lang.service == service and (lang.target if target else lang.source)
        ]
        entries += known or [DeepLLanguage(service.upper(), service.upper(), service)]
    return sorted(entries, key=lambda lang: lang.code)
