"""Queues: create, find, list, delete, attributes, purge, dead-letter sources.

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ListQueues.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_PurgeQueue.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteQueue.html

- CreateQueue of an existing name answers its URL when every attribute given matches,
  QueueNameExists otherwise; a name deleted less than 60 s ago answers QueueDeletedRecently.
- ListQueues answers at most 1000 URLs; with MaxResults (1-1000) it pages with NextToken.
- PurgeQueue deletes every message; a second purge within 60 s is PurgeQueueInProgress.
"""

from __future__ import annotations

import base64
import re
from typing import Any

import orjson

from cloudlet.policy.resource_policies import bump
from cloudlet.server.context import RequestContext
from cloudlet.server.errors import SerializationException
from cloudlet.server.paging import offset_page
from cloudlet.services.sqs import attributes as attrs
from cloudlet.services.sqs.errors import (
    InvalidParameterValue,
    PurgeQueueInProgress,
    QueueDeletedRecently,
    QueueDoesNotExist,
    QueueNameExists,
)
from cloudlet.services.sqs.operations.common import queue, store, url_of
from cloudlet.services.sqs.operations.tags import check_tags
from cloudlet.services.sqs.registry import service
from cloudlet.services.sqs.shapes import (
    CreateQueueRequest,
    DeleteQueueRequest,
    GetQueueAttributesRequest,
    GetQueueUrlRequest,
    ListDeadLetterSourceQueuesRequest,
    ListQueuesRequest,
    PurgeQueueRequest,
    SetQueueAttributesRequest,
)
from cloudlet.services.sqs.store import QueueRecord, SqsStore
from cloudlet.services.sqs.urls import parse_arn

_NAME = re.compile(r"[A-Za-z0-9_-]{1,80}")
_FIFO_NAME = re.compile(r"[A-Za-z0-9_-]{1,75}\.fifo")
DELETE_GRACE_S = 60.0
PURGE_INTERVAL_S = 60.0
MAX_LIST = 1000


def _check_name(name: str, fifo: bool) -> None:
    if fifo and not _FIFO_NAME.fullmatch(name):
        raise InvalidParameterValue(
            "The name of a FIFO queue can only include alphanumeric characters, hyphens, or "
            "underscores, must end with .fifo suffix and be 1 to 80 in length.")
    if not fifo and not _NAME.fullmatch(name):
        raise InvalidParameterValue(
            "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in "
            "length")


def kind_lookup(sqs: SqsStore) -> attrs.QueueKind:
    def kind(account: str, region: str, name: str) -> tuple[bool, str | None] | None:
        found = sqs.get(account, region, name)
        return None if found is None else (found.fifo, found.attributes.get("RedriveAllowPolicy"))
    return kind


@service.operation("CreateQueue")
def create_queue(ctx: RequestContext, req: CreateQueueRequest) -> dict[str, Any]:
    name: str = req["QueueName"]
    given_raw = attrs.as_map(req.get("Attributes"))
    fifo = str(given_raw.get("FifoQueue", "false")).lower() == "true"
    _check_name(name, fifo)
    sqs = store(ctx)
    arn = f"arn:aws:sqs:{ctx.region}:{ctx.account}:{name}"
    given = attrs.check(given_raw, fifo=fifo, kind_of=kind_lookup(sqs), creating=True, arn=arn)
    tags = req.get("tags") or {}
    check_tags(tags)
    existing = sqs.get(ctx.account, ctx.region, name)
    if existing is not None:
        different = attrs.differing(existing.attributes, given)
        if different is not None:
            raise QueueNameExists("A queue already exists with the same name and a different "
                                  f"value for attribute {different}")
        return {"QueueUrl": url_of(ctx.state, existing)}
    deleted = sqs.deleted_at(ctx.account, ctx.region, name)
    now = ctx.state.clock.now()
    if deleted is not None and now - deleted < DELETE_GRACE_S:
        raise QueueDeletedRecently()
    record = QueueRecord(ctx.account, ctx.region, name, attrs.initial(fifo, given), dict(tags),
                         {}, now, now)
    sqs.save(record)
    if "Policy" in given:
        bump(ctx.state)
    return {"QueueUrl": url_of(ctx.state, record)}


@service.operation("GetQueueUrl")
def get_queue_url(ctx: RequestContext, req: GetQueueUrlRequest) -> dict[str, Any]:
    account = req.get("QueueOwnerAWSAccountId") or ctx.account
    found = store(ctx).get(account, ctx.region, req["QueueName"])
    if found is None:
        raise QueueDoesNotExist()
    return {"QueueUrl": url_of(ctx.state, found)}


def _token(offset: int) -> str:
    return base64.urlsafe_b64encode(orjson.dumps({"offset": offset})).decode()


def _offset(token: str | None) -> int:
    if not token:
        return 0
    try:
        return int(orjson.loads(base64.urlsafe_b64decode(token.encode()))["offset"])
    except (ValueError, KeyError, TypeError):
        raise InvalidParameterValue("Invalid NextToken value.") from None


