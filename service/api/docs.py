"""Interactive API documentation: Swagger UI at /docs, and the spec as JSON at /openapi.json.

Swagger UI's files come from the pinned ``swagger-ui-bundle-v2`` package (Swagger UI 5, which
reads OpenAPI 3.1) and are served from here: the page loads nothing from another host, so it
works offline and behind a firewall. Its configuration is a script of ours (not inline, so a
strict Content-Security-Policy can still allow it) that points at /openapi.json and turns off
the online validator badge, the one call Swagger UI would make to another host.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import yaml
from flask import Blueprint, Response, abort, send_from_directory
from flask.typing import ResponseReturnValue
from swagger_ui_bundle import swagger_ui_path

from .meta import SPEC_PATH

bp = Blueprint("docs", __name__)

#: the files of the bundle the page uses (the rest: source maps, other builds, not served)
ASSETS = (
    "swagger-ui.css",
    "index.css",
    "swagger-ui-bundle.js",
    "favicon-32x32.png",
    "favicon-16x16.png",
)
#: a day: the files change only with the pinned package
ASSET_MAX_AGE = 86400

PAGE = """<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>Précis API</title>
    <link rel="stylesheet" type="text/css" href="/docs/swagger-ui.css">
    <link rel="stylesheet" type="text/css" href="/docs/index.css">
    <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
    <link rel="icon" type="image/png" href="/docs/favicon-16x16.png" sizes="16x16">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js" charset="UTF-8"></script>
    <script src="/docs/swagger-initializer.js" charset="UTF-8"></script>
  </body>
</html>
"""

INITIALIZER_NAME = "swagger-initializer.js"
INITIALIZER = """window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
};
"""


@functools.cache
def spec() -> dict[str, Any]:
    """openapi.yaml, parsed once per process."""
    loaded: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return loaded


@bp.get("/openapi.json")
def spec_json_route() -> ResponseReturnValue:
    text = json.dumps(spec(), ensure_ascii=False)
    return Response(text, mimetype="application/json")


@bp.get("/docs")
def docs_route() -> ResponseReturnValue:
    return Response(PAGE, mimetype="text/html")


@bp.get("/docs/<asset>")
def asset_route(asset: str) -> ResponseReturnValue:
    if asset == INITIALIZER_NAME:
        return Response(INITIALIZER, mimetype="text/javascript")
    if asset not in ASSETS:
        abort(404)
    return send_from_directory(str(swagger_ui_path), asset, max_age=ASSET_MAX_AGE)
