"""ReceiveMessage, DeleteMessage(Batch) and ChangeMessageVisibility(Batch).

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-short-and-long-polling.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html

- Up to MaxNumberOfMessages (1-10) visible messages, hidden for VisibilityTimeout
  (default: the queue's); each receive gives a new receipt handle.
- WaitTimeSeconds (0-20, default the queue's ReceiveMessageWaitTimeSeconds) long-polls:
  the call sleeps until a message is sent or becomes visible (no busy waiting), answering
  as soon as there is one, or nothing when the time is up.
- A message whose receive count would exceed its queue's maxReceiveCount moves to the
  dead-letter queue at that receive instead of being answered.
- FIFO: a receive with a ReceiveRequestAttemptId seen in the last 5 minutes answers the
  same messages and receipt handles while they are in flight.
- DeleteMessage with a stale (but well-formed) handle succeeds and deletes nothing, as AWS
  documents; a malformed one is ReceiptHandleIsInvalid.
- ChangeMessageVisibility (0-43200 s) of a message not in flight is MessageNotInflight; a
  message stays invisible at most 12 hours after its first receive in all.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from cloudlet.metrics import standard
from cloudlet.queue import Message
from cloudlet.server.context import RequestContext
from cloudlet.services.sqs import messages
from cloudlet.services.sqs.attributes import names_list
from cloudlet.services.sqs.errors import (
    InvalidParameterValue,
    MessageNotInflight,
    ReceiptHandleIsInvalid,
    invalid_parameter,
)
from cloudlet.services.sqs.operations.batch import check_entries, run_batch
from cloudlet.services.sqs.operations.common import queue, store
from cloudlet.services.sqs.operations.send import sequence_number
from cloudlet.services.sqs.redrive import dead_letter_target, move
from cloudlet.services.sqs.registry import service
from cloudlet.services.sqs.shapes import (
    ChangeMessageVisibilityBatchRequest,
    ChangeMessageVisibilityBatchRequestEntry,
    ChangeMessageVisibilityRequest,
    DeleteMessageBatchRequest,
    DeleteMessageBatchRequestEntry,
    DeleteMessageRequest,
    ReceiveMessageRequest,
)
from cloudlet.services.sqs.store import QueueRecord, SqsStore

MAX_VISIBILITY_S = 43200
MAX_WAIT_S = 20
_SYSTEM_NAMES = ("SenderId", "SentTimestamp", "ApproximateReceiveCount",
                 "ApproximateFirstReceiveTimestamp", "SequenceNumber", "MessageDeduplicationId",
                 "MessageGroupId", "AWSTraceHeader", "DeadLetterQueueSourceArn")


def receipt_handle(message: Message) -> str:
    assert message.receipt is not None
    raw = f"{message.queue}\x00{message.receipt}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def lease_receipt(record: QueueRecord, handle: str) -> str:
    """The ``cloudlet.queue`` receipt in a handle of ``record``; ReceiptHandleIsInvalid."""
    try:
        raw = base64.urlsafe_b64decode(handle + "=" * (-len(handle) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raw = ""
    key, _, receipt = raw.partition("\x00")
    if key != record.key or not receipt:
        raise ReceiptHandleIsInvalid(f'The input receipt handle "{handle}" is not a valid '
                                     "receipt handle.")
    return receipt


def _bounded(name: str, value: int, high: int, reason: str) -> int:
    if not 0 <= value <= high:
        raise invalid_parameter(name, value, reason)
    return value


def take(sqs: SqsStore, record: QueueRecord, count: int, visibility: int) -> list[Message]:
    """Lease up to ``count`` messages, dead-lettering those past maxReceiveCount."""
    sqs.queues.expire(record.key, sqs.clock.now() - record.number("MessageRetentionPeriod"))
    redrive = dead_letter_target(sqs, record)
    out: list[Message] = []
    while len(out) < count:
        leased = sqs.queues.lease(record.key, max_count=count - len(out),
                                  visibility_s=visibility, fifo=record.fifo)
        moved = 0
        for message in leased:
            if redrive is not None and message.receives > redrive[1]:
                move(sqs, message, redrive[0], record.arn)
                moved += 1
            else:
                out.append(message)
        if not moved:
            break
    return out


def _system_attributes(record: QueueRecord, message: Message, names: set[str]) -> dict[str, str]:
    doc = message.attributes
    values = {
        "SenderId": doc.get("sender", ""),
        "SentTimestamp": str(int(float(doc.get("sent", message.sent)) * 1000)),
        "ApproximateReceiveCount": str(message.receives),
        "ApproximateFirstReceiveTimestamp": str(int((message.first_received or 0) * 1000)),
    }
    group = message.group or doc.get("group")
    if group is not None:
        values["MessageGroupId"] = str(group)
    if record.fifo:
        values["SequenceNumber"] = sequence_number(message.seq)
        if doc.get("dedup"):
            values["MessageDeduplicationId"] = str(doc["dedup"])
    trace = (doc.get("sys") or {}).get("AWSTraceHeader")
    if trace:
        values["AWSTraceHeader"] = str(trace.get("StringValue"))
    if doc.get("source"):
        values["DeadLetterQueueSourceArn"] = str(doc["source"])
    if "All" in names:
        return values
    return {k: v for k, v in values.items() if k in names}


def render(record: QueueRecord, message: Message, req: ReceiveMessageRequest) -> dict[str, Any]:
    """A received message as ReceiveMessage answers it."""
    doc = message.attributes
    out: dict[str, Any] = {"MessageId": message.id, "ReceiptHandle": receipt_handle(message),
                           "MD5OfBody": doc.get("md5b") or messages.md5_hex(message.payload),
                           "Body": message.payload.decode()}
    names = {*names_list(req.get("AttributeNames")),
             *names_list(req.get("MessageSystemAttributeNames"))}
    if names:
        chosen = _system_attributes(record, message, names)
        if chosen:
            out["Attributes"] = chosen
    user = messages.wanted(doc.get("attrs") or {}, names_list(req.get("MessageAttributeNames")))
    if user:
        out["MessageAttributes"] = messages.from_stored(user)
        out["MD5OfMessageAttributes"] = messages.md5_of_attributes(user)
    elif doc.get("md5a"):
        out["MD5OfMessageAttributes"] = doc["md5a"]
    return out


def _repeat_attempt(sqs: SqsStore, record: QueueRecord, attempt: str) -> list[Message] | None:
    receipts = sqs.attempt(record.key, attempt)
    if receipts is None:
        return None
    found = [sqs.queues.by_receipt(r) for r in receipts]
    now = sqs.clock.now()
    if all(m is not None and m.due > now for m in found):
        return [m for m in found if m is not None]
    return None


@service.operation("ReceiveMessage")
async def receive_message(ctx: RequestContext, req: ReceiveMessageRequest) -> dict[str, Any]:
    sqs = store(ctx)
    record = queue(ctx, req["QueueUrl"])
    names_list(req.get("AttributeNames"))  # checked before anything is leased
    names_list(req.get("MessageSystemAttributeNames"))
    names_list(req.get("MessageAttributeNames"))
    count = req.get("MaxNumberOfMessages", 1)
    if not 1 <= count <= 10:
        raise invalid_parameter("MaxNumberOfMessages", count,
                                "Must be between 1 and 10, if provided.")
    visibility = _bounded("VisibilityTimeout",
                          req.get("VisibilityTimeout", record.number("VisibilityTimeout")),
                          MAX_VISIBILITY_S, "Must be between 0 and 43200, if provided.")
    wait = _bounded("WaitTimeSeconds",
                    req.get("WaitTimeSeconds", record.number("ReceiveMessageWaitTimeSeconds")),
                    MAX_WAIT_S, "Must be >= 0 and <= 20, if provided.")
    attempt = req.get("ReceiveRequestAttemptId") if record.fifo else None
    if attempt:
        repeated = _repeat_attempt(sqs, record, attempt)
        if repeated is not None:
            return {"Messages": [render(record, m, req) for m in repeated]}
    deadline = ctx.state.clock.now() + wait
    while True:
        leased = take(sqs, record, count, visibility)
        remaining = deadline - ctx.state.clock.now()
        if leased or remaining <= 0:
            break
        await sqs.queues.wait(record.key, remaining)
        current = sqs.get(record.account, record.region, record.name)
        if current is None:
            return {}
        record = current
    if attempt and leased:
        sqs.remember_attempt(record.key, attempt, [m.receipt or "" for m in leased])
    standard.sqs(ctx.state, record.account, record.region, record.name,
                 "NumberOfMessagesReceived", len(leased))
    return {"Messages": [render(record, m, req) for m in leased]} if leased else {}


def delete(sqs: SqsStore, record: QueueRecord, handle: str) -> None:
    sqs.queues.ack(lease_receipt(record, handle))


def change_visibility(sqs: SqsStore, record: QueueRecord, handle: str, timeout: int) -> None:
    receipt = lease_receipt(record, handle)
    _bounded("VisibilityTimeout", timeout, MAX_VISIBILITY_S,
             "Must be between 0 and 43200, if provided.")
    message = sqs.queues.by_receipt(receipt)
    if message is None:
        raise InvalidParameterValue(f"Value {handle} for parameter ReceiptHandle is invalid. "
                                    "Reason: Message does not exist or is not available for "
                                    "visibility timeout change.")
    now = sqs.clock.now()
    if message.due <= now:
        raise MessageNotInflight()
    if now - (message.first_received or now) + timeout > MAX_VISIBILITY_S:
        raise invalid_parameter("VisibilityTimeout", timeout, "Total VisibilityTimeout for the "
                                f"message is beyond the limit [{MAX_VISIBILITY_S} seconds]")
    sqs.queues.extend(receipt, after_s=timeout)


@service.operation("DeleteMessage")
def delete_message(ctx: RequestContext, req: DeleteMessageRequest) -> dict[str, Any]:
    record = queue(ctx, req["QueueUrl"])
    delete(store(ctx), record, req["ReceiptHandle"])
    standard.sqs(ctx.state, record.account, record.region, record.name, "NumberOfMessagesDeleted")
    return {}


@service.operation("DeleteMessageBatch")
def delete_message_batch(ctx: RequestContext, req: DeleteMessageBatchRequest) -> dict[str, Any]:
    sqs, record = store(ctx), queue(ctx, req["QueueUrl"])
    entries = list(req["Entries"])
    check_entries(entries, "DeleteMessageBatchRequestEntry")

    def each(entry: DeleteMessageBatchRequestEntry) -> dict[str, Any]:
        delete(sqs, record, entry["ReceiptHandle"])
        return {}
    out = run_batch(entries, each)
    standard.sqs(ctx.state, record.account, record.region, record.name,
                 "NumberOfMessagesDeleted", len(out.get("Successful") or []))
    return out


@service.operation("ChangeMessageVisibility")
def change_message_visibility(ctx: RequestContext, req: ChangeMessageVisibilityRequest) -> dict[str, Any]:
    change_visibility(store(ctx), queue(ctx, req["QueueUrl"]), req["ReceiptHandle"],
                      req["VisibilityTimeout"])
    return {}


@service.operation("ChangeMessageVisibilityBatch")
def change_message_visibility_batch(ctx: RequestContext, req: ChangeMessageVisibilityBatchRequest) -> dict[str, Any]:
    sqs, record = store(ctx), queue(ctx, req["QueueUrl"])
    entries = list(req["Entries"])
    check_entries(entries, "ChangeMessageVisibilityBatchRequestEntry")

    def each(entry: ChangeMessageVisibilityBatchRequestEntry) -> dict[str, Any]:
        change_visibility(sqs, record, entry["ReceiptHandle"], entry.get("VisibilityTimeout", 0))
        return {}
    return run_batch(entries, each)
