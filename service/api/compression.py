"""Gzipped answers: an answer larger than ``PRECIS_GZIP_MIN_BYTES`` goes out gzipped to a
client that accepts it (``Accept-Encoding: gzip``).

An article's translations into several languages, or a list of texts, are tens of KiB of JSON
that compress four to eight times. A few lines of ``after_request`` do it rather than a
package: the answers are built in memory already, JSON and text only need gzip, and what is
left alone is explicit here: small answers (the header and CPU cost more than they save),
answers to HEAD and without a body, streamed ones and files sent as they are on disk
(``/download_file``, the /docs assets), and answers already encoded. Every answer that would be
compressed for some client carries ``Vary: Accept-Encoding``, so caches keep both forms apart.
"""

from __future__ import annotations

import gzip

from flask import Flask, Response, request

#: media types worth compressing (images and archives are compressed already)
_TEXTUAL = ("text/", "application/json", "application/problem+json", "application/yaml")
#: zlib's default: within a few percent of level 9's size at a fraction of its time
LEVEL = 6


def register(app: Flask, min_bytes: int) -> None:
    """Gzip answers over ``min_bytes`` (0: never)."""
    if min_bytes <= 0:
        return

    def compress(response: Response) -> Response:
        if not _compressible(response):
            return response
        body = response.get_data()
        if len(body) <= min_bytes:
            return response
        response.vary.add("Accept-Encoding")
        if request.accept_encodings["gzip"] <= 0:
            return response
        response.set_data(gzip.compress(body, LEVEL, mtime=0))
        response.headers["Content-Encoding"] = "gzip"
        return response

    app.after_request(compress)


def _compressible(response: Response) -> bool:
    return not (
        request.method == "HEAD"
        or response.direct_passthrough
        or response.is_streamed
        or response.status_code < 200
        or response.status_code in (204, 304)
        or "Content-Encoding" in response.headers
        or not (response.mimetype or "").startswith(_TEXTUAL)
    )
