"""The Lambda proxy event of an HTTP API (payload format 2.0 and 1.0) and the reading of the
function's answer.

https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html

Format 2.0: ``version``, ``routeKey``, ``rawPath`` (with the stage segment of a named stage),
``rawQueryString``, ``cookies`` (the ``cookie`` headers split into cookies, the header itself
left out of ``headers``), ``headers`` (names lower-cased, repeated ones comma-joined),
``queryStringParameters`` (repeated ones comma-joined), ``pathParameters``,
``stageVariables``, ``requestContext`` (``accountId``, ``apiId``, ``authorizer``,
``domainName``, ``domainPrefix``, ``http``, ``requestId``, ``routeKey``, ``stage``,
``time``, ``timeEpoch``), ``body`` and ``isBase64Encoded``; members with nothing to say are
left out, as AWS leaves them out.

Format 1.0 is the REST API proxy event (``resource``, ``path``, ``httpMethod``, both header
and query maps, ``requestContext.identity``, ...) with ``version`` ``1.0``; empty members
are ``null`` as there. For the ``$default`` route ``resource``, ``resourcePath`` and
``resourceId`` are ``$default``; the headers AWS itself spells canonically (``Host``,
``Content-Type``, ``X-Forwarded-For``, ...) keep that spelling.

Answers: in 2.0, JSON without ``statusCode`` is the body of a 200 ``application/json``
response; otherwise ``statusCode``, ``headers``, ``cookies`` (each a ``set-cookie``),
``body`` and ``isBase64Encoded`` are read, and a response without ``content-type`` is
``text/plain; charset=utf-8``. In 1.0 ``statusCode``, ``headers``, ``multiValueHeaders``
(merged with ``headers``: a name in both carries the values of both, a pair given twice
once, as REST APIs document), ``body`` and ``isBase64Encoded`` are read. A function error or an answer that is not of that
shape is 500 ``{"message":"Internal Server Error"}``.

Request bodies are passed as text when their ``content-type`` is ``text/*`` or
``application/json`` (and they are UTF-8), base64-encoded otherwise (``isBase64Encoded``
true), form posts and bodies without a content type included, as AWS's own material on the
2.0 event states it ("if the content-type is not application/json or text/*, the body is
base64-encoded by default") and as form posts arrive on AWS.

LIMITATIONS: AWS does not document the rule in the API Gateway guide; ``+json``, XML and
JavaScript types are base64-encoded here, unverified. In 1.0, ``resource`` of a route
other than ``$default`` is the route's path and ``resourceId`` its route key, and a response
without ``content-type`` is ``application/json``: unverified against AWS. Other header names
arrive lower-cased (cloudlet's HTTP server lower-cases them), as from an HTTP/2 client. No
``requestContext.authentication`` (mutual TLS is not supported).
"""

from __future__ import annotations

import base64
import binascii
import secrets
from typing import Any
from urllib.parse import parse_qsl

import orjson

from cloudlet.server.http import Response
from cloudlet.services.apigateway.gateway.http_errors import INTERNAL, HttpApiError
from cloudlet.services.apigateway.gateway.http_invocation import HttpInvocation, request_time
from cloudlet.services.apigateway.gateway.http_routing import DEFAULT_ROUTE, route_path

# The header names a 1.0 event spells as AWS does (seen in events AWS sent for requests
# whose headers all arrived lower-cased over HTTP/2); any other name is passed as received.
CANONICAL_V1 = {name.lower(): name for name in (
    "Content-Length", "Content-Type", "Host", "User-Agent", "X-Amzn-Trace-Id",
    "X-Forwarded-For", "X-Forwarded-Port", "X-Forwarded-Proto")}

def _is_text(content_type: str | None) -> bool:
    """``text/*`` and ``application/json`` bodies are passed as text; any other (form data,
    XML, no content type at all) is base64-encoded."""
    if not content_type:
        return False
    lowered = content_type.lower().split(";", 1)[0].strip()
    return lowered.startswith("text/") or lowered == "application/json"


def encode_body(body: bytes, content_type: str | None) -> tuple[str | None, bool]:
    """``(body, isBase64Encoded)`` of a request body."""
    if not body:
        return None, False
    if _is_text(content_type):
        try:
            return body.decode("utf-8"), False
        except UnicodeDecodeError:
            pass
    return base64.b64encode(body).decode(), True


def trace_id(epoch_ms: int) -> str:
    return f"Root=1-{epoch_ms // 1000:08x}-{secrets.token_hex(12)}"


