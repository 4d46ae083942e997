"""Serving a REST API stage: one request through the pipeline, in AWS's order.

https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-call-api.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gatewayResponse-definition.html

1. The stage and its deployment (``deployed``; unknown stage: 403 Forbidden; canary share).
2. A body over 10 MB: 413 (REQUEST_TOO_LARGE).
3. The resource and method (``routing``; none: 403 Missing Authentication Token).
4. Protection (``protection.protect``: API key, usage plan, authorizer, validation,
   throttling).
5. The integration (``integrate``, which TestInvokeMethod runs too): AWS_PROXY through
   ``proxy``, every other type through ``integrations.run``.

A ``GatewayError`` raised by any step is answered with the gateway response of its type
(``responses``, honouring the deployed customisations). Every response carries
``x-amzn-RequestId`` and ``x-amz-apigw-id`` (the extended request id); after it is ready
the stage's access log line is written (``access_log``), except for requests that named no
stage or were too large, which AWS does not log either.

LIMITATIONS: no execution logs (``API-Gateway-Execution-Logs_*``) and no metrics; the
stage cache is not supported; the 10 MB limit is checked after the body was read.
"""

from __future__ import annotations

import base64
import logging
import secrets
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import orjson

from cloudlet.clock import new_id
from cloudlet.metrics import standard
from cloudlet.server.http import Response
from cloudlet.services.apigateway.gateway import (
    access_log,
    deployed,
    integrations,
    protection,
    proxy,
    responses,
)
from cloudlet.services.apigateway.gateway.context_vars import extended, request_context
from cloudlet.services.apigateway.gateway.errors import GatewayError
from cloudlet.services.apigateway.gateway.invocation import Invocation

if TYPE_CHECKING:
    from cloudlet.server.http import Request
    from cloudlet.server.state import ServerState
    from cloudlet.services.apigateway.gateway.entry import ApiRef

log = logging.getLogger("cloudlet")

MAX_BODY = 10 * 1024 * 1024


def extended_request_id() -> str:
    """Like AWS's ``x-amz-apigw-id``: 16 characters of base64 (``IHHzxG-NoAMFb9w=``)."""
    return base64.b64encode(secrets.token_bytes(10), altchars=b"-_").decode()


def _headers(response: Response, request_id: str, extended_id: str) -> None:
    names = {k.lower() for k, _ in response.headers}
    if "x-amzn-requestid" not in names:
        response.headers.append(("x-amzn-RequestId", request_id))
    if "x-amz-apigw-id" not in names:
        response.headers.append(("x-amz-apigw-id", extended_id))


async def integrate(inv: Invocation, integration: dict[str, Any]) -> Response:
    """Run the method's integration (``integration`` gets its ``latency`` and ``status``)."""
    kind = inv.integration.get("type")
    if not kind:
        raise GatewayError("API_CONFIGURATION_ERROR")
    called = time.monotonic()
    try:
        if kind == "AWS_PROXY":
            response = await proxy.run(inv)
        else:
            response = await integrations.run(inv)
    finally:
        integration["latency"] = int((time.monotonic() - called) * 1000)
    # For Lambda proxy integrations, Lambda's own status (the invoke succeeded).
    integration["status"] = 200 if kind == "AWS_PROXY" else response.status
    return response


async def serve(state: ServerState, request: Request, api: ApiRef, stage: str,
                path: str) -> Response:
    """Answer ``request`` for ``path`` (raw, below the stage) on ``api``'s ``stage``."""
    started = time.monotonic()
    request_id = new_id()
    extended_id = extended_request_id()
    epoch_ms = int(state.clock.now() * 1000)
    try:
        served = deployed.load(state, api, stage)
    except GatewayError as error:
        response = responses.render(error, {"requestId": request_id})
        _headers(response, request_id, extended_id)
        return response
    inv = Invocation(state=state, request=request, api=api, stage_name=stage,
                     stage=served.stage, snapshot=served.snapshot, path=unquote(path or "/"),
                     request_id=request_id, extended_request_id=extended_id,
                     request_time_epoch=epoch_ms, stage_variables=served.variables,
                     deployment_id=served.deployment_id)
    integration: dict[str, Any] = {}
    error_vars: dict[str, Any] = {}
    logged = True
    try:
        if len(request.body) > MAX_BODY:
            logged = False
            raise GatewayError("REQUEST_TOO_LARGE")
        route = served.served.router.match(request.method, path or "/")
        inv.resource, inv.method, inv.path_params = route.resource, route.method, route.path_params
        await protection.protect(inv)
        response = await integrate(inv, integration)
    except Exception as raised:
        if isinstance(raised, GatewayError):
            failure = raised
        else:  # a bug of cloudlet's: answered as AWS answers its own failures
            log.exception("API %s %s %s (request %s) failed", api.api_id, request.method,
                          path, request_id)
            failure = GatewayError("DEFAULT_5XX", "Internal server error", status=500)
        error_vars = {"message": failure.message, "responseType": failure.response_type,
                      "messageString": orjson.dumps(failure.message).decode()}
        response = responses.render(failure, request_context(inv), snapshot=inv.snapshot,
                                    request=request, path_params=inv.path_params,
                                    variables=inv.stage_variables)
    _headers(response, request_id, extended_id)
    settings = inv.stage.get("accessLogSettings")
    if logged and settings:
        context = extended(request_context(inv), status=response.status,
                           response_length=len(response.body),
                           latency_ms=int((time.monotonic() - started) * 1000),
                           integration=integration, error=error_vars)
        context["stageVariables"] = dict(inv.stage_variables)
        try:
            await access_log.log_access(state, api, settings, context)
        except Exception:  # a log line never fails the request
            log.exception("API %s: writing the access log failed", api.api_id)
    standard.api_request(state, api.account, api.region, rest=True, api=str(
        (inv.snapshot.get("restApi") or {}).get("name") or api.api_id), stage=stage,
        status=response.status, latency_ms=(time.monotonic() - started) * 1000,
        integration_ms=integration.get("latency"))
    return response
