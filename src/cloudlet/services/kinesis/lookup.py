"""Finding the stream (and shard) a request names.

https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStreamSummary.html
Most operations take ``StreamName`` or ``StreamARN`` (one of them is needed; when both
are given they must agree). A stream that does not exist, or one in another account or
region, is ResourceNotFoundException (``Stream s under account a not found.``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.services.kinesis.errors import (
    InvalidArgumentException,
    ResourceNotFoundException,
    shard_not_found,
    stream_busy,
    stream_not_found,
)
from cloudlet.services.kinesis.model import Consumer, Shard, Stream
from cloudlet.services.kinesis.registry import stores
from cloudlet.services.kinesis.sequences import shard_index
from cloudlet.services.kinesis.store import StreamStore


def store(ctx: RequestContext) -> StreamStore:
    return stores.of(ctx)


def name_in(ctx: RequestContext, req: Mapping[str, Any]) -> str:
    """The stream name the request gives by name or by ARN."""
    name = req.get("StreamName")
    arn = req.get("StreamARN")
    if arn is not None:
        from_arn = str(arn).split(":stream/", 1)[-1]
        if name is not None and name != from_arn:
            raise InvalidArgumentException(
                f"StreamARN {arn} and StreamName {name} do not name the same stream.")
        if not arn.startswith(f"arn:aws:kinesis:{ctx.region}:{ctx.account}:stream/"):
            raise stream_not_found(from_arn, arn.split(":")[4] if arn.count(":") > 4
                                   else ctx.account)
        return from_arn
    if name is None:
        raise InvalidArgumentException("Either StreamName or StreamARN must be provided.")
    return str(name)


def stream(ctx: RequestContext, req: Mapping[str, Any]) -> Stream:
    name = name_in(ctx, req)
    found = store(ctx).streams.get(name)
    if found is None:
        raise stream_not_found(name, ctx.account)
    return found


def active_stream(ctx: RequestContext, req: Mapping[str, Any]) -> Stream:
    """A stream that is ACTIVE (resharding, tagging and the like need one);
    ResourceInUseException otherwise."""
    found = stream(ctx, req)
    status = found.phase.current(ctx.state.clock.now())
    if status != "ACTIVE":
        raise stream_busy(found.name, ctx.account, status)
    return found


def readable_stream(ctx: RequestContext, req: Mapping[str, Any]) -> Stream:
    """A stream records can be written to or read from: ACTIVE or UPDATING (a stream
    still CREATING is not found yet, as on AWS)."""
    found = stream(ctx, req)
    if found.phase.current(ctx.state.clock.now()) == "CREATING":
        raise stream_not_found(found.name, ctx.account)
    return found


def shard(ctx: RequestContext, of: Stream, shard_id: str) -> Shard:
    index = shard_index(shard_id)
    found = of.shard(index) if index is not None else None
    if found is None:
        raise shard_not_found(shard_id, of.name, ctx.account)
    return found


def consumer(ctx: RequestContext, req: Mapping[str, Any]) -> tuple[Stream, Consumer]:
    """The consumer named by ``ConsumerARN``, or by ``StreamARN`` and ``ConsumerName``."""
    arn = req.get("ConsumerARN")
    if arn is not None:
        stream_arn, _, rest = arn.partition("/consumer/")
        name = rest.rsplit(":", 1)[0]
        owner = store(ctx).streams.get(stream_arn.split(":stream/", 1)[-1])
        found = owner.consumers.get(name) if owner is not None else None
        if owner is None or found is None or found.arn != arn:
            raise ResourceNotFoundException(f"Consumer {arn} not found.")
        return owner, found
    if req.get("StreamARN") is None or req.get("ConsumerName") is None:
        raise InvalidArgumentException(
            "Either ConsumerARN or both ConsumerName and StreamARN must be provided.")
    owner = stream(ctx, req)
    found = owner.consumers.get(req["ConsumerName"])
    if found is None:
        raise ResourceNotFoundException(
            f"Consumer {req['ConsumerName']} under stream {owner.arn} not found.")
    return owner, found
