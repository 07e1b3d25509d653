"""Hostile inputs shared by the spec-driven fuzz test (tests/test_spec_fuzz.py) and the bad-input
matrix benchmark (bench/hostile_bench.py): strings that have broken text services before, raw
JSON values a strict parser refuses or a lax one mangles, and content types a route does not
take. Fixed lists, so the matrix is the same on every run."""

from __future__ import annotations

#: strings for any text or code field
STRINGS: list[str] = [
    "",
    " \t\r\n ",
    "\ud800",  # a lone surrogate (high)
    "ok \udfff ok",  # a lone surrogate (low) inside text
    "\x00",
    "a\x00b. c\x00d.",
    "\u202eevil\u202c. \u202dtext\u200f.",  # RTL/LTR overrides and marks
    "\u200d" * 500 + "👩\u200d👩\u200d👧",  # zero-width joiners
    "\ufeff\ufeffBOM. \u200b\u200b\u2060.",
    "e" + "\u0301" * 10_000,  # combining marks x 10k
    "x" * 20_000,  # one very long token
    "字" * 5_000,
    "".join(chr(c) for c in range(1, 32)) * 20,  # control characters
    "\u0085\u2028\u2029\x0b\x0c line separators \u2028 too.",
    "Mixed: English, Українська, Русский, 中文, العربية, עברית, हिन्दी, 🤖.",
    "<script>alert(1)</script><b>bold</b> <img src=x onerror=alert(1)> &amp; &#0; &#x110000;",
    "<" * 3_000 + "p>text",
    "<p>" * 2_000 + "深层嵌套。",
    "]]><!-- --><![CDATA[x]]><?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]>&a;",
    "NaN",
    "-Infinity",
    "1e99999",
    "9" * 5_000,
    "%00%ff%ED%A0%80",
    "\\ud800\\u0000",
    "../../../../etc/passwd",
    "auto",
    "zh",
    "EN-GB",
    "ZH-HANT",
    "zt",
    "und",
    "xx-YY-zz",
    "😀" * 1_000,
    "\U0010ffff\U000e0001\U000e007f",
    "。" * 3_000,
    ". " * 3_000,
    "乌克兰总统周二会见了欧洲领导人。" * 3,
]

#: JSON values in raw JSON syntax, for any field (some are not JSON that Python's json accepts
#: by default: NaN and Infinity literals, numbers past float range or past the digit limit)
RAW_VALUES: list[str] = [
    "NaN",
    "Infinity",
    "-Infinity",
    "1e999",
    "-1e999",
    "1" + "0" * 5_000,
    "-0",
    "0.0000000000000000000000000000001",
    "18446744073709551616",
    "true",
    "null",
    "[]",
    "{}",
    "[" * 40 + "]" * 40,
    '{"a":' * 40 + "1" + "}" * 40,
    "[" * 5_000 + "]" * 5_000,
    '"\\ud800"',
    '"\\udfff\\ud800"',
    '"\\u0000"',
    '["\\ud83d", "ok"]',
    '{"\\ud800": 1}',
    '"' + "\\u0301" * 2_000 + '"',
]

#: bytes spliced into a body: invalid UTF-8, a raw surrogate, an overlong encoding, a BOM
RAW_BYTES: list[bytes] = [
    b"\xff\xfe",
    b"\xed\xa0\x80",
    b"\xc0\xaf",
    b"\x80",
    b"\xef\xbb\xbf",
    b"\xf4\x90\x80\x80",
    b"\x00",
]

#: content types a route may be sent, most of them wrong for it
CONTENT_TYPES: list[str | None] = [
    None,
    "application/json",
    "application/json; charset=latin-1",
    "application/json; charset=utf-16",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "multipart/form-data; boundary=nope",
    "text/plain",
    "text/html",
    "application/xml",
    "application/octet-stream",
    "application/problem+json",
    "*/*",
    ";;;",
    "application/json; charset=\x7f",
]
