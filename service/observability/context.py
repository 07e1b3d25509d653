"""The request being served, as context variables: its id and a ``RequestWork`` tally.

Domain code (the engine, the models) notes what it did here (``note_translated``,
``note_cache``) without knowing of Flask, logging set-up or Prometheus; outside a request (a
benchmark, the installer) there is no tally and the notes go nowhere. The WSGI middleware
(``middleware.py``) opens a request's context and, when the response is done, turns the tally
into the request's summary log line and its metrics.

Each gunicorn gthread request runs on one thread from start to end, and context variables are
per thread, so concurrent requests never share a tally.
"""

from __future__ import annotations

from collections import Counter
from contextvars import ContextVar, Token
from dataclasses import dataclass, field


@dataclass
class RequestWork:
    """What one request did. The middleware's hook notes ``route``, the routes ``characters``
    and ``sentences``; the translation engine and its models note the rest."""

    #: the URL rule matched (``/v1/translate``); None when no route matched
    route: str | None = None
    #: characters of text the request asked to process (what the key's quota counts)
    characters: int = 0
    #: sentences of the request's text (the input split), when the route splits it
    sentences: int = 0
    #: per pair ("zh-en"): sentences sent to a model, and their source tokens
    translated_sentences: Counter[str] = field(default_factory=Counter)
    translated_tokens: Counter[str] = field(default_factory=Counter)
    #: per pair: translations cut by the decoding-length cap or the input-length cap
    truncated_sentences: Counter[str] = field(default_factory=Counter)
    #: sentence-cache lookups answered from the cache, and not
    cache_hits: int = 0
    cache_misses: int = 0

    @property
    def truncated(self) -> bool:
        return sum(self.truncated_sentences.values()) > 0


_request_id: ContextVar[str | None] = ContextVar("precis_request_id", default=None)
_work: ContextVar[RequestWork | None] = ContextVar("precis_request_work", default=None)


@dataclass(frozen=True)
class Opened:
    """What ``open_request`` set, for ``close_request`` to undo."""

    id_token: Token[str | None]
    work_token: Token[RequestWork | None]


def open_request(request_id: str) -> tuple[RequestWork, Opened]:
    work = RequestWork()
    return work, Opened(_request_id.set(request_id), _work.set(work))


def close_request(opened: Opened) -> None:
    _work.reset(opened.work_token)
    _request_id.reset(opened.id_token)


def current_request_id() -> str | None:
    """The id of the request being served on this thread (None outside a request)."""
    return _request_id.get()


def current_work() -> RequestWork | None:
    return _work.get()


def note_request(*, route: str | None = None, characters: int = 0, sentences: int = 0) -> None:
    """A route's own figures: what it matched, how much text it was given, how many
    sentences that text made."""
    work = _work.get()
    if work is None:
        return
    if route is not None:
        work.route = route
    work.characters += characters
    work.sentences += sentences


def note_translated(pair: str, *, sentences: int, tokens: int) -> None:
    """A model is sending ``sentences`` sentences (``tokens`` source tokens) to be decoded."""
    work = _work.get()
    if work is None:
        return
    work.translated_sentences[pair] += sentences
    work.translated_tokens[pair] += tokens


def note_truncated(pair: str, count: int) -> None:
    """``count`` of a model's translations came back cut."""
    work = _work.get()
    if work is None or not count:
        return
    work.truncated_sentences[pair] += count


def note_cache(*, hits: int, misses: int) -> None:
    work = _work.get()
    if work is None:
        return
    work.cache_hits += hits
    work.cache_misses += misses