def _page(urls: list[str], req: ListQueuesRequest | ListDeadLetterSourceQueuesRequest,
          member: str) -> dict[str, Any]:
    size = req.get("MaxResults")
    if size is not None and not 1 <= size <= MAX_LIST:
        raise InvalidParameterValue(f"Value {size} for parameter MaxResults is invalid. Reason:"
                                    " MaxResults must be an integer between 1 and 1000.")
    if size is None and req.get("NextToken"):
        raise InvalidParameterValue("MaxResults is a mandatory parameter when you provide a "
                                    "value for NextToken.")
    page, following = offset_page(urls, _offset(req.get("NextToken")), size or MAX_LIST)
    out: dict[str, Any] = {member: page}
    if following is not None and size is not None:
        out["NextToken"] = _token(following)
    return out


@service.operation("ListQueues")
def list_queues(ctx: RequestContext, req: ListQueuesRequest) -> dict[str, Any]:
    # ListQueuesRequest has no constraints, so the model's reader takes it as sent.
    for member, value, kind in (("QueueNamePrefix", req.get("QueueNamePrefix"), str),
                                ("NextToken", req.get("NextToken"), str),
                                ("MaxResults", req.get("MaxResults"), int)):
        if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
            raise SerializationException(f"Unexpected value for {member}.")
    records = store(ctx).named(ctx.account, ctx.region, req.get("QueueNamePrefix") or "")
    out = _page([url_of(ctx.state, r) for r in records], req, "QueueUrls")
    return out if out["QueueUrls"] else {k: v for k, v in out.items() if k != "QueueUrls"}


@service.operation("DeleteQueue")
def delete_queue(ctx: RequestContext, req: DeleteQueueRequest) -> dict[str, Any]:
    store(ctx).delete(queue(ctx, req["QueueUrl"]))
    bump(ctx.state)
    return {}


def attribute_values(sqs: SqsStore, record: QueueRecord) -> dict[str, str]:
    """Every attribute GetQueueAttributes can answer for the queue."""
    sqs.queues.expire(record.key, sqs.clock.now() - record.number("MessageRetentionPeriod"))
    visible, in_flight, delayed = sqs.queues.counts(record.key)
    return {
        **record.attributes,
        "QueueArn": record.arn,
        "ApproximateNumberOfMessages": str(visible),
        "ApproximateNumberOfMessagesNotVisible": str(in_flight),
        "ApproximateNumberOfMessagesDelayed": str(delayed),
        "CreatedTimestamp": str(int(record.created)),
        "LastModifiedTimestamp": str(int(record.modified)),
    }


@service.operation("GetQueueAttributes")
def get_queue_attributes(ctx: RequestContext, req: GetQueueAttributesRequest) -> dict[str, Any]:
    record = queue(ctx, req["QueueUrl"])
    names = attrs.selected(attrs.names_list(req.get("AttributeNames")))
    if names == []:
        return {}
    values = attribute_values(store(ctx), record)
    chosen = values if names is None else {n: values[n] for n in names if n in values}
    return {"Attributes": chosen} if chosen else {}


@service.operation("SetQueueAttributes")
def set_queue_attributes(ctx: RequestContext, req: SetQueueAttributesRequest) -> dict[str, Any]:
    sqs = store(ctx)
    record = queue(ctx, req["QueueUrl"])
    given = attrs.check(attrs.as_map(req.get("Attributes")), fifo=record.fifo,
                        kind_of=kind_lookup(sqs), creating=False, arn=record.arn)
    record.attributes = attrs.updated(record.attributes, given)
    record.modified = ctx.state.clock.now()
    sqs.save(record)
    if "Policy" in given:
        bump(ctx.state)
    sqs.queues.notify(record.key)
    return {}


@service.operation("PurgeQueue")
def purge_queue(ctx: RequestContext, req: PurgeQueueRequest) -> dict[str, Any]:
    sqs = store(ctx)
    record = queue(ctx, req["QueueUrl"])
    now = ctx.state.clock.now()
    if record.purged is not None and now - record.purged < PURGE_INTERVAL_S:
        raise PurgeQueueInProgress(f"Only one PurgeQueue operation on {record.name} is allowed "
                                   "every 60 seconds.")
    record.purged = now
    sqs.save(record)
    sqs.queues.purge(record.key)
    return {}


def redrive_sources(sqs: SqsStore, record: QueueRecord) -> list[QueueRecord]:
    """The queues whose RedrivePolicy targets ``record``."""
    found = []
    for other in sqs.named(record.account, record.region):
        policy = other.attributes.get("RedrivePolicy")
        if policy:
            target = parse_arn(str(orjson.loads(policy).get("deadLetterTargetArn", "")))
            if target is not None and (target.account, target.region, target.name) == (
                    record.account, record.region, record.name):
                found.append(other)
    return found


@service.operation("ListDeadLetterSourceQueues")
def list_dead_letter_source_queues(ctx: RequestContext, req: ListDeadLetterSourceQueuesRequest) -> dict[str, Any]:
    sqs = store(ctx)
    record = queue(ctx, req["QueueUrl"])
    urls = [url_of(ctx.state, r) for r in redrive_sources(sqs, record)]
    return _page(urls, req, "queueUrls")
