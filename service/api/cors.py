"""Cross-origin calls from browsers (CORS): off unless ``PRECIS_CORS_ORIGINS`` lists origins.

A page served from another origin (a CMS's editor at ``https://cms.example.org``) may call the
service only if the answer says so. With origins configured, every answer to a listed origin
carries ``Access-Control-Allow-Origin`` (that origin, or ``*`` when any is allowed), error
answers too, so the page can read the problem; every answer carries ``Vary: Origin``, so a
cache never serves one origin's answer to another. A preflight (``OPTIONS`` with
``Access-Control-Request-Method``) from a listed origin to an existing route is answered here,
204, with the route's methods, the request headers the API reads and how long to cache it.
No cookies are used, so credentials are never allowed.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, Response, request

ANY = "*"
#: the request headers the API reads (the dialects' keys included), allowed in a preflight
ALLOWED_HEADERS = ("Authorization", "Content-Encoding", "Content-Type", "X-API-Key")
#: answer headers a page may read besides the CORS-safelisted ones
EXPOSED_HEADERS = ("Retry-After", "Content-Disposition")
_NOT_ANNOUNCED = {"HEAD", "OPTIONS"}


@dataclass(frozen=True)
class CorsPolicy:
    #: the allowed origins, normalized (lower case, no trailing slash)
    origins: frozenset[str]
    #: seconds a browser may cache a preflight answer
    max_age: int

    @classmethod
    def parse(cls, origins: str, max_age: int) -> CorsPolicy | None:
        """The policy of ``PRECIS_CORS_ORIGINS`` (comma-separated origins, or ``*``); None
        when it lists none: CORS is off."""
        listed = frozenset(_normalized(o) for o in origins.split(",") if o.strip())
        return cls(listed, max_age) if listed else None

    def allowed_origin(self, origin: str | None) -> str | None:
        """The ``Access-Control-Allow-Origin`` value for a request from ``origin``, or None."""
        if not origin:
            return None
        if ANY in self.origins:
            return ANY
        return origin if _normalized(origin) in self.origins else None


def _normalized(origin: str) -> str:
    return origin.strip().rstrip("/").lower()


def register(app: Flask, policy: CorsPolicy | None) -> None:
    """Answer preflights and mark answers for ``policy``'s origins (nothing when None)."""
    if policy is None:
        return

    def preflight() -> Response | None:
        if request.method != "OPTIONS" or "Access-Control-Request-Method" not in request.headers:
            return None
        origin = policy.allowed_origin(request.headers.get("Origin"))
        if origin is None or request.url_rule is None:
            return None  # not ours to allow: Flask's own OPTIONS answer (or the 404)
        methods = sorted((request.url_rule.methods or set()) - _NOT_ANNOUNCED)
        response = Response(status=204)
        del response.headers["Content-Type"]  # no body, no type
        response.headers["Access-Control-Allow-Methods"] = ", ".join(methods)
        response.headers["Access-Control-Allow-Headers"] = ", ".join(ALLOWED_HEADERS)
        response.headers["Access-Control-Max-Age"] = str(policy.max_age)
        return response

    def mark(response: Response) -> Response:
        response.vary.add("Origin")
        origin = policy.allowed_origin(request.headers.get("Origin"))
        if origin is not None:
            response.headers["Access-Control-Allow-Origin"] = origin
            if request.method != "OPTIONS":
                response.headers["Access-Control-Expose-Headers"] = ", ".join(EXPOSED_HEADERS)
        return response

    app.before_request(preflight)
    app.after_request(mark)