def _forwarding_headers(inv: HttpInvocation) -> list[tuple[str, str]]:
    """What API Gateway adds to the request's headers."""
    port = inv.request.host.rsplit(":", 1)[1] if ":" in inv.request.host else "80"
    return [("x-forwarded-for", inv.source_ip), ("x-forwarded-port", port),
            ("x-forwarded-proto", "http"), ("x-amzn-trace-id", trace_id(inv.request_time_epoch))]


def _header_pairs(inv: HttpInvocation) -> list[tuple[str, str]]:
    pairs = list(inv.request.raw_headers) or list(inv.request.headers.items())
    names = {name for name, _ in pairs}
    pairs += [(n, v) for n, v in _forwarding_headers(inv) if n not in names]
    return pairs


def split_cookies(pairs: list[tuple[str, str]]) -> list[str]:
    """The cookies of the ``cookie`` headers, one by one (payload 2.0 ``cookies``)."""
    found: list[str] = []
    for name, value in pairs:
        if name == "cookie":
            found += [c.strip() for c in value.split(";") if c.strip()]
    return found


def join_headers(pairs: list[tuple[str, str]], *, without_cookies: bool) -> dict[str, str]:
    """Header pairs as one map, repeated names comma-joined (payload 2.0 ``headers``)."""
    headers: dict[str, str] = {}
    for name, value in pairs:
        if without_cookies and name == "cookie":
            continue
        headers[name] = f"{headers[name]},{value}" if name in headers else value
    return headers



def joined_query(query_string: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for name, value in parse_qsl(query_string, keep_blank_values=True):
        params[name] = f"{params[name]},{value}" if name in params else value
    return params


def event_v2(inv: HttpInvocation) -> dict[str, Any]:
    """The payload format 2.0 event."""
    request = inv.request
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": inv.route_key,
        "rawPath": inv.raw_path,
        "rawQueryString": request.query_string,
    }
    pairs = _header_pairs(inv)
    cookies = split_cookies(pairs)
    if cookies:
        event["cookies"] = cookies
    event["headers"] = join_headers(pairs, without_cookies=True)
    query = joined_query(request.query_string)
    if query:
        event["queryStringParameters"] = query
    context: dict[str, Any] = {
        "accountId": inv.api.account,
        "apiId": inv.api.api_id,
    }
    if inv.authorizer:
        context["authorizer"] = inv.authorizer
    context.update({
        "domainName": inv.domain_name,
        "domainPrefix": inv.domain_prefix,
        "http": {
            "method": request.method,
            "path": inv.raw_path,
            "protocol": "HTTP/1.1",
            "sourceIp": inv.source_ip,
            "userAgent": inv.user_agent,
        },
        "requestId": inv.request_id,
        "routeKey": inv.route_key,
        "stage": inv.stage_name,
        "time": request_time(inv.request_time_epoch),
        "timeEpoch": inv.request_time_epoch,
    })
    event["requestContext"] = context
    body, encoded = encode_body(request.body, request.headers.get("content-type"))
    if body is not None:
        event["body"] = body
    if inv.path_params:
        event["pathParameters"] = dict(inv.path_params)
    event["isBase64Encoded"] = encoded
    if inv.stage_variables:
        event["stageVariables"] = dict(inv.stage_variables)
    return event


def event_v1(inv: HttpInvocation) -> dict[str, Any]:
    """The payload format 1.0 event (the REST API proxy shape)."""
    request = inv.request
    pairs = _header_pairs(inv)
    headers: dict[str, str] = {}
    multi_headers: dict[str, list[str]] = {}
    for name, value in pairs:
        name = CANONICAL_V1.get(name, name)
        headers[name] = value
        multi_headers.setdefault(name, []).append(value)
    query: dict[str, str] = {}
    multi_query: dict[str, list[str]] = {}
    for name, value in parse_qsl(request.query_string, keep_blank_values=True):
        query[name] = value
        multi_query.setdefault(name, []).append(value)
    resource = route_path(inv.route_key) if inv.route_key != DEFAULT_ROUTE else DEFAULT_ROUTE
    body, encoded = encode_body(request.body, request.headers.get("content-type"))
    identity = {
        "accessKey": None, "accountId": None, "caller": None, "cognitoAmr": None,
        "cognitoAuthenticationProvider": None, "cognitoAuthenticationType": None,
        "cognitoIdentityId": None, "cognitoIdentityPoolId": None, "principalOrgId": None,
        "sourceIp": inv.source_ip, "user": None, "userAgent": inv.user_agent, "userArn": None,
    }
    context: dict[str, Any] = {
        "accountId": inv.api.account,
        "apiId": inv.api.api_id,
    }
    if inv.authorizer:
        context["authorizer"] = _v1_authorizer(inv.authorizer)
    context.update({
        "domainName": inv.domain_name,
        "domainPrefix": inv.domain_prefix,
        "extendedRequestId": inv.request_id,
        "httpMethod": request.method,
        "identity": identity,
        "path": inv.raw_path,
        "protocol": "HTTP/1.1",
        "requestId": inv.request_id,
        "requestTime": request_time(inv.request_time_epoch),
        "requestTimeEpoch": inv.request_time_epoch,
        "resourceId": inv.route_key,
        "resourcePath": resource,
        "stage": inv.stage_name,
    })
    return {
        "version": "1.0",
        "resource": resource,
        "path": inv.raw_path,
        "httpMethod": request.method,
        "headers": headers,
        "multiValueHeaders": multi_headers,
        "queryStringParameters": query or None,
        "multiValueQueryStringParameters": multi_query or None,
        "requestContext": context,
        "pathParameters": dict(inv.path_params) or None,
        "stageVariables": dict(inv.stage_variables) or None,
        "body": body,
        "isBase64Encoded": encoded,
    }


