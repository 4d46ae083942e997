"""Serving function URLs.

https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html
- Reached at ``http://{url-id}.lambda-url.{region}.localhost:{port}/{path}`` or, for clients
  that cannot set a host, ``http://localhost:{port}/_cloudlet/lambda-url/{url-id}/{path}``;
  any method and path reach the function.
- The event is payload format 2.0 with ``routeKey`` and ``stage`` ``$default``: ``rawPath``,
  ``rawQueryString``, ``cookies``, lower-cased ``headers`` (repeated ones comma-joined),
  ``queryStringParameters``, ``requestContext`` (``accountId`` ``anonymous`` for AuthType
  NONE, the caller's account with ``authorizer.iam`` for AWS_IAM; ``apiId`` and
  ``domainPrefix`` the URL id, ``domainName``, ``http``, ``requestId``, ``time``,
  ``timeEpoch``), ``body`` and ``isBase64Encoded``.
- The function's answer is read as an HTTP API's 2.0 answer (a bare JSON value is a 200
  ``application/json`` body; ``statusCode``, ``headers``, ``cookies``, ``body``,
  ``isBase64Encoded``). A function error or a malformed answer: 502 ``Internal Server
  Error``; throttled: 429; a body over 6 MB: 413.
- AuthType AWS_IAM: a request without a SigV4 signature (``Authorization`` header or
  presigned query) is 403 ``{"Message":"Forbidden"}``. AuthType NONE: AWS also needs
  resource policy statements letting ``*`` call ``lambda:InvokeFunctionUrl`` and (since
  October 2025) ``lambda:InvokeFunction`` via the URL; cloudlet serves without them and
  logs what AWS would answer (403), once per URL.
- With ``Cors`` configured, preflight requests are answered by Lambda and CORS headers
  are Lambda's, not the function's (``apigateway/gateway/http_cors.py`` implements the
  same ``AllowOrigins``/``AllowMethods``/``AllowHeaders``/``ExposeHeaders``/``MaxAge``/
  ``AllowCredentials`` rules).

LIMITATIONS: with ``--auth off`` a signature is looked for, not verified (``--auth on``
verifies it: any refusal is 403 ``Forbidden``), and the caller's identity policies are not
evaluated.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.clock import new_id
from cloudlet.server.auth_errors import Refused
from cloudlet.server.authn import verify
from cloudlet.server.context import Principal, account_for, parse_authorization
from cloudlet.server.errors import ServiceError
from cloudlet.server.http import Response
from cloudlet.server.internal import call
from cloudlet.services.apigateway.gateway import http_cors
from cloudlet.services.apigateway.gateway.http_errors import HttpApiError
from cloudlet.services.apigateway.gateway.http_events import (
    encode_body,
    join_headers,
    joined_query,
    response_v2,
    split_cookies,
    trace_id,
)
from cloudlet.services.apigateway.gateway.http_invocation import request_time
from cloudlet.services.lambda_ import service
from cloudlet.services.lambda_.backend import backends
from cloudlet.services.lambda_.errors import ResourceNotFoundException
from cloudlet.services.lambda_.urls.operations import live
from cloudlet.services.lambda_.urls.store import FunctionUrl, urls

if TYPE_CHECKING:
    from cloudlet.server.http import Request
    from cloudlet.server.state import ServerState

log = logging.getLogger("cloudlet")

PATH_PREFIX = "/_cloudlet/lambda-url"
URL_PRINCIPAL = "lambda.amazonaws.com"
_WARNED = "lambda.urls.warned"


def _plain(status: int, text: str) -> Response:
    return Response(status, text.encode(), [("content-type", "text/plain")])


def _message(status: int, text: str | None) -> Response:
    return Response.json(orjson.dumps({"Message": text}), status)


@service.route(host="{url_id}.lambda-url.{region}.localhost", priority=100)
async def by_host(state: ServerState, request: Request, params: dict[str, str]) -> Response:
    return await serve(state, request, params["url_id"], params["path"])


@service.route(prefix=PATH_PREFIX + "/{url_id}", priority=100)
async def by_path(state: ServerState, request: Request, params: dict[str, str]) -> Response:
    return await serve(state, request, params["url_id"], params["path"])


async def serve(state: ServerState, request: Request, url_id: str, raw_path: str) -> Response:
    url = urls(state).by_id.get(url_id.lower())
    if url is None or live(url, backends.get(state, url.account, url.region)) is None:
        return _message(404, "Not Found")
    request_id = new_id()
    cors = url.config.get("Cors")
    if cors and http_cors.is_preflight(request):
        answer = http_cors.preflight(cors, request, request_id)
        answer.headers = [(n, v) for n, v in answer.headers if n != "apigw-requestid"]
        return _with_id(answer, request_id)
    caller = None
    if url.config["AuthType"] == "AWS_IAM":
        caller = parse_authorization(request.headers.get("authorization"))
        if caller is None and "x-amz-signature" not in request.query_string.lower():
            return _with_id(_message(403, "Forbidden"), request_id)
        if state.config.auth == "on":
            try:
                verify(state, request, "lambda")
            except Refused:
                return _with_id(_message(403, "Forbidden"), request_id)
    else:
        _report_missing_permission(state, url)
    event = event_of(url, request, raw_path or "/", request_id,
                     caller.access_key if caller else None)
    answer = await _invoke(state, url, event)
    if cors:
        answer = http_cors.decorate(cors, request, answer)
    return _with_id(answer, request_id)


def _with_id(response: Response, request_id: str) -> Response:
    response.headers.append(("x-amzn-requestid", request_id))
    return response


async def _invoke(state: ServerState, url: FunctionUrl, event: dict[str, Any]) -> Response:
    try:
        out = await call(state, "lambda", "Invoke",
                         {"FunctionName": url.config["FunctionArn"],
                          "Payload": orjson.dumps(event)},
                         principal=Principal.service(url.account, URL_PRINCIPAL),
                         region=url.region)
    except ServiceError as error:
        log.warning("function URL %s: invoking %s failed: %s %s", url.url_id,
                    url.config["FunctionArn"], error.error_code, error.message)
        if error.status in (413, 429):
            return _message(error.status, error.message)
        return _plain(502, "Internal Server Error")
    if out.get("FunctionError"):
        return _plain(502, "Internal Server Error")
    try:
        return response_v2(bytes(out.get("Payload") or b""))
    except HttpApiError:
        return _plain(502, "Internal Server Error")


def _header_pairs(request: Request, host: str) -> list[tuple[str, str]]:
    pairs = list(request.raw_headers) or list(request.headers.items())
    names = {name for name, _ in pairs}
    port = request.host.rsplit(":", 1)[1] if ":" in request.host else "80"
    added = [("host", host), ("x-forwarded-for", _source_ip(request)),
             ("x-forwarded-port", port), ("x-forwarded-proto", "http"),
             ("x-amzn-trace-id", trace_id(int(time.time() * 1000)))]
    return [(n, host if n == "host" else v) for n, v in pairs] + [
        (n, v) for n, v in added if n not in names]


def _source_ip(request: Request) -> str:
    return request.client[0] if request.client else "127.0.0.1"


def event_of(url: FunctionUrl, request: Request, raw_path: str, request_id: str,
             access_key: str | None) -> dict[str, Any]:
    """The payload format 2.0 event of a function URL request."""
    domain = f"{url.url_id}.lambda-url.{url.region}.localhost"
    pairs = _header_pairs(request, domain)
    cookies = split_cookies(pairs)
    event: dict[str, Any] = {"version": "2.0", "routeKey": "$default", "rawPath": raw_path,
                             "rawQueryString": request.query_string}
    if cookies:
        event["cookies"] = cookies
    event["headers"] = join_headers(pairs, without_cookies=True)
    query = joined_query(request.query_string)
    if query:
        event["queryStringParameters"] = query
    epoch_ms = int(time.time() * 1000)
    context: dict[str, Any] = {"accountId": "anonymous", "apiId": url.url_id}
    if url.config["AuthType"] == "AWS_IAM":
        account = account_for(access_key)
        context["accountId"] = account
        context["authorizer"] = {"iam": {
            "accessKey": access_key or "", "accountId": account, "callerId": account,
            "cognitoIdentity": None, "principalOrgId": None,
            "userArn": f"arn:aws:iam::{account}:root", "userId": account}}
    context.update({
        "domainName": domain, "domainPrefix": url.url_id,
        "http": {"method": request.method, "path": raw_path, "protocol": "HTTP/1.1",
                 "sourceIp": _source_ip(request),
                 "userAgent": request.headers.get("user-agent", "")},
        "requestId": request_id, "routeKey": "$default", "stage": "$default",
        "time": request_time(epoch_ms), "timeEpoch": epoch_ms,
    })
    event["requestContext"] = context
    body, encoded = encode_body(request.body, request.headers.get("content-type"))
    if body is not None:
        event["body"] = body
    event["isBase64Encoded"] = encoded
    return event


def _report_missing_permission(state: ServerState, url: FunctionUrl) -> None:
    """AWS answers 403 to an AuthType NONE URL whose function's policy does not let
    everyone call ``lambda:InvokeFunctionUrl``; say so once per URL. The policy is read
    from the function's own store (what GetPolicy answers, without the round trip)."""
    warned: set[str] = state.extras.setdefault(_WARNED, set())
    if url.url_id in warned:
        return
    policies = backends.get(state, url.account, url.region).policies
    try:
        statements = policies.get(policies.target(url.name, url.qualifier or None))
    except ResourceNotFoundException:
        statements = []
    missing = [a for a in ("lambda:InvokeFunctionUrl", "lambda:InvokeFunction")
               if not any(_lets_everyone(s, a) for s in statements)]
    if not missing:
        return
    warned.add(url.url_id)
    log.warning("function URL %s (AuthType NONE) of %s: its resource policy does not allow "
                "principal * to call %s, so AWS would answer 403 Forbidden; add it with "
                "lambda add-permission --principal '*' (--action lambda:InvokeFunctionUrl "
                "--function-url-auth-type NONE; --action lambda:InvokeFunction "
                "--invoked-via-function-url)", url.url_id, url.config["FunctionArn"],
                " and ".join(missing))


def _lets_everyone(statement: dict[str, Any], action: str) -> bool:
    actions = statement.get("Action")
    actions = actions if isinstance(actions, list) else [actions]
    principal = statement.get("Principal")
    everyone = principal == "*" or (isinstance(principal, dict) and principal.get("AWS") == "*")
    return (statement.get("Effect") == "Allow" and everyone
            and any(a in (action, "lambda:*", "*") for a in actions))
