"""Asynchronous invocation settings: retries, maximum event age, destinations.

https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-configuring.html
- ``MaximumRetryAttempts`` 0..2 (default 2), ``MaximumEventAgeInSeconds`` 60..21600
  (default 21600).
- Destinations: cloudlet delivers to another Lambda function (its ARN); SQS, SNS and
  EventBridge destinations are accepted and stored, and delivered once those services
  exist (until then a failed event is only logged).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.lambda_ import service
from cloudlet.services.lambda_.arns import LATEST, resolve
from cloudlet.services.lambda_.backend import backends
from cloudlet.services.lambda_.errors import ResourceNotFoundException
from cloudlet.services.lambda_.shapes import (
    DeleteFunctionEventInvokeConfigRequest,
    FunctionEventInvokeConfig,
    GetFunctionEventInvokeConfigRequest,
    ListFunctionEventInvokeConfigsRequest,
    ListFunctionEventInvokeConfigsResponse,
    PutFunctionEventInvokeConfigRequest,
    UpdateFunctionEventInvokeConfigRequest,
)

MEMBERS = ("MaximumRetryAttempts", "MaximumEventAgeInSeconds", "DestinationConfig")


def _target(ctx: RequestContext, req: Mapping[str, Any]) -> tuple[str, str]:
    name, qualifier = resolve(req["FunctionName"], req.get("Qualifier"), ctx.account, ctx.region)
    qualifier = qualifier or LATEST
    backends.of(ctx).version(name, qualifier)
    return name, qualifier


def _answer(ctx: RequestContext, name: str, qualifier: str,
            config: dict[str, Any]) -> FunctionEventInvokeConfig:
    out = cast(FunctionEventInvokeConfig, {k: config[k] for k in MEMBERS if k in config})
    out["LastModified"] = config["LastModified"]
    out["FunctionArn"] = backends.of(ctx).arn(name, qualifier)
    out.setdefault("DestinationConfig", {"OnSuccess": {}, "OnFailure": {}})
    return out


def _store(ctx: RequestContext, req: Mapping[str, Any], merge: bool) -> FunctionEventInvokeConfig:
    name, qualifier = _target(ctx, req)
    backend = backends.of(ctx)
    current = backend.function(name).event_configs.get(qualifier)
    if merge and current is None:
        raise ResourceNotFoundException(
            f"The function {backend.arn(name, qualifier)} doesn't have an EventInvokeConfig")
    config = dict(current or {}) if merge else {}
    config.update({k: req[k] for k in MEMBERS if k in req})
    config["LastModified"] = ctx.state.clock.now()
    backend.set_event_config(name, qualifier, config)
    return _answer(ctx, name, qualifier, config)


@service.operation("PutFunctionEventInvokeConfig")
def put_function_event_invoke_config(
        ctx: RequestContext, req: PutFunctionEventInvokeConfigRequest) -> FunctionEventInvokeConfig:
    """Replace the async settings of a function, version or ``$LATEST``."""
    return _store(ctx, req, merge=False)


@service.operation("UpdateFunctionEventInvokeConfig")
def update_function_event_invoke_config(
        ctx: RequestContext,
        req: UpdateFunctionEventInvokeConfigRequest) -> FunctionEventInvokeConfig:
    """Change only the async settings given."""
    return _store(ctx, req, merge=True)


@service.operation("GetFunctionEventInvokeConfig")
def get_function_event_invoke_config(
        ctx: RequestContext, req: GetFunctionEventInvokeConfigRequest) -> FunctionEventInvokeConfig:
    """The async settings; ResourceNotFoundException when none were configured."""
    name, qualifier = _target(ctx, req)
    backend = backends.of(ctx)
    config = backend.function(name).event_configs.get(qualifier)
    if config is None:
        raise ResourceNotFoundException(
            f"The function {backend.arn(name, qualifier)} doesn't have an EventInvokeConfig")
    return _answer(ctx, name, qualifier, config)


@service.operation("DeleteFunctionEventInvokeConfig")
def delete_function_event_invoke_config(
        ctx: RequestContext, req: DeleteFunctionEventInvokeConfigRequest) -> NoOutput:
    """Back to the defaults (2 retries, 6 hours)."""
    name, qualifier = _target(ctx, req)
    get_function_event_invoke_config(ctx, req)
    backends.of(ctx).set_event_config(name, qualifier, None)
    return {}


@service.operation("ListFunctionEventInvokeConfigs")
def list_function_event_invoke_configs(
        ctx: RequestContext,
        req: ListFunctionEventInvokeConfigsRequest) -> ListFunctionEventInvokeConfigsResponse:
    """Every qualifier's async settings of one function."""
    name, _ = resolve(req["FunctionName"], None, ctx.account, ctx.region)
    fn = backends.of(ctx).function(name)
    return {"FunctionEventInvokeConfigs": [
        _answer(ctx, name, q, c) for q, c in sorted(fn.event_configs.items())]}