def _v1_authorizer(authorizer: dict[str, Any]) -> dict[str, Any]:
    jwt = authorizer.get("jwt")
    if jwt is not None:
        return {"claims": jwt.get("claims"), "scopes": jwt.get("scopes")}
    return dict(authorizer)


# -- the function's answer --

def _malformed(why: str) -> HttpApiError:
    return HttpApiError(INTERNAL, detail=f"Malformed Lambda proxy response: {why}",
                        response_type="INTEGRATION_FAILURE")


def _header_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise _malformed("header values must be strings")


def _status(answer: dict[str, Any]) -> int:
    status = answer.get("statusCode")
    if isinstance(status, str) and status.isdigit():
        status = int(status)
    if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
        raise _malformed("statusCode must be an HTTP status code")
    return status


def _body(answer: dict[str, Any]) -> bytes:
    body = answer.get("body")
    if body is None:
        return b""
    if not isinstance(body, str):
        raise _malformed("body must be a string")
    if answer.get("isBase64Encoded") is True:
        try:
            return base64.b64decode(body, validate=True)
        except binascii.Error:
            raise _malformed("body is not valid base64") from None
    return body.encode()


def _headers(answer: dict[str, Any], multi: bool) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    headers = answer.get("headers")
    if headers is not None:
        if not isinstance(headers, dict):
            raise _malformed("headers must be an object")
        out += [(str(n).lower(), _header_value(v)) for n, v in headers.items()]
    multi_headers = answer.get("multiValueHeaders") if multi else None
    if multi_headers is not None:
        if not isinstance(multi_headers, dict):
            raise _malformed("multiValueHeaders must be an object")
        for name, values in multi_headers.items():
            if not isinstance(values, list):
                raise _malformed("multiValueHeaders values must be lists")
            lowered = str(name).lower()
            merged = [_header_value(v) for v in values]
            # Merged with ``headers``; a pair given in both appears once.
            out = [(n, v) for n, v in out if n != lowered or v not in merged]
            out += [(lowered, v) for v in merged]
    return out


def response_v2(payload: bytes) -> Response:
    """The client's response for a format 2.0 function answer."""
    try:
        answer = orjson.loads(payload) if payload else None
    except orjson.JSONDecodeError:
        raise _malformed("not JSON") from None
    if not isinstance(answer, dict) or "statusCode" not in answer:
        return Response(200, payload or b"null", [("content-type", "application/json")])
    status = _status(answer)
    headers = _headers(answer, multi=False)
    cookies = answer.get("cookies")
    if cookies is not None:
        if not isinstance(cookies, list) or not all(isinstance(c, str) for c in cookies):
            raise _malformed("cookies must be a list of strings")
        headers += [("set-cookie", c) for c in cookies]
    if not any(n == "content-type" for n, _ in headers):
        headers.append(("content-type", "text/plain; charset=utf-8"))
    return Response(status, _body(answer), headers)


def response_v1(payload: bytes) -> Response:
    """The client's response for a format 1.0 function answer."""
    try:
        answer = orjson.loads(payload) if payload else None
    except orjson.JSONDecodeError:
        raise _malformed("not JSON") from None
    if not isinstance(answer, dict):
        raise _malformed("the answer must be an object")
    status = _status(answer)
    headers = _headers(answer, multi=True)
    if not any(n == "content-type" for n, _ in headers):
        headers.append(("content-type", "application/json"))
    return Response(status, _body(answer), headers)
