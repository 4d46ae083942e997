"""Optimized integrations and ``aws-sdk:SERVICE:ACTION``: a Task calling an operation of a
service cloudlet serves, through ``internal.call`` as the machine's role.

https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html
https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
- ``arn:aws:states:::dynamodb:putItem`` (getItem, updateItem, deleteItem), ``sns:publish``,
  ``sqs:sendMessage``, ``events:putEvents``: the Parameters are the operation's request
  (a text member given a JSON object, such as MessageBody or Detail, gets its JSON text),
  the result its response; a service error fails the task as ``DynamoDB.<Code>``,
  ``SNS.<Code>``, ``SQS.<Code>``, ``EventBridge.<Code>``.
- ``states:startExecution``: the child's ``{ExecutionArn, StartDate}``; ``.sync`` waits
  for it and answers its DescribeExecution (``.sync:2`` with Input/Output as JSON); a
  child that does not succeed fails the task with ``States.TaskFailed``.
- ``aws-sdk:SERVICE:ACTION``: any operation (``action`` in camelCase); members are matched
  case-insensitively on the way in and written in PascalCase on the way out, as the SDK
  integration does; errors are ``<Service>.<Code>`` (``DynamoDb.ResourceNotFoundException``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.server.errors import ServiceError
from cloudlet.server.internal import call as internal_call
from cloudlet.server.internal import served
from cloudlet.server.protocols.base import dump_json
from cloudlet.services.stepfunctions.language.errors import StatesError

if TYPE_CHECKING:
    from botocore.model import Shape

    from cloudlet.server.state import ServerState
    from cloudlet.services.stepfunctions.integrations import TaskCall

PREFIX = "arn:aws:states:::"
SDK = "aws-sdk:"

# Optimized integrations: resource -> (service, operation, error prefix).
_OPTIMIZED: dict[str, tuple[str, str, str]] = {
    "dynamodb:getItem": ("dynamodb", "GetItem", "DynamoDB"),
    "dynamodb:putItem": ("dynamodb", "PutItem", "DynamoDB"),
    "dynamodb:updateItem": ("dynamodb", "UpdateItem", "DynamoDB"),
    "dynamodb:deleteItem": ("dynamodb", "DeleteItem", "DynamoDB"),
    "sns:publish": ("sns", "Publish", "SNS"),
    "sqs:sendMessage": ("sqs", "SendMessage", "SQS"),
    "events:putEvents": ("events", "PutEvents", "EventBridge"),
    "states:startExecution": ("stepfunctions", "StartExecution", "StepFunctions"),
}
# aws-sdk service names that are not botocore's, and the SDK's error prefixes.
_SDK_NAMES = {"eventbridge": "events", "sfn": "stepfunctions", "cloudwatchlogs": "logs",
              "apigatewayv2": "apigatewayv2"}
_SDK_PREFIX = {"dynamodb": "DynamoDb", "sqs": "Sqs", "sns": "Sns", "sfn": "Sfn",
               "eventbridge": "EventBridge", "cloudwatchlogs": "CloudWatchLogs",
               "apigateway": "ApiGateway", "dynamodbstreams": "DynamoDbStreams"}


async def run(state: ServerState, call: TaskCall, base: str) -> Any:
    """The result of the integration ``base`` (the resource without .waitForTaskToken)."""
    spec = base.removeprefix(PREFIX)
    if spec.startswith(SDK):
        return await _sdk(state, call, spec.removeprefix(SDK))
    sync = ""
    for suffix in (".sync:2", ".sync"):
        if spec.endswith(suffix):
            spec, sync = spec.removesuffix(suffix), suffix
            break
    found = _OPTIMIZED.get(spec)
    if found is None or (sync and spec != "states:startExecution"):
        raise StatesError("States.Runtime", f"not supported: resource {call.resource}")
    service, operation, prefix = found
    params = _arguments(call)
    if operation == "StartExecution":
        return await _start_execution(state, call, params, sync)
    return await _call(state, call, service, operation, params, prefix)


def _arguments(call: TaskCall) -> dict[str, Any]:
    if not isinstance(call.arguments, dict):
        raise StatesError("States.Runtime", "The task's parameters must be a JSON object")
    return call.arguments


async def _sdk(state: ServerState, call: TaskCall, spec: str) -> Any:
    name, _, action = spec.partition(":")
    service = _SDK_NAMES.get(name, name)
    prefix = _SDK_PREFIX.get(name, name[:1].upper() + name[1:])
    if not action or served(state, service) is None:
        raise StatesError("States.Runtime", f"not supported: resource {call.resource}"
                                            f" (cloudlet does not serve {name})")
    operation = action[:1].upper() + action[1:]
    return await _call(state, call, service, operation, _arguments(call), prefix)


async def _call(state: ServerState, call: TaskCall, service_name: str, operation: str,
                params: dict[str, Any], prefix: str) -> Any:
    service = served(state, service_name)
    if service is None:
        raise StatesError("States.Runtime", f"not supported: resource {call.resource}")
    try:
        op = service.model.operation_model(operation)
    except Exception:
        raise StatesError("States.Runtime", f"not supported: resource {call.resource}"
                                            f" ({service_name} has no {operation})") from None
    request = _inbound(op.input_shape, params) if op.input_shape is not None else {}
    try:
        out = await internal_call(state, service_name, operation, request,
                                  principal=call.principal, account=call.account,
                                  region=call.region)
    except ServiceError as err:
        from cloudlet.services.stepfunctions.integrations import TaskFailed

        raise TaskFailed(f"{prefix}.{err.error_code}", err.message) from None
    out.pop("ResponseMetadata", None)
    for key, value in list(out.items()):
        out[key] = await drained(value)
    shaped = _outbound(op.output_shape, out) if op.output_shape is not None else out
    return orjson.loads(dump_json(shaped))


async def drained(value: Any) -> Any:
    """A streamed member (an S3 Body) read whole; other values as they are."""
    if hasattr(value, "__aiter__"):
        return b"".join([chunk async for chunk in value])
    return value


def _inbound(shape: Shape, value: Any) -> Any:
    """``value`` with structure members named as the model names them (any case)."""
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        members = shape.members
        by_lower = {name.lower(): name for name in members}
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = by_lower.get(key.lower(), key)
            member = members.get(name)
            out[str(name)] = _inbound(member, item) if member is not None else item
        return out
    if kind == "list" and isinstance(value, list):
        return [_inbound(shape.member, v) for v in value]
    if kind == "map" and isinstance(value, dict):
        return {k: _inbound(shape.value, v) for k, v in value.items()}
    if kind == "blob" and isinstance(value, str):
        return value.encode()
    if kind == "string" and isinstance(value, dict | list):
        # A JSON body given as an object (MessageBody, Message, Detail): its text.
        return orjson.dumps(value).decode()
    return value


def _outbound(shape: Shape, value: Any) -> Any:
    """``value`` with structure members in PascalCase (blobs as text when they are)."""
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        members = shape.members
        out: dict[str, Any] = {}
        for key, item in value.items():
            member = members.get(key)
            out[key[:1].upper() + key[1:]] = (_outbound(member, item) if member is not None
                                              else item)
        return out
    if kind == "list" and isinstance(value, list):
        return [_outbound(shape.member, v) for v in value]
    if kind == "map" and isinstance(value, dict):
        return {k: _outbound(shape.value, v) for k, v in value.items()}
    if kind == "blob" and isinstance(value, bytes | bytearray):
        try:
            return bytes(value).decode()
        except UnicodeDecodeError:
            return value
    return value


async def _start_execution(state: ServerState, call: TaskCall, params: dict[str, Any],
                           sync: str) -> Any:
    from cloudlet.services.stepfunctions import engine
    from cloudlet.services.stepfunctions.integrations import TaskFailed

    request = dict(params)
    child_input = request.get("Input")
    if child_input is not None and not isinstance(child_input, str):
        request["Input"] = orjson.dumps(child_input).decode()
    started = await _call(state, call, "stepfunctions", "StartExecution", request,
                          "StepFunctions")
    if not sync:
        return started
    closed = await engine.wait_closed(state, str(started["ExecutionArn"]))
    shaped: dict[str, Any] = {k[:1].upper() + k[1:]: v for k, v in closed.items()}
    for key in ("StartDate", "StopDate"):
        if key in shaped:
            shaped[key] = int(shaped[key].timestamp() * 1000)
    if sync == ".sync:2":
        for key in ("Input", "Output"):
            if isinstance(shaped.get(key), str):
                shaped[key] = orjson.loads(shaped[key])
    if shaped.get("Status") != "SUCCEEDED":
        raise TaskFailed("States.TaskFailed", orjson.dumps(shaped).decode())
    return shaped
