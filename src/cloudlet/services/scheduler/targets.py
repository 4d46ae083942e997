"""Invoking a schedule's target, through ``cloudlet.server.internal.call`` as the
scheduler's service principal.

https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-templated.html
https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-universal.html
- Templated targets by the target ARN's service: Lambda ``Invoke`` (asynchronous,
  InvocationType Event: the function's own retries and destinations apply after Lambda
  accepts the event), SQS ``SendMessage`` (SqsParameters.MessageGroupId for FIFO queues),
  SNS ``Publish``, EventBridge ``PutEvents`` (EventBridgeParameters DetailType and Source,
  the input as Detail), Kinesis ``PutRecord`` (KinesisParameters.PartitionKey), Step
  Functions ``StartExecution``.
- Universal targets ``arn:aws:scheduler:::aws-sdk:<service>:<apiAction>``: the input is
  the action's request as JSON, members named as in the API (``QueueUrl``,
  ``MessageBody``), the action in the SDK's camelCase (``sendMessage``).
- A target the server has no service for fails at once, not retried ("not supported").
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.server.context import Principal
from cloudlet.server.errors import NotImplementedOperation, ServiceError, UnknownOperationException
from cloudlet.server.internal import call
from cloudlet.services.scheduler.settings import target_service

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState

SERVICE_PRINCIPAL = "scheduler.amazonaws.com"
# The AWS SDKs' service names that differ from botocore's model names.
_SDK_SERVICES = {"eventbridge": "events", "sfn": "states", "cloudwatchlogs": "logs"}


class TargetFailure(Exception):
    """A failed invocation: the error code and message, and whether a retry can help."""

    def __init__(self, code: str, message: str, *, retryable: bool = True) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.retryable = retryable


class Invocation:
    """One attempt at a target: where it is, who calls, with what input."""

    def __init__(self, state: ServerState, job: dict[str, Any], text: str) -> None:
        self.state = state
        self.target: dict[str, Any] = job["target"]
        self.arn: str = self.target["Arn"]
        self.text = text
        self.account: str = job["account"]
        parts = self.arn.split(":")
        self.region: str = parts[3] if len(parts) > 3 and parts[3] else job["region"]

    async def call(self, service: str, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        try:
            return await call(self.state, service, operation, params, region=self.region,
                              principal=Principal.service(self.account, SERVICE_PRINCIPAL))
        except (UnknownOperationException, NotImplementedOperation) as err:
            raise TargetFailure("NotSupported", f"not supported: target {service}.{operation}"
                                f" ({err.message})", retryable=False) from None
        except ServiceError as err:
            raise TargetFailure(err.error_code, err.message) from None


async def queue_url(invocation: Invocation, arn: str) -> str:
    """The URL of the SQS queue ``arn`` names."""
    parts = arn.split(":")
    out = await invocation.call("sqs", "GetQueueUrl", {
        "QueueName": parts[5], "QueueOwnerAWSAccountId": parts[4]})
    return str(out["QueueUrl"])


async def _lambda(inv: Invocation) -> None:
    await inv.call("lambda", "Invoke", {"FunctionName": inv.arn, "InvocationType": "Event",
                                        "Payload": inv.text.encode()})


async def _sqs(inv: Invocation) -> None:
    params: dict[str, Any] = {"QueueUrl": await queue_url(inv, inv.arn), "MessageBody": inv.text}
    group = (inv.target.get("SqsParameters") or {}).get("MessageGroupId")
    if group:
        params["MessageGroupId"] = group
    await inv.call("sqs", "SendMessage", params)


async def _sns(inv: Invocation) -> None:
    await inv.call("sns", "Publish", {"TopicArn": inv.arn, "Message": inv.text})


async def _events(inv: Invocation) -> None:
    parameters = inv.target.get("EventBridgeParameters") or {}
    out = await inv.call("events", "PutEvents", {"Entries": [{
        "EventBusName": inv.arn, "Source": parameters.get("Source", "aws.scheduler"),
        "DetailType": parameters.get("DetailType", "Scheduled Event"), "Detail": inv.text}]})
    if out.get("FailedEntryCount"):
        entry = (out.get("Entries") or [{}])[0]
        raise TargetFailure(entry.get("ErrorCode", "InternalException"),
                            entry.get("ErrorMessage", "PutEvents failed"))


async def _kinesis(inv: Invocation) -> None:
    key = (inv.target.get("KinesisParameters") or {}).get("PartitionKey", "scheduler")
    await inv.call("kinesis", "PutRecord", {"StreamARN": inv.arn, "PartitionKey": key,
                                            "Data": inv.text.encode()})


async def _states(inv: Invocation) -> None:
    await inv.call("states", "StartExecution", {"stateMachineArn": inv.arn, "input": inv.text})


async def _universal(inv: Invocation) -> None:
    parts = inv.arn.split(":")
    if len(parts) != 8 or not parts[7]:
        raise TargetFailure("ValidationException", f"Invalid universal target {inv.arn}",
                            retryable=False)
    service = _SDK_SERVICES.get(parts[6], parts[6])
    operation = parts[7][:1].upper() + parts[7][1:]
    try:
        params = orjson.loads(inv.text)
    except orjson.JSONDecodeError:
        raise TargetFailure("ValidationException", "The input is not a valid JSON.",
                            retryable=False) from None
    await inv.call(service, operation, params if isinstance(params, dict) else {})


_TEMPLATED: dict[str, Callable[[Invocation], Awaitable[None]]] = {
    "lambda": _lambda, "sqs": _sqs, "sns": _sns, "events": _events, "states": _states,
    "kinesis": _kinesis, "aws-sdk": _universal,
}


async def invoke(invocation: Invocation) -> None:
    """Run one attempt; TargetFailure when it fails."""
    kind = target_service(invocation.arn)
    run = _TEMPLATED.get(kind)
    if run is None:
        raise TargetFailure("NotSupported", f"not supported: scheduler target {invocation.arn}",
                            retryable=False)
    await run(invocation)
