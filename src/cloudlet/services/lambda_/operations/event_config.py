"""Asynchronous invocation settings: retries, maximum event age, destinations.

https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-configuring.html
- ``MaximumRetryAttempts`` 0..2 (default 2), ``MaximumEventAgeInSeconds`` 60..21600
  (default 21600).
- Destinations: cloudlet delivers to another Lambda function (its ARN); SQS, SNS and
  EventBridge destinations are accepted and stored, and delivered once those services
  exist (until then a failed event is only logged).

Answers and errors as AWS records them (LocalStack's test_lambda_api.snapshot.json,
test_lambda_eventinvokeconfig_exceptions and _lifecycle): ``DestinationConfig`` always
has ``OnSuccess`` and ``OnFailure`` (``{}`` when unset); a function, version or alias
that does not exist is ``The function doesn't exist.`` for Put, Update and List and
``The function ARN:QUALIFIER doesn't have an EventInvokeConfig`` for Get and Delete;
Put with no setting, a Lambda destination that does not exist, the function itself as
destination or an ARN of another service are InvalidParameterValueException.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.lambda_ import service
from cloudlet.services.lambda_.arns import LATEST, resolve
from cloudlet.services.lambda_.backend import backends
from cloudlet.services.lambda_.errors import (
    InvalidParameterValueException,
    ResourceNotFoundException,
)
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
NO_FUNCTION = "The function doesn't exist."
DESTINATION_SERVICES = ("lambda", "sqs", "sns", "events", "s3")


def _missing(arn: str) -> ResourceNotFoundException:
    return ResourceNotFoundException(f"The function {arn} doesn't have an EventInvokeConfig")


def _target(ctx: RequestContext, req: Mapping[str, Any], *, named: bool = False) -> tuple[str, str]:
    """The function and qualifier (``$LATEST`` when none: a version or an alias); when
    they do not exist, ``The function doesn't exist.``, or with ``named`` the Get/Delete
    text that names the ARN."""
    name, qualifier = resolve(req["FunctionName"], req.get("Qualifier"), ctx.account, ctx.region)
    qualifier = qualifier or LATEST
    backend = backends.of(ctx)
    fn = backend.functions.get(name)
    if fn is None or (qualifier not in fn.versions and qualifier not in fn.aliases):
        if named:
            raise _missing(backend.arn(name, qualifier))
        raise ResourceNotFoundException(NO_FUNCTION)
    return name, qualifier


def _destination_text(config: Mapping[str, Any]) -> str:
    """A DestinationConfig as AWS quotes it in its error (Java's toString)."""
    def side(key: str, cls: str) -> str:
        part = config.get(key)
        if part is None:
            return "null"
        return f"{cls}(destination={part.get('Destination')})"
    return (f"DestinationConfig(onSuccess={side('OnSuccess', 'OnSuccess')}, "
            f"onFailure={side('OnFailure', 'OnFailure')})")


def _check_destinations(ctx: RequestContext, name: str, config: Mapping[str, Any] | None) -> None:
    for key in ("OnSuccess", "OnFailure"):
        arn = ((config or {}).get(key) or {}).get("Destination")
        if not arn:
            continue
        parts = arn.split(":")
        if len(parts) < 6 or parts[2] not in DESTINATION_SERVICES:
            raise InvalidParameterValueException(
                f"The provided destination config {_destination_text(config or {})} is invalid.")
        if parts[2] != "lambda":
            continue
        target, _ = resolve(arn, None, ctx.account, ctx.region)
        if target == name:
            raise InvalidParameterValueException(
                "You can't specify the function as a destination for itself.")
        if target not in backends.of(ctx).functions:
            raise InvalidParameterValueException(f"The destination ARN {arn} is invalid.")


def _answer(ctx: RequestContext, name: str, qualifier: str,
            config: dict[str, Any]) -> FunctionEventInvokeConfig:
    out = cast(FunctionEventInvokeConfig, {k: config[k] for k in MEMBERS if k in config})
    out["LastModified"] = config["LastModified"]
    out["FunctionArn"] = backends.of(ctx).arn(name, qualifier)
    destinations: dict[str, Any] = dict(config.get("DestinationConfig") or {})
    out["DestinationConfig"] = cast(Any, {"OnSuccess": destinations.get("OnSuccess") or {},
                                          "OnFailure": destinations.get("OnFailure") or {}})
    return out


def _store(ctx: RequestContext, req: Mapping[str, Any], merge: bool) -> FunctionEventInvokeConfig:
    if not merge and not any(k in req for k in MEMBERS):
        raise InvalidParameterValueException(
            "You must specify at least one of error handling or destination setting.")
    name, qualifier = _target(ctx, req)
    _check_destinations(ctx, name, req.get("DestinationConfig"))
    backend = backends.of(ctx)
    current = backend.function(name).event_configs.get(qualifier)
    if merge and current is None:
        raise _missing(backend.arn(name, qualifier))
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
    name, qualifier = _target(ctx, req, named=True)
    backend = backends.of(ctx)
    config = backend.function(name).event_configs.get(qualifier)
    if config is None:
        raise _missing(backend.arn(name, qualifier))
    return _answer(ctx, name, qualifier, config)


@service.operation("DeleteFunctionEventInvokeConfig")
def delete_function_event_invoke_config(
        ctx: RequestContext, req: DeleteFunctionEventInvokeConfigRequest) -> NoOutput:
    """Back to the defaults (2 retries, 6 hours)."""
    name, qualifier = _target(ctx, req, named=True)
    get_function_event_invoke_config(ctx, req)
    backends.of(ctx).set_event_config(name, qualifier, None)
    return {}


@service.operation("ListFunctionEventInvokeConfigs")
def list_function_event_invoke_configs(
        ctx: RequestContext,
        req: ListFunctionEventInvokeConfigsRequest) -> ListFunctionEventInvokeConfigsResponse:
    """Every qualifier's async settings of one function."""
    name, _ = resolve(req["FunctionName"], None, ctx.account, ctx.region)
    fn = backends.of(ctx).functions.get(name)
    if fn is None:
        raise ResourceNotFoundException(NO_FUNCTION)
    return {"FunctionEventInvokeConfigs": [
        _answer(ctx, name, q, c) for q, c in sorted(fn.event_configs.items())]}
