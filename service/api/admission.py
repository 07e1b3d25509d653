"""Each request's lane and time budget, around every route (``register(app)``).

Before a request is routed to its view, it gets its deadline (``PRECIS_REQUEST_TIMEOUT``
seconds from now, ``service.deadline``) and, on a route that computes, a slot of its lane
(``service.admission``): translations (``/v1/translate``, ``/v1/articles`` with targets, the
LibreTranslate and DeepL translate routes) take the heavy lane; summaries, detection and the
language lists the light one. A refusal is an ``Overloaded`` error, answered by the route's own
handlers (a problem here, LibreTranslate's or DeepL's shape on theirs), before the body is
parsed (an article's excepted: whether it has targets decides its lane). Probes, the spec,
``/metrics``, ``/docs`` and anything else take no slot, so they are never refused. The slot is
given back, and the deadline dropped, when the request ends.

It works at the WSGI app's level (Flask hooks), not in gunicorn, so it holds for any worker
class.
"""

from __future__ import annotations

from flask import Flask, g, request

from .. import deadline
from ..admission import Lane, Lanes
from ..config import Settings

#: routes whose work is translation
HEAVY_PATHS = frozenset({"/v1/translate", "/translate", "/translate_file", "/v2/translate"})
#: routes of short work in Python
LIGHT_PATHS = frozenset(
    {"/v1/summarize", "/v1/detect", "/v1/languages", "/detect", "/languages", "/v2/languages"}
)
ARTICLES_PATH = "/v1/articles"


def lane_of(lanes: Lanes, path: str) -> Lane | None:
    """The lane of a request to ``path`` (None: it takes no slot)."""
    if path in HEAVY_PATHS:
        return lanes.heavy
    if path in LIGHT_PATHS:
        return lanes.light
    if path == ARTICLES_PATH:
        return lanes.heavy if _has_targets() else lanes.light
    return None


def _has_targets() -> bool:
    """The request's JSON body asks for translations (a malformed one counts as asking, and its
    route then answers what is wrong with it)."""
    if not request.is_json:
        return True
    body = request.get_json(silent=True)
    return not isinstance(body, dict) or bool(body.get("targets", []))


def register(app: Flask, settings: Settings) -> Lanes:
    """Install the hooks; the worker's lanes are returned (and kept in ``app.extensions``)."""
    lanes = Lanes.from_limits(settings.queue)
    app.extensions["precis.lanes"] = lanes

    @app.before_request
    def admit() -> None:
        budget = deadline.Deadline(settings.request_timeout)
        g.precis_deadline = deadline.begin(budget)
        lane = lane_of(lanes, request.path)
        if lane is not None:
            g.precis_slot = (lane, lane.enter(patience=budget.remaining()))

    @app.teardown_request
    def release(_: BaseException | None) -> None:
        slot = g.pop("precis_slot", None)
        if slot is not None:
            lane, ticket = slot
            lane.leave(ticket)
        token = g.pop("precis_deadline", None)
        if token is not None:
            deadline.end(token)

    return lanes
