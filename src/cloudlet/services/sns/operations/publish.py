"""Publish and PublishBatch.

https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
- One of TopicArn, TargetArn (a topic's ARN; platform endpoints are not supported) or
  PhoneNumber (an SMS, recorded).
- The message (UTF-8 bytes) and its attributes together fit the topic's
  MaximumMessageSize (256 KiB by default); Subject is under 100 printable characters.
- FIFO topics: MessageGroupId is required, MessageDeduplicationId too unless the topic has
  ContentBasedDeduplication (then the SHA-256 of the message); a duplicate within 5 minutes
  answers the first message's MessageId and SequenceNumber and is not delivered again.
  Standard topics reject MessageDeduplicationId and pass a MessageGroupId on to SQS.
- The answer comes once a delivery is stored for every subscription whose filter policy
  matches (one transaction): it survives a crash.
https://docs.aws.amazon.com/sns/latest/api/API_PublishBatch.html
- 1 to 10 entries with distinct Ids (alphanumerics, ``-``, ``_``, up to 80), 256 KiB in
  all; an entry that fails answers in ``Failed`` without stopping the others.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from cloudlet.clock import new_id
from cloudlet.metrics import standard
from cloudlet.server.context import RequestContext
from cloudlet.server.errors import ServiceError, not_supported
from cloudlet.services.sns.delivery_queue import enqueue
from cloudlet.services.sns.errors import (
    BatchEntryIdsNotDistinct,
    BatchRequestTooLong,
    EmptyBatchRequest,
    InvalidBatchEntryId,
    TooManyEntriesInBatchRequest,
    invalid,
)
from cloudlet.services.sns.filtering import wants
from cloudlet.services.sns.messages import (
    Envelope,
    attributes_size,
    check_attributes,
    iso_timestamp,
    per_protocol,
)
from cloudlet.services.sns.names import is_phone_number, parse_topic_arn
from cloudlet.services.sns.operations.topics import find_topic
from cloudlet.services.sns.registry import service, store
from cloudlet.services.sns.shapes import (
    BatchResultErrorEntry,
    MessageAttributeValue,
    PublishBatchInput,
    PublishBatchRequestEntry,
    PublishBatchResponse,
    PublishBatchResultEntry,
    PublishInput,
    PublishResponse,
)
from cloudlet.services.sns.store import SnsStore, Topic

MAX_SIZE = 262_144
MAX_BATCH = 10
_BATCH_ID = re.compile(r"[A-Za-z0-9_-]{1,80}")
_GROUP = re.compile(r"[A-Za-z0-9!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~]{1,128}")
_SUBJECT_BAD = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(slots=True)
class Prepared:
    """A checked message, ready to enqueue."""

    texts: dict[str, str]  # per protocol, "default" always
    subject: str | None
    attributes: dict[str, dict[str, str]]
    group: str | None
    dedup: str | None
    size: int  # the message's and its attributes' bytes


def _prepare(topic: Topic, entry: PublishInput | PublishBatchRequestEntry) -> Prepared:
    message: str = entry.get("Message", "")
    if message == "":
        raise invalid("Empty message")
    subject = entry.get("Subject")
    if subject is not None and (subject == "" or len(subject) >= 100
                                or _SUBJECT_BAD.search(subject)):
        raise invalid("Subject")
    texts = per_protocol(message, entry.get("MessageStructure"))
    attributes = check_attributes(entry.get("MessageAttributes"))
    limit = int(topic.attributes.get("MaximumMessageSize", MAX_SIZE))
    size = len(message.encode()) + attributes_size(attributes)
    if size > limit:
        raise invalid("Message too long")
    group, dedup = entry.get("MessageGroupId"), entry.get("MessageDeduplicationId")
    for name, value in (("MessageGroupId", group), ("MessageDeduplicationId", dedup)):
        if value is not None and not _GROUP.fullmatch(value):
            raise invalid(f"{name} Reason: {name} can only contain alphanumeric characters"
                          " and punctuation, and be at most 128 characters long")
    if topic.fifo:
        if group is None:
            raise invalid("The MessageGroupId parameter is required for FIFO topics")
        if dedup is None:
            if topic.attributes.get("ContentBasedDeduplication") != "true":
                raise invalid("The topic should either have ContentBasedDeduplication enabled"
                              " or MessageDeduplicationId provided explicitly")
            dedup = hashlib.sha256(message.encode()).hexdigest()
    elif dedup is not None:
        raise invalid("MessageDeduplicationId Reason: The request includes"
                      " MessageDeduplicationId parameter that is not valid for this topic type")
    return Prepared(texts, subject, attributes, group, dedup, size)


def _publish(ctx: RequestContext, found: SnsStore, topic: Topic,
             prepared: Prepared) -> PublishResponse:
    """Store one delivery per matching subscription; MessageId (and SequenceNumber)."""
    message_id = new_id()
    sequence: str | None = None
    if topic.fifo:
        assert prepared.dedup is not None and prepared.group is not None
        scope = prepared.group if topic.attributes.get("FifoThroughputScope") == "MessageGroup" \
            else ""
        seen = found.seen(topic.arn, scope, prepared.dedup)
        if seen is not None:
            return {"MessageId": seen[0], "SequenceNumber": seen[1]}
        sequence = found.next_sequence(topic.arn)
        found.remember(topic.arn, scope, prepared.dedup, message_id, sequence)
    standard.sns_published(ctx.state, topic.account, topic.region, topic.name, prepared.size)
    timestamp = iso_timestamp(ctx.state.clock.now())
    for sub in found.subscriptions_of(topic.arn):
        if not sub.confirmed:
            continue
        text = prepared.texts.get(sub.protocol, prepared.texts["default"])
        env = Envelope("Notification", message_id, topic.arn, text, timestamp,
                       subject=prepared.subject, attributes=prepared.attributes,
                       group=prepared.group, dedup=prepared.dedup, sequence=sequence)
        if wants(sub, env, text):
            enqueue(found, sub, env, fifo=topic.fifo)
    out: PublishResponse = {"MessageId": message_id}
    if sequence is not None:
        out["SequenceNumber"] = sequence
    return out


def _target_topic(found: SnsStore, req: PublishInput) -> Topic:
    topic_arn, target_arn = req.get("TopicArn"), req.get("TargetArn")
    if topic_arn and target_arn:
        raise invalid("TopicArn Reason: Only one of TopicArn or TargetArn may be specified")
    arn = topic_arn or target_arn
    if arn is None:
        raise invalid("TopicArn or TargetArn Reason: no value for required parameter")
    if target_arn and ":endpoint/" in target_arn:
        raise not_supported("SNS mobile push (platform endpoint TargetArn)")
    parse_topic_arn(arn, "TopicArn" if topic_arn else "TargetArn")
    return find_topic(found, arn)


def _sms(ctx: RequestContext, found: SnsStore, req: PublishInput) -> PublishResponse:
    message: str = req.get("Message", "")
    if message == "":
        raise invalid("Empty message")
    number: str = req["PhoneNumber"]
    if not is_phone_number(number):
        raise invalid("PhoneNumber Reason: input incorrectly formatted")
    check_attributes(req.get("MessageAttributes"))
    found.record(ctx.account, ctx.region, "sms", number, "Notification", message)
    return {"MessageId": new_id()}


@service.operation("Publish")
def publish(ctx: RequestContext, req: PublishInput) -> PublishResponse:
    found = store(ctx)
    if req.get("PhoneNumber"):
        if req.get("TopicArn") or req.get("TargetArn"):
            raise invalid("PhoneNumber Reason: Only one of TopicArn, TargetArn or PhoneNumber"
                          " may be specified")
        return _sms(ctx, found, req)
    with found.write():
        topic = _target_topic(found, req)
        prepared = _prepare(topic, req)
        standard.request(ctx.state, ctx.account, ctx.region, "SNS",
                         standard.chunks(prepared.size))
        return _publish(ctx, found, topic, prepared)


def _check_batch(entries: list[PublishBatchRequestEntry]) -> None:
    if not entries:
        raise EmptyBatchRequest()
    if len(entries) > MAX_BATCH:
        raise TooManyEntriesInBatchRequest()
    ids = [e["Id"] for e in entries]
    if any(not _BATCH_ID.fullmatch(i) for i in ids):
        raise InvalidBatchEntryId()
    if len(set(ids)) != len(ids):
        raise BatchEntryIdsNotDistinct()
    total = sum(len(e.get("Message", "").encode())
                + attributes_size(_quiet_attributes(e.get("MessageAttributes")))
                for e in entries)
    if total > MAX_SIZE:
        raise BatchRequestTooLong()


def _quiet_attributes(
        given: dict[str, MessageAttributeValue] | None) -> dict[str, dict[str, str]]:
    """The attributes for sizing a batch (invalid ones fail their own entry later)."""
    try:
        return check_attributes(given)
    except ServiceError:
        return {}


@service.operation("PublishBatch")
def publish_batch(ctx: RequestContext, req: PublishBatchInput) -> PublishBatchResponse:
    entries = req["PublishBatchRequestEntries"]
    _check_batch(entries)
    found = store(ctx)
    successful: list[PublishBatchResultEntry] = []
    failed: list[BatchResultErrorEntry] = []
    with found.write():
        topic = find_topic(found, req["TopicArn"])
        published = 0
        for entry in entries:
            try:
                prepared = _prepare(topic, entry)
                published += prepared.size
                result = _publish(ctx, found, topic, prepared)
            except ServiceError as error:
                failed.append({"Id": entry["Id"], "Code": error.error_code,
                               "Message": error.message, "SenderFault": error.sender_fault})
                continue
            successful.append({"Id": entry["Id"], **result})
    if successful:
        standard.request(ctx.state, ctx.account, ctx.region, "SNS", standard.chunks(published))
    return {"Successful": successful, "Failed": failed}
