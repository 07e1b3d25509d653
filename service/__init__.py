"""Précis: offline article summaries and translations over HTTP.

Start it with ``gunicorn -c gunicorn.conf.py 'service:create_app()'``.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from flask import Flask

from .config import Settings

if TYPE_CHECKING:
    from .runtime import Runtime


def create_app(
    test_config: Mapping[str, Any] | None = None, *, runtime: Runtime | None = None
) -> Flask:
    """Build the app: settings from ``PRECIS_*`` variables (``test_config`` overrides them by
    field name), data loaded once for this process, blueprints and error handlers registered.

    ``runtime`` hands the app what it would load (detector, engine with its models), already
    built: tests give it an engine of their own; its settings are then the app's."""
    from .api import (
        admission,
        articles,
        deepl,
        detection,
        libretranslate,
        meta,
        problems,
        summaries,
        translations,
    )
    from .api.framing import BoundedChunkedBody
    from .api.json_body import BoundedJSONProvider
    from .runtime import EXTENSION_KEY, Runtime

    if runtime is None:
        settings = Settings.from_env()
        if test_config:
            settings = settings.override(test_config)
        runtime = Runtime.load(settings)
    elif test_config:
        runtime = dataclasses.replace(runtime, settings=runtime.settings.override(test_config))
    settings = runtime.settings
    app = Flask(__name__)
    app.json = BoundedJSONProvider(app)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.wsgi_app = BoundedChunkedBody(app.wsgi_app, settings.max_body_bytes)  # type: ignore[method-assign]
    logging.getLogger("service").setLevel(settings.log_level)
    app.extensions[EXTENSION_KEY] = runtime
    problems.register(app, routing_errors=deepl.ROUTING_ERRORS)
    admission.register(app, settings)
    for module in (summaries, detection, translations, articles, meta, libretranslate, deepl):
        app.register_blueprint(module.bp)
    return app
