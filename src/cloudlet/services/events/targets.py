"""Sending one event to one target, by the kind of resource its ARN names.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html
- Lambda functions: an asynchronous Invoke (``InvocationType=Event``) of the input.
- SQS queues: SendMessage of the input to the queue (``QueueOwnerAWSAccountId`` from the
  ARN); a FIFO queue gets ``SqsParameters.MessageGroupId`` and the event id as its
  deduplication id.
- SNS topics: Publish of the input.
- Event buses: PutEvents of the event itself (its source, detail-type, detail, resources
  and time; input settings do not apply) to that bus.
- Step Functions state machines: StartExecution with the input.
- CloudWatch Logs log groups: the input as one log event in a stream named after the
  event id.
Every call is made as ``events.amazonaws.com`` through ``server.internal.call``.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from cloudlet.server.context import Principal
from cloudlet.server.errors import ClientError, ServiceError
from cloudlet.server.internal import call, served
from cloudlet.services.events.names import Arn

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState

SUPPORTED = ("lambda", "sqs", "sns", "events", "states", "logs")


class TargetNotSupported(ClientError):
    """A target cloudlet cannot deliver to (not retried)."""

    code = "NotSupported"


class _EntryFailure(ServiceError):
    """A bus that answered PutEvents with a failed entry (its ErrorCode and message)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.failed_code = code

    @property
    def error_code(self) -> str:
        return self.failed_code


class TargetRefused(_EntryFailure, ClientError):
    """The bus refused the event for good (it does not exist, ...): not retried."""


class DeliveryFailed(_EntryFailure):
    """The bus could not take the event now: retried."""

    status = 500


_PERMANENT = frozenset({"ResourceNotFoundException", "NotAuthorizedForSourceException",
                        "InvalidArgument", "MalformedDetail", "AccessDeniedException"})


async def send(state: ServerState, account: str, target: dict[str, Any],
               event: dict[str, Any], text: str) -> None:
    """Deliver ``text`` (the input for ``event``) to ``target``; raises what the target
    service raised."""
    arn = Arn.parse(target["Arn"])
    if arn is None or arn.service not in SUPPORTED:
        raise TargetNotSupported(f"not supported: EventBridge target {target['Arn']}")
    if served(state, arn.service) is None:
        raise TargetNotSupported(f"not supported: {arn.service} targets ({arn.service} is not"
                                 " served by this cloudlet)")
    run = _caller(state, account, arn)
    if arn.service == "lambda":
        await run("lambda", "Invoke", {"FunctionName": target["Arn"], "InvocationType": "Event",
                                       "Payload": text.encode()})
    elif arn.service == "sqs":
        params: dict[str, Any] = {"MessageBody": text}
        if arn.resource.endswith(".fifo"):
            group = (target.get("SqsParameters") or {}).get("MessageGroupId")
            params.update(MessageGroupId=group or event["id"],
                          MessageDeduplicationId=event["id"])
        await send_to_queue(state, account, arn, params)
    elif arn.service == "sns":
        await run("sns", "Publish", {"TopicArn": target["Arn"], "Message": text})
    elif arn.service == "events":
        entry = {"Source": event["source"], "DetailType": event["detail-type"],
                 "Detail": json.dumps(event["detail"]), "Resources": event["resources"],
                 "Time": event["time"], "EventBusName": target["Arn"]}
        # Sent from the rule's account and the event's region, so the event keeps them.
        out = await call(state, "events", "PutEvents", {"Entries": [entry]},
                         principal=Principal.service(account, "events.amazonaws.com"),
                         account=account, region=event["region"])
        if out.get("FailedEntryCount"):
            failed = out["Entries"][0]
            code, message = failed.get("ErrorCode", ""), failed.get("ErrorMessage", "")
            if code in _PERMANENT:
                raise TargetRefused(code, message)
            raise DeliveryFailed(code, message)
    elif arn.service == "states":
        await run("states", "StartExecution", {"stateMachineArn": target["Arn"], "input": text})
    else:
        await _log(run, arn, event, text, state.clock.now())


Run = Callable[[str, str, dict[str, Any]], Awaitable[dict[str, Any]]]


def _caller(state: ServerState, account: str, arn: Arn) -> Run:
    """Calls to the service that owns ``arn``, as EventBridge's service principal."""
    principal = Principal.service(account, "events.amazonaws.com")

    async def run(service: str, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        return await call(state, service, operation, params, principal=principal,
                          account=arn.account or account, region=arn.region)

    return run


async def send_to_queue(state: ServerState, account: str, queue: Arn,
                        params: dict[str, Any]) -> None:
    """SendMessage to the SQS queue ``queue`` names (its URL from GetQueueUrl)."""
    run = _caller(state, account, queue)
    found = await run("sqs", "GetQueueUrl", {"QueueName": queue.resource,
                                             "QueueOwnerAWSAccountId": queue.account})
    await run("sqs", "SendMessage", {"QueueUrl": found["QueueUrl"], **params})


async def _log(run: Run, arn: Arn, event: dict[str, Any], text: str, now: float) -> None:
    group = arn.resource.removeprefix("log-group:").removesuffix(":*")
    try:
        await run("logs", "CreateLogStream", {"logGroupName": group, "logStreamName": event["id"]})
    except ServiceError as err:
        if err.error_code != "ResourceAlreadyExistsException":
            raise
    await run("logs", "PutLogEvents", {"logGroupName": group, "logStreamName": event["id"],
                                       "logEvents": [{"timestamp": int(now * 1000),
                                                      "message": text}]})
