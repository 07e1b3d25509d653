"""Précis: offline article summaries and translations over HTTP.

Start it with ``gunicorn -c gunicorn.conf.py 'service:create_app()'``.
"""

from __future__ import annotations

import dataclasses
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
        compression,
        cors,
        deepl,
        detection,
        docs,
        libretranslate,
        meta,
        monitoring,
        problems,
        summaries,
        translations,
    )
    from .api.encoding import DecodedBody
    from .api.framing import BoundedChunkedBody
    from .api.json_body import BoundedJSONProvider
    from .observability import middleware
    from .observability.logs import configure_logging
    from .observability.metrics import Metrics
    from .runtime import EXTENSION_KEY, Runtime

    settings = runtime.settings if runtime is not None else Settings.from_env()
    if test_config:
        settings = settings.override(test_config)
    # before loading, so what the worker loads (packages, cache mode) is logged
    configure_logging(settings.log_format, settings.log_level)
    if runtime is None:
        runtime = Runtime.load(settings)
    elif test_config:
        runtime = dataclasses.replace(runtime, settings=settings)
    metrics = Metrics()
    metrics.models_loaded.set(len(runtime.engine.models))
    app = Flask(__name__)
    app.json = BoundedJSONProvider(app)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    # de-chunked first, then inflated: both bounded by the body limit
    decoded = DecodedBody(app.wsgi_app, settings.max_body_bytes)
    app.wsgi_app = BoundedChunkedBody(decoded, settings.max_body_bytes)  # type: ignore[method-assign]
    app.extensions[EXTENSION_KEY] = runtime
    problems.register(app, routing_errors=deepl.ROUTING_ERRORS)
    cors.register(app, cors.CorsPolicy.parse(settings.cors_origins, settings.cors_max_age))
    compression.register(app, settings.gzip_min_bytes)
    admission.register(app, settings)
    modules = (
        summaries,
        detection,
        translations,
        articles,
        meta,
        monitoring,
        libretranslate,
        deepl,
        docs,
    )
    for module in modules:
        app.register_blueprint(module.bp)
    # last: outermost, so every answer (body framing's included) is counted and carries its id
    middleware.install(app, metrics)
    return app
