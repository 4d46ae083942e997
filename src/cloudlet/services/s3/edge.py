"""S3 HTTP handled before AWS routing: virtual-hosted addressing, presigned URL expiry,
CORS preflight requests and browser-form uploads (``post_object.py``).

- Virtual-hosted style (``{bucket}.s3.localhost:{port}/{key}``,
  ``{bucket}.s3.{region}.amazonaws.com``): the bucket moves from the host into the path,
  and the request goes on to the path-style routes.
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
- Presigned URLs (SigV4 query ``X-Amz-Date`` + ``X-Amz-Expires``; SigV2 ``Expires``): past
  their expiry they answer 403 AccessDenied "Request has expired" (the signature itself is
  not verified). https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
- ``OPTIONS`` with ``Origin`` and ``Access-Control-Request-Method`` is answered from the
  bucket's CORS rules (the first rule matching origin, method and every requested header),
  or 403 when none matches. https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html

LIMITATIONS: CORS headers are added to preflight answers only, not to the actual
GET/PUT responses; bucket names with dots cannot be virtual-hosted.
"""

from __future__ import annotations

import fnmatch
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, unquote

from cloudlet.clock import new_id
from cloudlet.server.errors import ServiceError
from cloudlet.server.http import Request, Response
from cloudlet.server.protocols.rest_xml import RestXmlProtocol
from cloudlet.server.state import ServerState
from cloudlet.services.s3.errors import AccessDenied, CorsForbidden
from cloudlet.services.s3.post_object import is_form_post, post_object
from cloudlet.services.s3.registry import service, store_of

_HOSTS = ("{bucket}.s3.localhost", "{bucket}.s3.{region}.localhost",
          "{bucket}.s3.amazonaws.com", "{bucket}.s3.{region}.amazonaws.com")


def _error(error: ServiceError) -> Response:
    return RestXmlProtocol().serialize_error(service, error, new_id())


async def _virtual_host(state: ServerState, request: Request, params: dict[str, str]) -> None:
    bucket = params["bucket"]
    request.raw_path = f"/{bucket}{request.raw_path}" if request.raw_path != "/" else f"/{bucket}"
    request.path = unquote(request.raw_path)
    return None


for _host in _HOSTS:
    service.route(host=_host, priority=50)(_virtual_host)


def _expired(query: dict[str, list[str]], now: float) -> AccessDenied | None:
    if "X-Amz-Expires" in query and "X-Amz-Date" in query:
        try:
            signed = datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            expires = int(query["X-Amz-Expires"][0])
        except ValueError:
            return AccessDenied("X-Amz-Expires must be a number of seconds")
        if now > signed.timestamp() + expires:
            return AccessDenied("Request has expired", **{
                "X-Amz-Expires": expires,
                "Expires": datetime.fromtimestamp(signed.timestamp() + expires, UTC)
                .strftime("%Y-%m-%dT%H:%M:%SZ"),
                "ServerTime": datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")})
    elif "Expires" in query and "Signature" in query:
        try:
            until = int(query["Expires"][0])
        except ValueError:
            return None
        if now > until:
            return AccessDenied("Request has expired")
    return None


def _matching_rule(rules: list[dict[str, Any]], origin: str, method: str,
                   headers: list[str]) -> dict[str, Any] | None:
    for rule in rules:
        if not any(fnmatch.fnmatchcase(origin, o) for o in rule.get("AllowedOrigins", [])):
            continue
        if method not in rule.get("AllowedMethods", []):
            continue
        allowed = [h.lower() for h in rule.get("AllowedHeaders", [])]
        if all(any(fnmatch.fnmatchcase(h, a) for a in allowed) for h in headers):
            return rule
    return None


def preflight(state: ServerState, request: Request) -> Response:
    bucket_name = request.path.lstrip("/").split("/", 1)[0]
    origin = request.headers.get("origin", "")
    method = request.headers.get("access-control-request-method", "")
    wanted = [h.strip().lower() for h in
              request.headers.get("access-control-request-headers", "").split(",") if h.strip()]
    st = store_of(state)
    try:
        st.bucket(bucket_name)
    except ServiceError as error:
        return _error(error)
    rule = _matching_rule(st.setting(bucket_name, "cors") or [], origin, method, wanted)
    if rule is None:
        return _error(CorsForbidden())
    headers = [
        ("access-control-allow-origin", "*" if "*" in rule["AllowedOrigins"] else origin),
        ("access-control-allow-methods", ", ".join(rule["AllowedMethods"])),
        ("vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"),
    ]
    if "*" not in rule["AllowedOrigins"]:
        headers.append(("access-control-allow-credentials", "true"))
    if wanted:
        headers.append(("access-control-allow-headers", ", ".join(wanted)))
    if rule.get("ExposeHeaders"):
        headers.append(("access-control-expose-headers", ", ".join(rule["ExposeHeaders"])))
    if rule.get("MaxAgeSeconds") is not None:
        headers.append(("access-control-max-age", str(rule["MaxAgeSeconds"])))
    return Response(200, b"", headers)


@service.route(prefix="/", priority=-50)
async def s3_edge(state: ServerState, request: Request, params: dict[str, str]) -> Response | None:
    """Presigned expiry, CORS preflight and POST Object; anything else passes on (None)."""
    if is_form_post(request):
        try:
            return await post_object(state, request)
        except ServiceError as error:
            return _error(error)
    if request.method == "OPTIONS" and "origin" in request.headers \
            and "access-control-request-method" in request.headers and request.path != "/":
        return preflight(state, request)
    query_string = request.query_string
    if "Expires=" not in query_string:
        return None
    query = parse_qs(query_string, keep_blank_values=True)
    if "X-Amz-Credential" in query and "/s3/aws4_request" not in query["X-Amz-Credential"][0]:
        return None
    if "X-Amz-Credential" not in query and "AWSAccessKeyId" not in query:
        return None
    expired = _expired(query, state.clock.now())
    return None if expired is None else _error(expired)
