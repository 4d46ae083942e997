"""The worker delivering queued event notifications (``events.py``) to their destinations.

Each message is delivered once it is due, through ``internal.call`` as the service
principal ``s3.amazonaws.com`` of the bucket owner's account: Lambda ``Invoke``
(``Event``), SQS ``GetQueueUrl`` + ``SendMessage``, SNS ``Publish`` (subject "Amazon S3
Notification") and EventBridge ``PutEvents``. A failed delivery is tried again with
exponential backoff (1 s doubling to 5 minutes); a destination whose service cloudlet
does not serve (yet) is retried for as long as it takes, other failures (a deleted
function or queue) at most ``MAX_ATTEMPTS`` times, as S3 gives up on a destination that
stays unreachable. Each kind of failure is logged once.
"""

from __future__ import annotations

import logging
from typing import Any

import orjson

from cloudlet.queue import Later, Message, consume
from cloudlet.server.context import Principal
from cloudlet.server.errors import NotImplementedOperation, ServiceError, UnknownOperationException
from cloudlet.server.internal import call
from cloudlet.server.state import ServerState
from cloudlet.services.s3.events import QUEUE
from cloudlet.services.s3.registry import service, store_of

log = logging.getLogger("cloudlet")
MAX_ATTEMPTS = 8


def _arn_region(arn: str, default: str) -> str:
    parts = arn.split(":")
    return parts[3] if len(parts) > 5 and parts[3] else default


async def deliver(state: ServerState, kind: str, arn: str, account: str, region: str,
                  body: dict[str, Any]) -> None:
    """One delivery; raises the destination service's error when it fails."""
    principal = Principal.service(account, "s3.amazonaws.com")
    where = _arn_region(arn, region)
    if kind == "lambda":
        await call(state, "lambda", "Invoke", {"FunctionName": arn, "InvocationType": "Event",
                                              "Payload": orjson.dumps(body)},
                   principal=principal, region=where)
    elif kind == "sqs":
        parts = arn.split(":")
        found = await call(state, "sqs", "GetQueueUrl",
                           {"QueueName": parts[5], "QueueOwnerAWSAccountId": parts[4]},
                           principal=principal, region=where)
        await call(state, "sqs", "SendMessage",
                   {"QueueUrl": found["QueueUrl"], "MessageBody": orjson.dumps(body).decode()},
                   principal=principal, region=where)
    elif kind == "sns":
        await call(state, "sns", "Publish",
                   {"TopicArn": arn, "Message": orjson.dumps(body).decode(),
                    "Subject": "Amazon S3 Notification"}, principal=principal, region=where)
    elif kind == "events":
        await call(state, "events", "PutEvents", body, principal=principal, region=where)


_CHECKS = {"lambda": ("GetFunction", "The destination function does not exist"),
           "sqs": ("GetQueueUrl", "The destination queue does not exist"),
           "sns": ("GetTopicAttributes", "The destination topic does not exist")}


async def missing_destination(state: ServerState, kind: str, arn: str, account: str,
                              region: str) -> str | None:
    """Why S3 could not validate a destination (None when it exists), as
    PutBucketNotificationConfiguration checks each one before storing the configuration."""
    operation, reason = _CHECKS[kind]
    parts = arn.split(":")
    if len(parts) < 6 or not parts[5]:
        return reason
    params: dict[str, Any] = {"GetFunction": {"FunctionName": arn},
                              "GetQueueUrl": {"QueueName": parts[5],
                                              "QueueOwnerAWSAccountId": parts[4]},
                              "GetTopicAttributes": {"TopicArn": arn}}[operation]
    try:
        await call(state, kind, operation, params, principal=Principal.root(account),
                   region=_arn_region(arn, region))
    except ServiceError:
        return reason
    return None


@service.worker("s3.notifications")
async def deliver_notifications(state: ServerState) -> None:
    """Deliver the queued notifications for as long as the server runs."""
    logged: set[tuple[str, str]] = set()

    async def handle(message: Message) -> Later | None:
        item = orjson.loads(message.payload)
        attempts = int(message.attributes.get("attempts", 0)) + 1
        try:
            await deliver(state, item["kind"], item["arn"], item["account"], item["region"],
                          item["body"])
        except (UnknownOperationException, NotImplementedOperation) as missing:
            return _retry(logged, item, attempts, missing, forever=True)
        except ServiceError as error:
            return _retry(logged, item, attempts, error, forever=False)
        return None

    await consume(store_of(state).queues, QUEUE, handle, idle_s=5.0)


def _retry(logged: set[tuple[str, str]], item: dict[str, Any], attempts: int,
           error: ServiceError, *, forever: bool) -> Later | None:
    key = (item["arn"], error.error_code)
    if key not in logged:
        logged.add(key)
        log.warning("S3 notification to %s failed (%s: %s); retrying", item["arn"],
                    error.error_code, error.message)
    if not forever and attempts >= MAX_ATTEMPTS:
        log.warning("S3 notification to %s dropped after %d attempts", item["arn"], attempts)
        return None
    return Later(min(300.0, 2.0 ** (attempts - 1)), {"attempts": attempts})
