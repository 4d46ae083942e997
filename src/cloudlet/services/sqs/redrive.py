"""Moving a message to another queue, keeping its id, body and attributes: to the
dead-letter queue at the receive that exceeds maxReceiveCount, and back (or to another
queue) by a message move task.

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html

LIMITATIONS: a moved message's retention counts from when it was moved (AWS counts from the
original enqueue; its SentTimestamp is kept and answered as sent).
"""

from __future__ import annotations

from typing import Any

import orjson

from cloudlet.queue import Message
from cloudlet.services.sqs.store import QueueRecord, SqsStore
from cloudlet.services.sqs.urls import parse_arn
from cloudlet.storage import transaction


def dead_letter_target(sqs: SqsStore, record: QueueRecord) -> tuple[QueueRecord, int] | None:
    """The queue's dead-letter queue and maxReceiveCount, if it has an existing one."""
    policy = record.attributes.get("RedrivePolicy")
    if not policy:
        return None
    parsed: dict[str, Any] = orjson.loads(policy)
    ref = parse_arn(str(parsed.get("deadLetterTargetArn", "")))
    if ref is None or ref.region is None:
        return None
    target = sqs.get(ref.account, ref.region, ref.name)
    return None if target is None else (target, int(parsed["maxReceiveCount"]))


def move(sqs: SqsStore, message: Message, destination: QueueRecord,
         source_arn: str | None) -> None:
    """Put ``message`` into ``destination`` (``source_arn``: the queue it is dead-lettered
    from, None when it goes back) and delete it where it was, in one transaction."""
    document = dict(message.attributes)
    document.setdefault("sent", message.sent)
    if source_arn is None:
        document.pop("source", None)
    else:
        document["source"] = source_arn
    with transaction(sqs.conn):
        sqs.queues.put(destination.key, message.payload, attributes=document, id=message.id,
                       group=(message.group or "default") if destination.fifo else None)
        sqs.queues.delete(message.queue, message.id)
