"""A draining process is not ready: /readyz answers 503 (problem+json) once the worker has
begun its drain, so a load balancer stops sending to it (the drain itself over real gunicorn is
in test_slow_clients.py)."""

from __future__ import annotations

import threading

import pytest

from service.front import draining

from .conftest import CheckedClient


def test_readyz_answers_503_while_the_process_drains(
    client: CheckedClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert client.get("/readyz").status_code == 200
    monkeypatch.setattr(draining, "_draining", threading.Event())
    draining.begin()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["detail"] == "The service is shutting down."
    assert client.get("/healthz").status_code == 200  # alive, only not taking new work
