"""Lambda proxy integrations (AWS_PROXY) of REST APIs: the v1 event and the function's answer.

https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/lambda-proxy-binary-media.html

The event has every member AWS sends: ``resource``, ``path`` (below the stage, a trailing
slash kept), ``httpMethod``, ``headers`` (the last value of a repeated header) and
``multiValueHeaders`` (every value as sent), ``queryStringParameters`` (the last value) and
``multiValueQueryStringParameters`` (``null`` without a query string), ``pathParameters``
and ``stageVariables`` (``null`` when none), ``requestContext``, ``body`` (``null`` when
empty) and ``isBase64Encoded`` (true when the request's Content-Type is one of the API's
``binaryMediaTypes``; the body is then base64). API Gateway adds ``X-Amzn-Trace-Id``,
``X-Forwarded-For`` (the client appended), ``X-Forwarded-Port`` and ``X-Forwarded-Proto``.

The function answers ``{"statusCode", "headers", "multiValueHeaders", "body",
"isBase64Encoded"}``. Headers from both maps are merged (``multiValueHeaders`` win for a
name in both). With ``isBase64Encoded`` the body is decoded to bytes when the first media
type of the request's ``Accept``, or the response's Content-Type, is a binary media type;
otherwise the base64 text is sent. Without a Content-Type the response is
``application/json``.

Failures, as AWS answers them: a function error (``FunctionError``), or a result that is
not a JSON object, has no integer ``statusCode``, a non-string ``body``, headers that are
not maps of strings, or members beyond the five above: 502 ``{"message": "Internal server
error"}`` (the reason is logged, as AWS's execution log says "Malformed Lambda proxy
response"); the integration's ``timeoutInMillis`` (default 29 s) passing: 504
``{"message": "Endpoint request timed out"}``.

A test invocation (TestInvokeMethod) gets the headers exactly as given, without the four
API Gateway adds, and ``headers``/``multiValueHeaders`` are ``null`` when none were given.

LIMITATIONS: header names reach the function in canonical capitalisation
(``Content-Type``), since the HTTP server lower-cases what the client sent; no
CloudFront-* or Via headers; response headers AWS reserves (``Authorization``, ``Date``,
``Server``, ...) are passed on, not remapped to ``x-amzn-Remapped-*``. The 502 is the ``DEFAULT_5XX`` gateway response (AWS does not
document which type it customises).
"""

from __future__ import annotations

import base64
import binascii
import fnmatch
import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote_plus

import orjson

from cloudlet.server.http import Response
from cloudlet.services.apigateway.gateway import lambda_call, observe
from cloudlet.services.apigateway.gateway.context_vars import request_context
from cloudlet.services.apigateway.gateway.errors import GatewayError

if TYPE_CHECKING:
    from cloudlet.services.apigateway.gateway.invocation import Invocation

log = logging.getLogger("cloudlet")

RESULT_MEMBERS = frozenset({"statusCode", "headers", "multiValueHeaders", "body",
                            "isBase64Encoded"})
DEFAULT_TIMEOUT_MS = 29_000


def canonical(name: str) -> str:
    """``content-type`` -> ``Content-Type``."""
    return "-".join(part[:1].upper() + part[1:] for part in name.split("-"))


def media_type(value: str | None) -> str:
    return (value or "").split(",")[0].split(";")[0].strip().lower()


def is_binary(content_type: str | None, binary_types: list[str]) -> bool:
    """Whether ``content_type`` is one of the API's ``binaryMediaTypes`` (``image/*``,
    ``*/*`` allowed)."""
    found = media_type(content_type)
    if not found or not binary_types:
        return False
    return any(fnmatch.fnmatchcase(found, t.lower().replace("~1", "/")) for t in binary_types)


def parse_query(query: str) -> tuple[dict[str, str] | None, dict[str, list[str]] | None]:
    """Both query-string maps (``null`` without a query string); ``a`` alone is
    ``{"a": ""}``; names and values percent-decoded, ``+`` as a space (``?sort=-+a`` is
    ``"- a"``, https://github.com/aws/aws-cdk/issues/19827)."""
    if not query:
        return None, None
    multi: dict[str, list[str]] = {}
    for pair in query.split("&"):
        if not pair:
            continue
        name, _, value = pair.partition("=")
        multi.setdefault(unquote_plus(name), []).append(unquote_plus(value))
    if not multi:
        return None, None
    return {k: v[-1] for k, v in multi.items()}, multi


def trace_id(inv: Invocation) -> str:
    """The client's ``X-Amzn-Trace-Id`` when it sent one, else ``Root=1-{epoch hex}-{24
    hex}`` made from the request id."""
    sent = inv.request.headers.get("x-amzn-trace-id", "")
    if sent.startswith("Root="):
        return sent
    seconds = inv.request_time_epoch // 1000
    return f"Root=1-{seconds:08x}-{inv.request_id.replace('-', '')[:24]}"


def request_headers(inv: Invocation) -> tuple[dict[str, str], dict[str, list[str]]]:
    multi: dict[str, list[str]] = {}
    if inv.test_caller is not None:  # a test invocation: the headers as given, no more
        for name, value in inv.request.raw_headers:
            multi.setdefault(name, []).append(value)
        return {k: v[-1] for k, v in multi.items()}, multi
    forwarded: list[str] = []
    for name, value in inv.request.raw_headers:
        if name == "x-forwarded-for":
            forwarded.append(value)
            continue
        if name in ("x-forwarded-port", "x-forwarded-proto", "x-amzn-trace-id"):
            continue
        multi.setdefault(canonical(name), []).append(value)
    peer = inv.request.client[0] if inv.request.client else "127.0.0.1"
    multi["X-Amzn-Trace-Id"] = [trace_id(inv)]
    multi["X-Forwarded-For"] = [", ".join([*forwarded, peer])]
    host = inv.request.host
    port = host.rsplit(":", 1)[1] if ":" in host and not host.endswith("]") else "80"
    multi["X-Forwarded-Port"] = [port]
    multi["X-Forwarded-Proto"] = ["http"]
    return {k: v[-1] for k, v in multi.items()}, multi


