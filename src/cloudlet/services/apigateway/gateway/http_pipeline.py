"""Serving an HTTP API stage: the data plane of ``apigatewayv2``.

https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.html

One request goes through these steps, in this order:

1. Stage: in the path form the URL names it; in the host form the first path segment names
   a stage when the API has a stage of that name, else the ``$default`` stage serves the
   whole path. No such stage, or a stage with no deployment: 404 ``{"message":"Not
   Found"}``. The stage serves its deployment's snapshot (``store.py``): changes reach
   clients only through a deployment (AutoDeploy makes them at once).
2. An API with ``DisableExecuteApiEndpoint`` answers 403 ``{"message":"Forbidden"}``; a body
   over 10 MB 413.
3. CORS preflights are answered by the gateway when the API has a ``CorsConfiguration``
   (``http_cors``).
4. Routing (``http_routing``); no route: 404 ``{"message":"Not Found"}``.
5. Throttling from the stage's ``RouteSettings[routeKey]``, then ``DefaultRouteSettings``,
   member by member (``ThrottlingBurstLimit``, ``ThrottlingRateLimit``; token buckets of
   ``throttle``): 429 ``{"message":"Too Many Requests"}``.
6. Authorization (``http_authorizers``).
7. The integration: ``AWS_PROXY`` (Lambda, payload 2.0 or 1.0 through ``http_events`` and
   ``lambda_call``) or ``HTTP_PROXY`` (``http_proxy_integration``), then the integration's
   ``ResponseParameters``.
8. CORS headers for allowed origins; ``apigw-requestid`` on every answer; the stage's access
   log line (``access_log``), when the stage has ``AccessLogSettings``.

A Lambda integration's function error or malformed answer is 500 ``{"message":"Internal
Server Error"}``, its timeout (``TimeoutInMillis``, 30 s by default) 503
``{"message":"Service Unavailable"}``.

LIMITATIONS: a route without an integration answers 500 (unverified against AWS); AWS
service integrations, VPC links, mutual TLS, custom domain names and API mappings are not
supported; stages and snapshots are cached per store and reloaded after any write to it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import orjson

from cloudlet.metrics import standard
from cloudlet.server.http import Response
from cloudlet.services.apigateway.gateway import access_log, observe, throttle
from cloudlet.services.apigateway.gateway.errors import GatewayError
from cloudlet.services.apigateway.gateway.http_authorizers import authorize
from cloudlet.services.apigateway.gateway.http_cors import decorate, is_preflight, preflight
from cloudlet.services.apigateway.gateway.http_errors import (
    FORBIDDEN,
    INTERNAL,
    NOT_FOUND,
    TOO_LARGE,
    HttpApiError,
    NotSupported,
    error_response,
)
from cloudlet.services.apigateway.gateway.http_events import (
    event_v1,
    event_v2,
    response_v1,
    response_v2,
)
from cloudlet.services.apigateway.gateway.http_invocation import HttpInvocation, new_request_id
from cloudlet.services.apigateway.gateway.http_proxy_integration import call as call_http
from cloudlet.services.apigateway.gateway.http_proxy_integration import (
    map_lambda_request,
    map_response,
)
from cloudlet.services.apigateway.gateway.http_routing import match
from cloudlet.services.apigateway.gateway.lambda_call import function_arn, invoke
from cloudlet.services.apigateway.registry import stores

if TYPE_CHECKING:
    from cloudlet.server.http import Request
    from cloudlet.server.state import ServerState
    from cloudlet.services.apigateway.gateway.entry import ApiRef
    from cloudlet.services.apigateway.store import Store

log = logging.getLogger("cloudlet")

MAX_BODY = 10 * 1024 * 1024
DEFAULT_TIMEOUT_MS = 30_000


@dataclass(frozen=True, slots=True)
class _Served:
    stage: dict[str, Any] | None
    snapshot: dict[str, Any] | None


def _served(store: Store, api_id: str, name: str) -> _Served:
    """A stage document and its deployment's snapshot, kept by the store until it changes."""

    def build() -> _Served:
        stage = store.get("stage", api_id, name)
        snapshot = None
        if stage is not None and stage.get("DeploymentId"):
            deployment = store.get("deployment", api_id, str(stage["DeploymentId"]))
            if deployment is not None:
                snapshot = deployment.get("snapshot") or {}
        return _Served(stage, snapshot)

    return store.memo(("http-stage", api_id, name), build)


