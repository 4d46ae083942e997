"""CORS for HTTP APIs: the API's ``CorsConfiguration`` answered by the gateway.

https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html

- With CORS configured, API Gateway answers preflight requests (``OPTIONS`` with ``Origin``
  and ``Access-Control-Request-Method``) itself, whether or not an ``OPTIONS`` route exists,
  and before any authorizer: 204 with ``access-control-allow-origin``,
  ``-allow-methods``, ``-allow-headers``, ``-max-age`` and ``-allow-credentials`` as
  configured.
- Every other response to an allowed ``Origin`` gets ``access-control-allow-origin``,
  ``-expose-headers`` and ``-allow-credentials``; CORS headers the integration returned are
  dropped (API Gateway ignores them when the API has a CORS configuration).
- ``AllowOrigins`` entries are exact origins, ``*``, or origins with a wildcard subdomain
  (``https://*.example.com``). With ``*``, the answer is ``*`` unless credentials are
  allowed, when the request's origin is echoed. ``AllowMethods``/``AllowHeaders`` of ``*``
  allow whatever the preflight asks for.

LIMITATIONS: a preflight from an origin that is not allowed is answered 204 with no
``access-control-*`` headers (unverified against AWS); header names are compared
case-insensitively, origins exactly.
"""

from __future__ import annotations

import re
from typing import Any

from cloudlet.server.http import Request, Response


def _origin_allowed(origin: str, allowed: list[str]) -> bool:
    for pattern in allowed:
        if pattern == "*" or pattern == origin:
            return True
        if "*" in pattern:
            regex = re.escape(pattern).replace(r"\*", "[^/]+")
            if re.fullmatch(regex, origin):
                return True
    return False


def is_preflight(request: Request) -> bool:
    return (request.method == "OPTIONS" and "origin" in request.headers
            and "access-control-request-method" in request.headers)


def _allow_origin(cors: dict[str, Any], origin: str) -> str | None:
    allowed = [str(o) for o in cors.get("AllowOrigins") or []]
    if not _origin_allowed(origin, allowed):
        return None
    if allowed == ["*"] and not cors.get("AllowCredentials"):
        return "*"
    return origin


def preflight(cors: dict[str, Any], request: Request, request_id: str) -> Response:
    """The gateway's answer to a preflight request."""
    headers: list[tuple[str, str]] = [("apigw-requestid", request_id)]
    origin = request.headers.get("origin", "")
    allow_origin = _allow_origin(cors, origin)
    if allow_origin is None:
        return Response(204, b"", headers)
    wanted_method = request.headers.get("access-control-request-method", "").upper()
    methods = [str(m).upper() for m in cors.get("AllowMethods") or []]
    if methods and "*" not in methods and wanted_method not in methods:
        return Response(204, b"", headers)
    wanted_headers = [h.strip().lower() for h in
                      request.headers.get("access-control-request-headers", "").split(",")
                      if h.strip()]
    allowed_headers = [str(h).lower() for h in cors.get("AllowHeaders") or []]
    headers.append(("access-control-allow-origin", allow_origin))
    if methods:
        headers.append(("access-control-allow-methods",
                        wanted_method if "*" in methods else ",".join(methods)))
    if allowed_headers:
        shown = wanted_headers if "*" in allowed_headers else allowed_headers
        if shown:
            headers.append(("access-control-allow-headers", ",".join(shown)))
    if cors.get("AllowCredentials"):
        headers.append(("access-control-allow-credentials", "true"))
    if cors.get("MaxAge") is not None:
        headers.append(("access-control-max-age", str(cors["MaxAge"])))
    return Response(204, b"", headers)


def decorate(cors: dict[str, Any], request: Request, response: Response) -> Response:
    """``response`` with the API's CORS headers in place of the integration's."""
    response.headers = [(n, v) for n, v in response.headers
                        if not n.lower().startswith("access-control-")]
    origin = request.headers.get("origin")
    if not origin:
        return response
    allow_origin = _allow_origin(cors, origin)
    if allow_origin is None:
        return response
    response.headers.append(("access-control-allow-origin", allow_origin))
    if cors.get("AllowCredentials"):
        response.headers.append(("access-control-allow-credentials", "true"))
    exposed = [str(h) for h in cors.get("ExposeHeaders") or []]
    if exposed:
        response.headers.append(("access-control-expose-headers", ",".join(exposed)))
    return response
