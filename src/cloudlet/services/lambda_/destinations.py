"""Where an asynchronous invocation's outcome goes: destinations and the dead-letter queue.

https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
- OnSuccess / OnFailure destinations get the invocation record (``async_invoke._record``):
  an SQS queue as the message body, an SNS topic as the message, an EventBridge bus as an
  event with source ``lambda`` and detail-type ``Lambda Function Invocation Result -
  Success`` (or ``- Failure``), a Lambda function as an asynchronous invocation's event.
- A function's DeadLetterConfig (SQS queue or SNS topic) gets the original event as the
  message, with the message attributes ``RequestID`` (String), ``ErrorCode`` (Number: the
  invocation's status code, 200 for a function error) and ``ErrorMessage`` (String, the
  first kilobyte of the error message).
  https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html#invocation-dlq

Each goes through ``internal.call`` as the Lambda service principal; a target that does
not exist (or a service cloudlet lacks) is logged and the record dropped, as a
misconfigured destination on AWS loses it.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from cloudlet.server.context import Principal
from cloudlet.server.errors import ServiceError
from cloudlet.server.internal import call

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState

log = logging.getLogger("cloudlet")

SERVICE = "lambda.amazonaws.com"


def _parts(arn: str) -> tuple[str, str, str, str]:
    """(service, region, account, resource) of an ARN."""
    pieces = arn.split(":", 5)
    if len(pieces) < 6:
        raise ValueError(f"not an ARN: {arn}")
    return pieces[2], pieces[3], pieces[4], pieces[5]


async def _send(state: ServerState, arn: str, body: str, *, attributes: dict[str, Any] | None = None,
                detail_type: str = "", source_arn: str = "") -> None:
    kind, region, account, resource = _parts(arn)
    principal = Principal.service(account, SERVICE)
    if kind == "sqs":
        url = await call(state, "sqs", "GetQueueUrl",
                         {"QueueName": resource, "QueueOwnerAWSAccountId": account},
                         principal=principal, region=region)
        params: dict[str, Any] = {"QueueUrl": url["QueueUrl"], "MessageBody": body}
        if attributes:
            params["MessageAttributes"] = attributes
        await call(state, "sqs", "SendMessage", params, principal=principal, region=region)
    elif kind == "sns":
        params = {"TopicArn": arn, "Message": body}
        if attributes:
            params["MessageAttributes"] = attributes
        await call(state, "sns", "Publish", params, principal=principal, region=region)
    elif kind == "events":
        await call(state, "events", "PutEvents", {"Entries": [{
            "Source": "lambda", "DetailType": detail_type, "Detail": body,
            "EventBusName": arn, "Resources": [source_arn] if source_arn else []}]},
            principal=principal, region=region)
    else:
        raise ValueError(f"not supported: destination type {kind} ({arn})")


async def send_record(state: ServerState, arn: str, record: dict[str, Any], *, success: bool) -> None:
    """The invocation record to an SQS, SNS or EventBridge destination."""
    outcome = "Success" if success else "Failure"
    function_arn = record.get("requestContext", {}).get("functionArn", "")
    try:
        await _send(state, arn, json.dumps(record),
                    detail_type=f"Lambda Function Invocation Result - {outcome}",
                    source_arn=function_arn)
    except (ServiceError, ValueError) as exc:
        log.warning("could not send the invocation record of %s to %s: %s", function_arn, arn, exc)


async def send_dead_letter(state: ServerState, arn: str, payload: bytes, request_id: str,
                           error_code: int, error_message: str) -> None:
    """The original event to a function's dead-letter queue or topic."""
    attributes = {
        "RequestID": {"DataType": "String", "StringValue": request_id},
        "ErrorCode": {"DataType": "Number", "StringValue": str(error_code)},
        "ErrorMessage": {"DataType": "String", "StringValue": error_message[:1024] or "-"},
    }
    try:
        await _send(state, arn, payload.decode("utf-8", "replace"), attributes=attributes)
    except (ServiceError, ValueError) as exc:
        log.warning("could not send event %s to the dead-letter target %s: %s", request_id, arn, exc)
