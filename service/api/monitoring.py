"""GET /metrics: the Prometheus metrics (``service.observability.metrics``), every worker's
added up."""

from __future__ import annotations

from flask import Blueprint, Response, current_app
from flask.typing import ResponseReturnValue

from ..observability.metrics import CONTENT_TYPE
from ..observability.middleware import metrics_of

bp = Blueprint("monitoring", __name__)


@bp.get("/metrics")
def metrics_route() -> ResponseReturnValue:
    return Response(metrics_of(current_app).exposition(), content_type=CONTENT_TYPE)