def _select(state: ServerState, api: ApiRef, stage: str | None,
            path: str) -> tuple[str, _Served, str] | None:
    """``(stage name, what it serves, path below it)``, or None (404)."""
    store = stores.get(state, api.account, api.region)
    if stage is not None:
        name = unquote(stage)
        served = _served(store, api.api_id, name)
        return (name, served, path or "/") if served.stage is not None else None
    first, _, rest = path.lstrip("/").partition("/")
    if first and first != "$default":
        served = _served(store, api.api_id, unquote(first))
        if served.stage is not None:
            return unquote(first), served, "/" + rest
    served = _served(store, api.api_id, "$default")
    return ("$default", served, path or "/") if served.stage is not None else None


async def serve(state: ServerState, request: Request, api: ApiRef, stage: str | None,
                path: str) -> Response:
    """Answer ``request`` for ``path`` (raw) on ``api``: ``stage`` from the path form, or
    None in the host form (the first segment names a stage when one has that name, else the
    ``$default`` stage serves the whole path)."""
    request_id = new_request_id()
    selected = _select(state, api, stage, path)
    if selected is None or selected[1].snapshot is None:
        return error_response(HttpApiError(NOT_FOUND), request_id)
    name, served, below = selected
    assert served.stage is not None and served.snapshot is not None
    snapshot = served.snapshot
    inv = HttpInvocation(
        state=state, request=request, api=api, api_doc=dict(snapshot.get("api") or {}),
        stage_name=name, stage=served.stage, snapshot=snapshot, path=below,
        request_id=request_id, request_time_epoch=int(state.clock.now() * 1000),
    )
    started = state.clock.monotonic()
    cors: dict[str, Any] | None = inv.api_doc.get("CorsConfiguration") or None
    error: HttpApiError | None = None
    answered_preflight = False
    try:
        _admit(inv)
        if cors is not None and is_preflight(request):
            response = preflight(cors, request, request_id)
            answered_preflight = True
        else:
            response = await _run(inv)
    except HttpApiError as raised:
        error = raised
        response = error_response(raised, request_id)
    except GatewayError as raised:
        error = HttpApiError.from_gateway(raised)
        response = error_response(error, request_id)
    if cors is not None and not answered_preflight:
        response = decorate(cors, request, response)
    if not any(n == "apigw-requestid" for n, _ in response.headers):
        response.headers.append(("apigw-requestid", request_id))
    standard.api_request(state, api.account, api.region, rest=False, api=api.api_id,
                         stage=name, status=response.status, latency_ms=(
                             state.clock.monotonic() - started) * 1000,
                         integration_ms=inv.log_fields.get("integrationLatency"))
    await _log(inv, response, error, started)
    return response


def _admit(inv: HttpInvocation) -> None:
    if inv.api_doc.get("DisableExecuteApiEndpoint"):
        raise HttpApiError(FORBIDDEN, detail="the default endpoint is disabled",
                           response_type="ACCESS_DENIED")
    if len(inv.request.body) > MAX_BODY:
        raise HttpApiError(TOO_LARGE, response_type="REQUEST_TOO_LARGE")


