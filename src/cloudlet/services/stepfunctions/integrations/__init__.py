"""Task resources: what a Task state runs, reached only through ``internal.call``.

https://docs.aws.amazon.com/step-functions/latest/dg/integrate-services.html
https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html

- A Lambda function ARN: the task's input is the event, the function's JSON result is the
  task's result; a function error fails the task with the error's ``errorType`` as the
  error name and the error object as the cause (history events ``LambdaFunction*``).
- ``arn:aws:states:::lambda:invoke``: the Parameters are Invoke's (``FunctionName``,
  ``Payload``, ``Qualifier``, ``InvocationType``, ``ClientContext``); the result is the
  Invoke response (``ExecutedVersion``, ``Payload``, ``StatusCode``, ...).
- Optimized integrations and ``aws-sdk:SERVICE:ACTION``: ``services.py`` maps them to
  operations of the services cloudlet serves.
- ``.waitForTaskToken``: the call is made, then the task waits for SendTaskSuccess/Failure
  with its token (``Callback``). ``.sync`` on ``states:startExecution`` waits for the child
  execution.
- Activities: the task is queued for a worker's GetActivityTask (``activities.py``) and
  waits for its token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.server.errors import ServiceError
from cloudlet.server.internal import call as internal_call
from cloudlet.services.stepfunctions.language.errors import StatesError

if TYPE_CHECKING:
    from cloudlet.server.context import Principal
    from cloudlet.server.state import ServerState

LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke"
TOKEN_SUFFIX = ".waitForTaskToken"


@dataclass
class TaskCall:
    resource: str
    arguments: Any  # the effective input after Parameters/Arguments
    token: str | None
    execution_arn: str
    state_name: str
    account: str
    region: str
    principal: Principal
    timeout_s: float | None
    heartbeat_s: float | None


@dataclass
class Done:
    result: Any


@dataclass
class Callback:
    """The task waits for SendTaskSuccess/Failure with its token."""


class TaskFailed(Exception):
    def __init__(self, error: str, cause: str = "") -> None:
        super().__init__(f"{error}: {cause}")
        self.error = error
        self.cause = cause


def _is_lambda_arn(resource: str) -> bool:
    parts = resource.split(":")
    return len(parts) >= 7 and parts[2] == "lambda" and parts[5] == "function"


def _is_activity(resource: str) -> bool:
    parts = resource.split(":")
    return len(parts) >= 7 and parts[2] == "states" and parts[5] == "activity"


def family(resource: str) -> str:
    """Which history events a task writes: ``Lambda``, ``Activity`` or ``Task``."""
    if _is_lambda_arn(resource):
        return "Lambda"
    if _is_activity(resource):
        return "Activity"
    return "Task"


def needs_token(resource: str) -> bool:
    return resource.endswith(TOKEN_SUFFIX) or _is_activity(resource)


async def run_task(state: ServerState, call: TaskCall) -> Done | Callback:
    resource = call.resource
    if _is_lambda_arn(resource):
        return Done(await _invoke_function(state, call, resource, call.arguments))
    if _is_activity(resource):
        from cloudlet.services.stepfunctions.integrations import activities

        await activities.schedule(state, call)
        return Callback()
    base = resource.removesuffix(TOKEN_SUFFIX)
    waits = base != resource
    if base == LAMBDA_INVOKE:
        result = await _lambda_invoke(state, call)
    else:
        from cloudlet.services.stepfunctions.integrations import services

        result = await services.run(state, call, base)
    return Callback() if waits else Done(result)


async def invoke(state: ServerState, call: TaskCall, params: dict[str, Any]) -> dict[str, Any]:
    """Lambda's Invoke as the machine's role; Invoke's own errors as task failures."""
    try:
        return await internal_call(state, "lambda", "Invoke", params, principal=call.principal,
                                   account=call.account, region=call.region)
    except ServiceError as err:
        raise TaskFailed(f"Lambda.{err.error_code}", err.message) from None


def _payload(value: Any) -> bytes:
    return orjson.dumps(value)


def _function_error(out: dict[str, Any]) -> TaskFailed:
    body = out.get("Payload") or b"{}"
    text = body.decode() if isinstance(body, bytes) else str(body)
    try:
        parsed = orjson.loads(text)
    except orjson.JSONDecodeError:
        parsed = None
    error = parsed.get("errorType") if isinstance(parsed, dict) else None
    return TaskFailed(str(error) if error else "Lambda.Unknown", text)


async def _invoke_function(state: ServerState, call: TaskCall, function: str,
                           payload: Any) -> Any:
    out = await invoke(state, call, {"FunctionName": function, "Payload": _payload(payload)})
    if out.get("FunctionError"):
        raise _function_error(out)
    body = out.get("Payload") or b""
    if not body:
        return None
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        raise StatesError("States.Runtime", "The function's result is not valid JSON") from None


async def _lambda_invoke(state: ServerState, call: TaskCall) -> dict[str, Any]:
    args = call.arguments if isinstance(call.arguments, dict) else {}
    if "FunctionName" not in args:
        raise StatesError("States.Runtime", "The field 'FunctionName' is required by"
                                            " lambda:invoke")
    params: dict[str, Any] = {"FunctionName": args["FunctionName"]}
    for name in ("Qualifier", "InvocationType", "ClientContext", "LogType"):
        if name in args:
            params[name] = args[name]
    if "Payload" in args:
        payload = args["Payload"]
        params["Payload"] = payload.encode() if isinstance(payload, str) else _payload(payload)
    out = await invoke(state, call, params)
    if out.get("FunctionError"):
        raise _function_error(out)
    body = out.get("Payload") or b""
    try:
        result_payload: Any = orjson.loads(body) if body else None
    except orjson.JSONDecodeError:
        result_payload = body.decode(errors="replace")
    status = int(out.get("StatusCode", 200))
    return {"ExecutedVersion": out.get("ExecutedVersion", "$LATEST"), "Payload": result_payload,
            "SdkHttpMetadata": {"HttpStatusCode": status},
            "SdkResponseMetadata": {"RequestId": str(out.get("ResponseMetadata", {})
                                                     .get("RequestId", ""))},
            "StatusCode": status}
