"""Tags: AddTagsToStream, ListTagsForStream, RemoveTagsFromStream (by stream) and
TagResource, UntagResource, ListTagsForResource (by stream or consumer ARN).

https://docs.aws.amazon.com/kinesis/latest/APIReference/API_AddTagsToStream.html
https://docs.aws.amazon.com/kinesis/latest/APIReference/API_TagResource.html
"""

from __future__ import annotations

from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.server.tags import merged, without
from cloudlet.services.kinesis import lookup
from cloudlet.services.kinesis.errors import InvalidArgumentException
from cloudlet.services.kinesis.model import Consumer, Stream
from cloudlet.services.kinesis.registry import service
from cloudlet.services.kinesis.shapes import (
    AddTagsToStreamInput,
    ListTagsForResourceInput,
    ListTagsForStreamInput,
    RemoveTagsFromStreamInput,
    TagResourceInput,
    UntagResourceInput,
)
from cloudlet.services.kinesis.tagging import check_tags


def _tag_list(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in sorted(tags.items())]


@service.operation("AddTagsToStream")
def add_tags_to_stream(ctx: RequestContext, req: AddTagsToStreamInput) -> NoOutput:
    """Add or overwrite up to 10 tags (50 in all).

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_AddTagsToStream.html
    """
    stream = lookup.stream(ctx, req)
    check_tags(req["Tags"], stream.tags, per_call=10)
    stream.tags = merged(stream.tags, req["Tags"])
    lookup.store(ctx).save(stream)
    return {}


@service.operation("RemoveTagsFromStream")
def remove_tags_from_stream(ctx: RequestContext, req: RemoveTagsFromStreamInput) -> NoOutput:
    """Remove tags by key (absent keys are ignored).

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RemoveTagsFromStream.html
    """
    stream = lookup.stream(ctx, req)
    stream.tags = without(stream.tags, req["TagKeys"])
    lookup.store(ctx).save(stream)
    return {}


@service.operation("ListTagsForStream")
def list_tags_for_stream(ctx: RequestContext, req: ListTagsForStreamInput) -> dict[str, Any]:
    """Tags in key order after ExclusiveStartTagKey, ``Limit`` (default 10) at a time.

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListTagsForStream.html
    """
    stream = lookup.stream(ctx, req)
    tags = _tag_list(stream.tags)
    start = req.get("ExclusiveStartTagKey")
    if start is not None:
        tags = [t for t in tags if t["Key"] > start]
    limit = req.get("Limit", 10)
    return {"Tags": tags[:limit], "HasMoreTags": len(tags) > limit}


def _resource(ctx: RequestContext, arn: str) -> tuple[Stream, Consumer | None]:
    if "/consumer/" in arn:
        return lookup.consumer(ctx, {"ConsumerARN": arn})
    if ":stream/" not in arn:
        raise InvalidArgumentException(f"Invalid ResourceARN {arn}: not a stream or consumer.")
    return lookup.stream(ctx, {"StreamARN": arn}), None


@service.operation("TagResource")
def tag_resource(ctx: RequestContext, req: TagResourceInput) -> NoOutput:
    """Tag a stream or a consumer by ARN (up to 50 tags).

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_TagResource.html
    """
    stream, consumer = _resource(ctx, req["ResourceARN"])
    store = lookup.store(ctx)
    if consumer is None:
        check_tags(req["Tags"], stream.tags)
        stream.tags = merged(stream.tags, req["Tags"])
        store.save(stream)
    else:
        check_tags(req["Tags"], consumer.tags)
        consumer.tags = merged(consumer.tags, req["Tags"])
        store.save_consumer_tags(stream, consumer)
    return {}


@service.operation("UntagResource")
def untag_resource(ctx: RequestContext, req: UntagResourceInput) -> NoOutput:
    """Remove tags of a stream or a consumer by key.

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UntagResource.html
    """
    stream, consumer = _resource(ctx, req["ResourceARN"])
    store = lookup.store(ctx)
    if consumer is None:
        stream.tags = without(stream.tags, req["TagKeys"])
        store.save(stream)
    else:
        consumer.tags = without(consumer.tags, req["TagKeys"])
        store.save_consumer_tags(stream, consumer)
    return {}


@service.operation("ListTagsForResource")
def list_tags_for_resource(ctx: RequestContext, req: ListTagsForResourceInput) -> dict[str, Any]:
    """All tags of a stream or a consumer.

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListTagsForResource.html
    """
    stream, consumer = _resource(ctx, req["ResourceARN"])
    return {"Tags": _tag_list(stream.tags if consumer is None else consumer.tags)}