async def _run(inv: HttpInvocation) -> Response:
    request = inv.request
    found = match(list(inv.snapshot.get("routes") or []), request.method, inv.path)
    if found is None:
        raise HttpApiError(NOT_FOUND, detail="no route", response_type="RESOURCE_NOT_FOUND")
    inv.route = found.route
    inv.path_params = found.path_params
    _throttle(inv)
    await authorize(inv)
    integration = inv.integration()
    if integration is None:
        raise HttpApiError(INTERNAL, detail="the route has no integration",
                           response_type="API_CONFIGURATION_ERROR")
    kind = str(integration.get("IntegrationType") or "")
    if kind == "AWS_PROXY":
        response = await _call_lambda(inv, integration)
    elif kind == "HTTP_PROXY":
        response = await call_http(inv, integration)
    else:
        raise NotSupported(f"integration type {kind} on HTTP APIs")
    return map_response(inv, response, integration.get("ResponseParameters"))


def route_limit(stage: dict[str, Any], route_key: str) -> throttle.Limit | None:
    own: dict[str, Any] = (stage.get("RouteSettings") or {}).get(route_key) or {}
    default: dict[str, Any] = stage.get("DefaultRouteSettings") or {}

    def pick(name: str) -> Any:
        value = own.get(name)
        return default.get(name) if value is None else value

    return throttle.Limit.of(pick("ThrottlingRateLimit"), pick("ThrottlingBurstLimit"))


def _throttle(inv: HttpInvocation) -> None:
    limit = route_limit(inv.stage, inv.route_key)
    key = ("http", inv.api.api_id, inv.stage_name, inv.route_key)
    try:
        throttle.take_or_throttle(inv.state, key, limit)
    except GatewayError as error:
        raise HttpApiError.from_gateway(error) from None


async def _call_lambda(inv: HttpInvocation, integration: dict[str, Any]) -> Response:
    fn = function_arn(str(integration.get("IntegrationUri") or ""), inv.stage_variables)
    if fn is None:
        raise HttpApiError(INTERNAL, detail="the integration names no function",
                           response_type="API_CONFIGURATION_ERROR")
    if integration.get("RequestParameters"):
        map_lambda_request(inv, integration["RequestParameters"])
    version = str(integration.get("PayloadFormatVersion") or "2.0")
    event = event_v1(inv) if version == "1.0" else event_v2(inv)
    timeout_ms = int(integration.get("TimeoutInMillis") or DEFAULT_TIMEOUT_MS)
    began = inv.state.clock.monotonic()
    payload = orjson.dumps(event)
    observe.sent(str(integration.get("IntegrationUri") or ""), payload)
    try:
        result = await invoke(inv.state, inv.api, fn, payload, timeout_ms)
    except GatewayError as error:
        raise HttpApiError.from_gateway(error) from None
    finally:
        inv.log_fields["integrationLatency"] = int((inv.state.clock.monotonic() - began) * 1000)
    observe.answered(200, result.payload)
    if result.function_error:
        inv.log_fields["integrationStatus"] = 200
        raise HttpApiError(INTERNAL, detail="the function failed",
                           response_type="INTEGRATION_FAILURE")
    inv.log_fields["integrationStatus"] = 200
    return response_v1(result.payload) if version == "1.0" else response_v2(result.payload)


async def _log(inv: HttpInvocation, response: Response, error: HttpApiError | None,
               started: float) -> None:
    settings: dict[str, Any] = inv.stage.get("AccessLogSettings") or {}
    if not settings.get("DestinationArn") or not settings.get("Format"):
        return
    context = inv.context()
    context["status"] = response.status
    context["responseLength"] = len(response.body)
    context["responseLatency"] = int((inv.state.clock.monotonic() - started) * 1000)
    context["integration"] = {"status": context.get("integrationStatus"),
                              "latency": context.get("integrationLatency")}
    if error is not None:
        context["error"] = {"message": error.message, "responseType": error.response_type}
        context["integrationErrorMessage"] = error.detail
    try:
        await access_log.log_access(inv.state, inv.api, {
            "destinationArn": settings["DestinationArn"], "format": settings["Format"],
        }, context)
    except Exception:  # an access log never fails the request it describes
        log.exception("API %s: access log failed", inv.api.api_id)