def binary_types(inv: Invocation) -> list[str]:
    found: list[str] = (inv.snapshot.get("restApi") or {}).get("binaryMediaTypes") or []
    return found


def build_event(inv: Invocation) -> dict[str, Any]:
    """The complete v1 proxy event for ``inv``."""
    headers, multi_headers = request_headers(inv)
    query, multi_query = parse_query(inv.request.query_string)
    body: str | None = None
    encoded = False
    if inv.request.body:
        if is_binary(inv.request.headers.get("content-type"), binary_types(inv)):
            body = base64.b64encode(inv.request.body).decode()
            encoded = True
        else:
            body = inv.request.body.decode("utf-8", errors="replace")
    return {
        "resource": inv.resource_path,
        "path": inv.path,
        "httpMethod": inv.http_method,
        "headers": headers or None,
        "multiValueHeaders": multi_headers or None,
        "queryStringParameters": query,
        "multiValueQueryStringParameters": multi_query,
        "pathParameters": dict(inv.path_params) or None,
        "stageVariables": dict(inv.stage_variables) or None,
        "requestContext": request_context(inv),
        "body": body,
        "isBase64Encoded": encoded,
    }


def _malformed(inv: Invocation, why: str) -> GatewayError:
    log.warning("API %s %s %s: Execution failed due to configuration error: "
                "Malformed Lambda proxy response (%s)", inv.api.api_id, inv.http_method,
                inv.path, why)
    return GatewayError("DEFAULT_5XX", "Internal server error", status=502)


def _header_values(inv: Invocation, result: dict[str, Any]) -> list[tuple[str, str]]:
    single = result.get("headers") or {}
    multi = result.get("multiValueHeaders") or {}
    if not isinstance(single, dict) or not isinstance(multi, dict):
        raise _malformed(inv, "headers and multiValueHeaders must be objects")
    merged: dict[str, list[str]] = {}
    for name, value in single.items():
        if isinstance(value, (dict, list)):
            raise _malformed(inv, f"header {name} is not a string")
        merged[str(name)] = [_scalar(value)]
    for name, values in multi.items():
        if not isinstance(values, list) or any(isinstance(v, (dict, list)) for v in values):
            raise _malformed(inv, f"multiValueHeaders.{name} is not a list of strings")
        merged[str(name)] = [_scalar(v) for v in values]
    return [(name, value) for name, values in merged.items() for value in values]


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _status(inv: Invocation, result: dict[str, Any]) -> int:
    status = result.get("statusCode")
    if isinstance(status, str) and status.isdigit():
        status = int(status)
    if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
        raise _malformed(inv, f"statusCode {status!r} is not a valid status code")
    return status


def map_result(inv: Invocation, payload: bytes) -> Response:
    """The HTTP response for the function's ``payload``; GatewayError 502 when malformed."""
    try:
        result = orjson.loads(payload) if payload else None
    except orjson.JSONDecodeError:
        raise _malformed(inv, "the result is not JSON") from None
    if not isinstance(result, dict):
        raise _malformed(inv, "the result is not a JSON object")
    extra = set(result) - RESULT_MEMBERS
    if extra:
        raise _malformed(inv, f"unexpected members {sorted(extra)}")
    status = _status(inv, result)
    headers = _header_values(inv, result)
    body = result.get("body")
    if body is not None and not isinstance(body, str):
        raise _malformed(inv, "body is not a string")
    data = (body or "").encode()
    if result.get("isBase64Encoded") is True and body:
        content_type = next((v for k, v in headers if k.lower() == "content-type"), None)
        accept = inv.request.headers.get("accept")
        types = binary_types(inv)
        if is_binary(accept, types) or is_binary(content_type, types):
            try:
                data = base64.b64decode(body, validate=False)
            except (binascii.Error, ValueError):
                raise GatewayError("API_CONFIGURATION_ERROR") from None
    if not any(k.lower() == "content-type" for k, _ in headers):
        headers.insert(0, ("Content-Type", "application/json"))
    return Response(status, data, headers)


async def run(inv: Invocation) -> Response:
    """Invoke the method's function with the proxy event and map its answer."""
    integration = inv.integration
    fn_arn = lambda_call.function_arn(str(integration.get("uri", "")), inv.stage_variables)
    if fn_arn is None:
        log.warning("API %s: integration URI %r names no function", inv.api.api_id,
                    integration.get("uri"))
        raise GatewayError("API_CONFIGURATION_ERROR")
    timeout_ms = int(integration.get("timeoutInMillis") or DEFAULT_TIMEOUT_MS)
    payload = orjson.dumps(build_event(inv))
    observe.sent(str(integration.get("uri", "")), payload)
    result = await lambda_call.invoke(inv.state, inv.api, fn_arn, payload, timeout_ms)
    observe.answered(200, result.payload)
    if result.function_error:
        log.warning("API %s %s %s: Lambda execution failed with status 200 due to customer "
                    "function error: %s", inv.api.api_id, inv.http_method, inv.path,
                    result.payload[:1000].decode(errors="replace"))
        raise GatewayError("DEFAULT_5XX", "Internal server error", status=502)
    response = map_result(inv, result.payload)
    response.headers.append(("X-Amzn-Trace-Id", trace_id(inv)))
    return response
