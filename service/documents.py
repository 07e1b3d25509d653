"""Files ``/translate_file`` takes: the text read out of one, and its translation written back
in the same format.

Plain text (``.txt``) and HTML (``.html``, ``.htm``: translated as ``format`` ``html`` is, the
markup kept), UTF-8. Word and OpenDocument files (``.docx``, ``.odt``) are refused:
LibreTranslate hands them to ``argos-translate-files``, which runs argostranslate's own
translate path (the one this service replaces) on each run of text in the document's XML; see
the README.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import FieldError
from .markup import HTML, TEXT

#: the formats served, with the media type a translated file is downloaded as
MEDIA_TYPES: dict[str, str] = {".txt": "text/plain", ".html": "text/html", ".htm": "text/html"}
#: how each format's text is translated (``format`` of a translation request)
TEXT_FORMATS: dict[str, str] = {".txt": TEXT, ".html": HTML, ".htm": HTML}
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
_MAX_STEM = 80


@dataclass(frozen=True)
class Document:
    #: the file's name, reduced to safe ASCII characters, its suffix kept
    name: str
    suffix: str
    text: str

    @property
    def format(self) -> str:
        """``text`` or ``html``: how the document's text is translated."""
        return TEXT_FORMATS[self.suffix]


def read_document(filename: str, data: bytes) -> Document:
    """The text of an uploaded file; ``FieldError`` (field ``file``) when its format is not
    served or it is not what its suffix says."""
    base = re.split(r"[/\\]", filename)[-1]
    stem, dot, suffix = base.rpartition(".")
    suffix = (dot + suffix).lower() if dot else ""
    if not base:
        raise FieldError("Invalid request: empty file", field="file")
    if suffix not in MEDIA_TYPES:
        raise FieldError(
            "Invalid request: file format not supported (supported: "
            + ", ".join(MEDIA_TYPES)
            + ").",
            field="file",
            allowed=list(MEDIA_TYPES),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FieldError("Invalid request: the file is not UTF-8 text.", field="file") from exc
    safe_stem = _UNSAFE.sub("_", stem).strip("._")[:_MAX_STEM] or "document"
    return Document(safe_stem + suffix, suffix, text)


def write_document(document: Document, translated: str) -> bytes:
    """The translation as a file of the document's format."""
    return translated.encode("utf-8")
