"""TestInvokeAuthorizer: run a Lambda authorizer (TOKEN or REQUEST) of a REST API as it is now,
with the identity given, and answer what it decided.

https://docs.aws.amazon.com/apigateway/latest/api/API_TestInvokeAuthorizer.html

- The authorizer is ``restApiId``/``authorizerId`` (NotFoundException ``Invalid Authorizer
  identifier specified``). ``headers``/``multiValueHeaders``, ``pathWithQueryString`` (default
  ``/``), ``body`` and ``stageVariables`` make the request its identity sources read; the
  event's ``methodArn`` names the stage ``ESTestInvoke-stage`` and the verb GET, as AWS's do.
- The answer: ``clientStatus`` (200 when the function answered a valid policy; 401 when an
  identity source is missing, fails ``identityValidationExpression`` or the function says
  ``Unauthorized``; 500 for any other failure), ``principalId``, ``policy`` (the policy
  document as JSON text), ``latency`` and ``log`` (``Endpoint request body after
  transformations: {the event}``, ``Authorizer result body before parsing: ...``). The result
  is not cached and the policy is not evaluated (there is no method).

LIMITATIONS: COGNITO_USER_POOLS authorizers and ``additionalContext`` are not supported
(BadRequestException ``not supported: ...``); ``authorization`` and ``claims`` are not
answered.
"""

from __future__ import annotations

import time
from typing import Any

import orjson

from cloudlet.clock import new_id
from cloudlet.server.context import RequestContext
from cloudlet.services.apigateway.errors import not_supported
from cloudlet.services.apigateway.gateway import authorizers, observe, rest_pipeline
from cloudlet.services.apigateway.gateway.entry import ApiRef
from cloudlet.services.apigateway.gateway.errors import GatewayError
from cloudlet.services.apigateway.gateway.invocation import Invocation
from cloudlet.services.apigateway.registry import rest_service
from cloudlet.services.apigateway.rest.common import get_doc
from cloudlet.services.apigateway.rest.deployments import contents
from cloudlet.services.apigateway.rest.execution_log import ExecutionLog
from cloudlet.services.apigateway.rest.method_test_invoke import request_of

STAGE = "ESTestInvoke-stage"


@rest_service.operation("TestInvokeAuthorizer")
async def test_invoke_authorizer(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    api_id = req["restApiId"]
    authorizer = get_doc(ctx, "authorizer", api_id, req["authorizerId"], "Authorizer")
    kind = str(authorizer.get("type") or "TOKEN")
    if kind not in ("TOKEN", "REQUEST"):
        raise not_supported(f"TestInvokeAuthorizer for {kind} authorizers")
    if req.get("additionalContext"):
        raise not_supported("additionalContext in TestInvokeAuthorizer")
    request = request_of("GET", req.get("pathWithQueryString") or "/", req)
    inv = Invocation(
        state=ctx.state, request=request, api=ApiRef(api_id, "REST", ctx.account, ctx.region),
        stage_name=STAGE, stage={}, snapshot=contents(ctx, api_id), path=request.path,
        request_id=new_id(), extended_request_id=rest_pipeline.extended_request_id(),
        request_time_epoch=int(ctx.state.clock.now() * 1000),
        method={"authorizationType": "CUSTOM", "authorizerId": authorizer["id"]},
        stage_variables={str(k): str(v) for k, v in (req.get("stageVariables") or {}).items()},
        test_caller=ctx.caller.arn)
    log = ExecutionLog(ctx.state.clock.now, inv.request_id,
                       f"Starting authorizer: {authorizer['id']} for request: {inv.request_id}")
    started = time.monotonic()
    out: dict[str, Any] = {}
    watcher = observe.Observer()
    failed: GatewayError | None = None
    try:
        with observe.observing(watcher):
            values = authorizers.identity_values(inv, authorizer)
            log.add(f"Incoming identity: {', '.join(values)}")
            output = await authorizers.call_function(inv, authorizer, values)
        status = 200
        out = {"principalId": output.principal_id,
               "policy": orjson.dumps(output.policy).decode()}
    except GatewayError as error:
        status, failed = error.status, error
    latency = int((time.monotonic() - started) * 1000)
    for exchange in watcher.exchanges:
        log.exchange(exchange, latency, "Authorizer result body before parsing: ")
    if failed is None:
        log.add(f"Using valid authorizer policy for principal: {out['principalId']}")
        log.add("Successfully completed authorizer execution")
    else:
        log.add(f"Unauthorized request: {inv.request_id}" if status == 401 else
                f"Execution failed due to configuration error: {failed.message}")
    return {"clientStatus": status, "log": log.text(), "latency": latency, **out}
