"""TestInvokeMethod: one request to a method of a REST API as it is now (no deployment
needed), answered with the method's response and the execution log.

https://docs.aws.amazon.com/apigateway/latest/api/API_TestInvokeMethod.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-test-method.html

- The method is named by ``restApiId``/``resourceId``/``httpMethod`` (NotFoundException
  ``Invalid Resource identifier specified`` / ``Invalid Method identifier specified``).
- The request is ``pathWithQueryString`` (default: the resource's path), ``headers`` and
  ``multiValueHeaders`` (merged), ``body`` and ``stageVariables``. Path parameters are read
  from the path against the resource's template.
- As on AWS, authorizers, API keys, usage plans and throttling are skipped; request
  validation applies. The event is what the integration would get from a stage called
  ``test-invoke-stage``, with AWS's test identity (``sourceIp`` ``test-invoke-source-ip``,
  ``apiKey`` ``test-invoke-api-key``, the caller's account and ARN), the domain
  ``testPrefix.testDomainName``, and only the headers given (``null`` when none).
- The answer: ``status``, ``body``, ``headers`` (the last value of each), ``multiValueHeaders``,
  ``latency`` (ms) and ``log``, whose lines read as AWS's do (``Method request headers``,
  ``Endpoint request URI`` (a Lambda function's ``https://lambda.{region}.amazonaws.com/...``), ``Endpoint request body after transformations: {the event}``,
  ``Endpoint response body before transformations``, ``Method response body after
  transformations``, ``Method completed with status``). The request is neither metered nor
  access-logged.

LIMITATIONS: ``clientCertificateId`` is not supported (BadRequestException); a method
``ANY`` is invoked with the verb ``ANY``; header names keep the case they were given.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import quote, unquote

from cloudlet.clock import new_id
from cloudlet.server.context import RequestContext
from cloudlet.server.http import Request
from cloudlet.services.apigateway.errors import not_supported
from cloudlet.services.apigateway.gateway import observe, responses, rest_pipeline, validation
from cloudlet.services.apigateway.gateway.context_vars import TEST_DOMAIN, request_context
from cloudlet.services.apigateway.gateway.entry import ApiRef
from cloudlet.services.apigateway.gateway.errors import GatewayError
from cloudlet.services.apigateway.gateway.invocation import Invocation
from cloudlet.services.apigateway.gateway.routing import Router
from cloudlet.services.apigateway.registry import rest_service
from cloudlet.services.apigateway.rest.common import rest_api
from cloudlet.services.apigateway.rest.deployments import contents
from cloudlet.services.apigateway.rest.execution_log import ExecutionLog
from cloudlet.services.apigateway.rest.methods import method_of

STAGE = "test-invoke-stage"
SOURCE_IP = "test-invoke-source-ip"


def _headers(req: dict[str, Any]) -> list[tuple[str, str]]:
    """``headers`` then ``multiValueHeaders`` (a name in both: the multi-values win)."""
    multi: dict[str, list[str]] = {k: [str(v)] for k, v in (req.get("headers") or {}).items()}
    for name, values in (req.get("multiValueHeaders") or {}).items():
        multi[name] = [str(v) for v in values]
    return [(name, value) for name, values in multi.items() for value in values]


def request_of(verb: str, path_query: str, req: dict[str, Any]) -> Request:
    """The request ``req`` describes (``headers``, ``multiValueHeaders``, ``body``)."""
    pairs = _headers(req)
    body = str(req.get("body") or "").encode()
    path, _, query = path_query.partition("?")
    if not path.startswith("/"):
        path = "/" + path
    raw = quote(unquote(path), safe="/:@!$&'()*+,;=-._~")
    joined: dict[str, str] = {}
    for name, value in pairs:
        key = name.lower()
        joined[key] = f"{joined[key]},{value}" if key in joined else value
    return Request(method=verb, path=unquote(raw), raw_path=raw, query_string=query,
                   headers=joined, body=body, host=TEST_DOMAIN, raw_headers=pairs,
                   client=(SOURCE_IP, 0))


def _path_params(resource: dict[str, Any], verb: str, raw_path: str) -> dict[str, str]:
    try:
        return Router([resource]).match(verb, raw_path).path_params
    except GatewayError:  # the path does not fit the resource's template: none
        return {}


@rest_service.operation("TestInvokeMethod")
async def test_invoke_method(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    api_id = rest_api(ctx, req["restApiId"])["id"]
    resource, method = method_of(ctx, req)
    if req.get("clientCertificateId"):
        raise not_supported("clientCertificateId in TestInvokeMethod")
    verb = req["httpMethod"].upper()
    request = request_of(verb, req.get("pathWithQueryString") or str(resource.get("path") or "/"),
                         req)
    inv = Invocation(
        state=ctx.state, request=request, api=ApiRef(api_id, "REST", ctx.account, ctx.region),
        stage_name=STAGE, stage={}, snapshot=contents(ctx, api_id), path=request.path,
        request_id=new_id(), extended_request_id=rest_pipeline.extended_request_id(),
        request_time_epoch=int(ctx.state.clock.now() * 1000),
        resource=resource, method=method,
        path_params=_path_params(resource, verb, request.raw_path),
        stage_variables={str(k): str(v) for k, v in (req.get("stageVariables") or {}).items()},
        test_caller=ctx.caller.arn)
    log = ExecutionLog(ctx.state.clock.now, inv.request_id)
    log.request(inv)
    started = time.monotonic()
    watcher = observe.Observer()
    integration: dict[str, Any] = {}
    failed: GatewayError | None = None
    try:
        with observe.observing(watcher):
            validation.validate(inv)
            response = await rest_pipeline.integrate(inv, integration)
    except GatewayError as error:
        failed = error
        response = responses.render(error, request_context(inv), snapshot=inv.snapshot,
                                    request=request, path_params=inv.path_params,
                                    variables=inv.stage_variables)
    latency = int((time.monotonic() - started) * 1000)
    for exchange in watcher.exchanges:
        log.exchange(exchange, integration.get("latency", latency))
    log.outcome(response, failed)
    multi: dict[str, list[str]] = {}
    for name, value in response.headers:
        multi.setdefault(name, []).append(value)
    return {"status": response.status, "body": response.body.decode("utf-8", "replace"),
            "headers": {k: v[-1] for k, v in multi.items()}, "multiValueHeaders": multi,
            "log": log.text(), "latency": latency}

