"""SendMessage and SendMessageBatch.

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/using-messagededuplicationid-property.html

- The message is committed before the answer (it survives SIGKILL).
- DelaySeconds (0-900) hides it that long; unset, the queue's DelaySeconds applies. FIFO
  queues take no per-message delay (InvalidParameterValue).
- FIFO: MessageGroupId is required; a message repeating a MessageDeduplicationId (or, with
  ContentBasedDeduplication, the SHA-256 of its body) within 5 minutes is accepted but not
  stored again (the answer names the first one). With DeduplicationScope messageGroup the
  id is unique per group. Each message gets a SequenceNumber.
- Standard queues reject MessageDeduplicationId; MessageGroupId is kept (fair queues).
- SendMessageBatch's entries total at most the queue's MaximumMessageSize
  (BatchRequestTooLong).
"""

from __future__ import annotations

import hashlib
from typing import Any

from cloudlet.metrics import standard
from cloudlet.server.context import RequestContext
from cloudlet.services.sqs import messages
from cloudlet.services.sqs.errors import (
    NOT_FOR_QUEUE_TYPE,
    BatchRequestTooLong,
    InvalidParameterValue,
    MissingParameter,
    invalid_parameter,
)
from cloudlet.services.sqs.operations.batch import check_entries, run_batch
from cloudlet.services.sqs.operations.common import queue, store
from cloudlet.services.sqs.registry import service
from cloudlet.services.sqs.shapes import (
    SendMessageBatchRequest,
    SendMessageBatchRequestEntry,
    SendMessageRequest,
)
from cloudlet.services.sqs.store import QueueRecord, SqsStore

DEDUP_WINDOW_S = 300.0
MAX_DELAY_S = 900


def sender_id(ctx: RequestContext) -> str:
    """SenderId: the account for its root user, else the caller's access key or ARN."""
    caller = ctx.caller
    if caller.kind == "root":
        return caller.account
    return caller.access_key or caller.arn


SendEntry = SendMessageRequest | SendMessageBatchRequestEntry


def _size(entry: SendEntry) -> int:
    return len(entry["MessageBody"].encode()) + messages.check_attributes(
        entry.get("MessageAttributes") or {})


def _dedup_key(record: QueueRecord, entry: SendEntry) -> str | None:
    dedup: str | None = entry.get("MessageDeduplicationId")
    if dedup is None and record.attributes.get("ContentBasedDeduplication") == "true":
        dedup = hashlib.sha256(entry["MessageBody"].encode()).hexdigest()
    if dedup is None:
        raise InvalidParameterValue("The queue should either have ContentBasedDeduplication "
                                    "enabled or MessageDeduplicationId provided explicitly")
    return dedup


def send(sqs: SqsStore, record: QueueRecord, entry: SendEntry, sender: str) -> dict[str, Any]:
    """Store one message; the SendMessage result members."""
    body: str = entry["MessageBody"]
    messages.check_body(body)
    user = entry.get("MessageAttributes") or {}
    system = entry.get("MessageSystemAttributes") or {}
    size = _size(entry)
    messages.check_attributes(system, system=True)
    limit = record.number("MaximumMessageSize")
    if size > limit:
        raise InvalidParameterValue("One or more parameters are invalid. Reason: Message must "
                                    f"be shorter than {limit} bytes.")
    delay = entry.get("DelaySeconds")
    group = entry.get("MessageGroupId")
    dedup: str | None = None
    if record.fifo:
        if delay is not None:
            raise invalid_parameter("DelaySeconds", delay, NOT_FOR_QUEUE_TYPE)
        if not group:
            raise MissingParameter("The request must contain the parameter MessageGroupId.")
        dedup = _dedup_key(record, entry)
    elif entry.get("MessageDeduplicationId") is not None:
        raise invalid_parameter("MessageDeduplicationId", entry["MessageDeduplicationId"],
                                NOT_FOR_QUEUE_TYPE)
    if delay is None:
        delay = record.number("DelaySeconds")
    if not 0 <= delay <= MAX_DELAY_S:
        raise invalid_parameter("DelaySeconds", delay,
                                "DelaySeconds must be >= 0 and <= 900.")
    md5_attrs = messages.md5_of_attributes(user)
    md5_sys = messages.md5_of_attributes(system)
    document = {"attrs": messages.to_stored(user), "sys": messages.to_stored(system),
                "md5b": messages.md5_hex(body.encode()), "md5a": md5_attrs, "md5s": md5_sys,
                "sender": sender, "dedup": entry.get("MessageDeduplicationId") or dedup}
    if group is not None and not record.fifo:
        document["group"] = group  # a fair queue's tenant: answered, not used for ordering
    scoped = dedup
    if dedup is not None and record.attributes.get("DeduplicationScope") == "messageGroup":
        scoped = f"{group}\x00{dedup}"
    stored = sqs.queues.put(record.key, body.encode(), attributes=document, delay_s=delay,
                            group=group if record.fifo else None, dedup=scoped,
                            dedup_window_s=DEDUP_WINDOW_S)
    out: dict[str, Any] = {"MD5OfMessageBody": document["md5b"], "MessageId": stored.id}
    if md5_attrs:
        out["MD5OfMessageAttributes"] = md5_attrs
    if md5_sys:
        out["MD5OfMessageSystemAttributes"] = md5_sys
    if record.fifo:
        out["SequenceNumber"] = sequence_number(stored.seq)
    return out


def sequence_number(seq: int) -> str:
    """A FIFO message's SequenceNumber: its place in put order, as 20 digits."""
    return f"{seq:020d}"


@service.operation("SendMessage")
def send_message(ctx: RequestContext, req: SendMessageRequest) -> dict[str, Any]:
    record = queue(ctx, req["QueueUrl"])
    out = send(store(ctx), record, req, sender_id(ctx))
    standard.sqs(ctx.state, record.account, record.region, record.name, "NumberOfMessagesSent")
    return out


@service.operation("SendMessageBatch")
def send_message_batch(ctx: RequestContext, req: SendMessageBatchRequest) -> dict[str, Any]:
    record = queue(ctx, req["QueueUrl"])
    entries = list(req["Entries"])
    check_entries(entries, "SendMessageBatchRequestEntry")
    total = 0
    for entry in entries:
        try:
            total += _size(entry)
        except InvalidParameterValue:
            total += len(entry["MessageBody"].encode())
    limit = record.number("MaximumMessageSize")
    if total > limit:
        raise BatchRequestTooLong(f"Batch requests cannot be longer than {limit} bytes. You "
                                  f"have sent {total} bytes.")
    sqs, sender = store(ctx), sender_id(ctx)
    out = run_batch(entries, lambda entry: send(sqs, record, entry, sender))
    standard.sqs(ctx.state, record.account, record.region, record.name, "NumberOfMessagesSent",
                 len(out.get("Successful") or []))
    return out
