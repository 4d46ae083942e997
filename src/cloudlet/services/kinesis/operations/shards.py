"""Shards: ListShards, SplitShard, MergeShards, UpdateShardCount.

https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListShards.html
https://docs.aws.amazon.com/streams/latest/dev/kinesis-using-sdk-java-resharding.html

Resharding closes the parent shards (they keep their records, and get an
EndingSequenceNumber) and opens children that name them as ParentShardId and
AdjacentParentShardId. The stream is UPDATING for a moment.

LIMITATIONS: UpdateShardCount (UNIFORM_SCALING) closes every open shard and opens the
target count with even ranges in one step, where AWS reaches the same ranges through a
series of splits and merges; a child overlapping more than two parents lists the first
two as ParentShardId/AdjacentParentShardId (GetRecords' ChildShards lists all).
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any

import orjson

from cloudlet.server.context import RequestContext
from cloudlet.server.errors import ValidationException
from cloudlet.server.service import NoOutput
from cloudlet.services.kinesis import lookup
from cloudlet.services.kinesis.errors import (
    ExpiredNextTokenException,
    InvalidArgumentException,
    LimitExceededException,
    ResourceInUseException,
)
from cloudlet.services.kinesis.hashing import even_ranges
from cloudlet.services.kinesis.model import Shard, Stream
from cloudlet.services.kinesis.operations.streams import check_shard_quota
from cloudlet.services.kinesis.registry import service
from cloudlet.services.kinesis.shapes import (
    ListShardsInput,
    MergeShardsInput,
    ShardFilter,
    SplitShardInput,
    UpdateShardCountInput,
)
from cloudlet.services.kinesis.store import NewShard
from cloudlet.signals import notify

TOKEN_LIFETIME_S = 300.0


def _alive_at(shard: Shard, when: float) -> bool:
    return shard.created <= when and (shard.closed is None or shard.closed > when)


def _filtered(stream: Stream, shard_filter: ShardFilter, now: float) -> list[Shard]:
    """The shards a ShardFilter selects.

    AT_* filters answer the shards open at that moment, FROM_* the shards open at or
    after it; the trim horizon is the oldest moment still within the retention period.
    """
    kind = shard_filter["Type"]
    shards = stream.shards
    if kind == "AFTER_SHARD_ID":
        after = shard_filter.get("ShardId")
        if after is None:
            raise InvalidArgumentException(
                "ShardId must be specified with the AFTER_SHARD_ID ShardFilter type.")
        return [s for s in shards if s.id > after]
    if kind == "AT_LATEST":
        return [s for s in shards if s.is_open]
    if kind in ("AT_TRIM_HORIZON", "FROM_TRIM_HORIZON"):
        when = max(stream.trim_horizon(now), stream.created)
    else:
        stamp = shard_filter.get("Timestamp")
        if stamp is None:
            raise InvalidArgumentException(
                f"Timestamp must be specified with the {kind} ShardFilter type.")
        when = max(stamp.timestamp(), stream.created)
    if kind.startswith("AT_"):
        return [s for s in shards if _alive_at(s, when)]
    return [s for s in shards if s.closed is None or s.closed > when]


def _token(name: str, last: str, shard_filter: ShardFilter | None, now: float) -> str:
    data = {"s": name, "l": last, "t": now, "f": shard_filter}
    return base64.urlsafe_b64encode(orjson.dumps(data, default=str)).decode("ascii")


def _read_token(token: str, now: float) -> tuple[str, str, ShardFilter | None]:
    try:
        data = orjson.loads(base64.urlsafe_b64decode(token.encode("ascii")))
        name, last, issued, raw = str(data["s"]), str(data["l"]), float(data["t"]), data["f"]
    except (binascii.Error, ValueError, KeyError, TypeError, orjson.JSONDecodeError):
        raise InvalidArgumentException(f"Invalid NextToken: {token}") from None
    if now - issued > TOKEN_LIFETIME_S:
        raise ExpiredNextTokenException(
            f"The NextToken has expired: it was issued more than {int(TOKEN_LIFETIME_S)} "
            "seconds ago.")
    shard_filter: ShardFilter | None = None
    if raw is not None:
        shard_filter = {"Type": raw["Type"]}
        if "ShardId" in raw:
            shard_filter["ShardId"] = raw["ShardId"]
        if "Timestamp" in raw:
            shard_filter["Timestamp"] = datetime.fromisoformat(raw["Timestamp"])
    return name, last, shard_filter


@service.operation("ListShards")
def list_shards(ctx: RequestContext, req: ListShardsInput) -> dict[str, Any]:
    """A page of a stream's shards (MaxResults, default 1000), optionally filtered.

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListShards.html
    - NextToken continues a listing and cannot be combined with StreamName (or
      StreamARN) or ExclusiveStartShardId; it expires after 300 seconds
      (ExpiredNextTokenException).
    """
    now = ctx.state.clock.now()
    token = req.get("NextToken")
    if token is not None:
        if "StreamName" in req or "StreamARN" in req:
            raise InvalidArgumentException(
                "NextToken and StreamName cannot be provided together.")
        if "ExclusiveStartShardId" in req:
            raise InvalidArgumentException(
                "NextToken and ExclusiveStartShardId cannot be provided together.")
        name, after, shard_filter = _read_token(token, now)
        stream = lookup.stream(ctx, {"StreamName": name})
    else:
        stream = lookup.stream(ctx, req)
        after = req.get("ExclusiveStartShardId", "")
        shard_filter = req.get("ShardFilter")
    shards = _filtered(stream, shard_filter, now) if shard_filter else list(stream.shards)
    shards = [s for s in shards if s.id > after]
    limit = req.get("MaxResults", 1000)
    page = shards[:limit]
    out: dict[str, Any] = {"Shards": [s.describe() for s in page]}
    if len(shards) > limit:
        out["NextToken"] = _token(stream.name, page[-1].id, shard_filter, now)
    return out


def _resharding(ctx: RequestContext, req: SplitShardInput | MergeShardsInput
                | UpdateShardCountInput, operation: str) -> Stream:
    stream = lookup.active_stream(ctx, req)
    if stream.mode == "ON_DEMAND":
        raise ValidationException(
            f"{operation} is not supported for streams in ON_DEMAND capacity mode.")
    return stream


def _open_shard(ctx: RequestContext, stream: Stream, shard_id: str) -> Shard:
    shard = lookup.shard(ctx, stream, shard_id)
    if not shard.is_open:
        raise ResourceInUseException(
            f"Shard {shard.id} of stream {stream.name} under account {ctx.account} has "
            "already been merged or split, and thus is not eligible for merging or splitting.")
    return shard


@service.operation("SplitShard")
def split_shard(ctx: RequestContext, req: SplitShardInput) -> NoOutput:
    """Split an open shard in two at NewStartingHashKey.

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SplitShard.html
    - The children cover [start, key - 1] and [key, end]; both have the split shard as
      ParentShardId. The key must lie strictly inside the shard's range.
    """
    stream = _resharding(ctx, req, "SplitShard")
    shard = _open_shard(ctx, stream, req["ShardToSplit"])
    key = int(req["NewStartingHashKey"])
    if not shard.start_hash + 1 < key < shard.end_hash:
        raise InvalidArgumentException(
            f"NewStartingHashKey {req['NewStartingHashKey']} used in SplitShard() on shard "
            f"{shard.id} in stream {stream.name} under account {ctx.account} is not both "
            f"greater than one plus the shard's StartingHashKey {shard.start_hash} and less "
            f"than the shard's EndingHashKey {shard.end_hash}.")
    check_shard_quota(ctx, lookup.store(ctx), 1)
    lookup.store(ctx).reshard(stream, [shard], [
        NewShard(shard.start_hash, key - 1, [shard.index]),
        NewShard(key, shard.end_hash, [shard.index])])
    notify(stream.arn)
    return {}


@service.operation("MergeShards")
def merge_shards(ctx: RequestContext, req: MergeShardsInput) -> NoOutput:
    """Merge two open shards with adjacent hash key ranges into one.

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_MergeShards.html
    - The child's ParentShardId is ShardToMerge, its AdjacentParentShardId
      AdjacentShardToMerge. Shards that are not adjacent: InvalidArgumentException.
    """
    stream = _resharding(ctx, req, "MergeShards")
    first = _open_shard(ctx, stream, req["ShardToMerge"])
    second = _open_shard(ctx, stream, req["AdjacentShardToMerge"])
    low, high = sorted((first, second), key=lambda s: s.start_hash)
    if low.end_hash + 1 != high.start_hash:
        raise InvalidArgumentException(
            f"Shards {first.id} and {second.id} in stream {stream.name} under account "
            f"{ctx.account} are not an adjacent pair of shards eligible for merging")
    lookup.store(ctx).reshard(stream, [first, second], [
        NewShard(low.start_hash, high.end_hash, [first.index, second.index])])
    notify(stream.arn)
    return {}


@service.operation("UpdateShardCount")
def update_shard_count(ctx: RequestContext, req: UpdateShardCountInput) -> dict[str, Any]:
    """Reshard to TargetShardCount shards of even ranges (UNIFORM_SCALING).

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html
    - At most double and at least half the current open shard count:
      LimitExceededException otherwise. The target equal to the current count changes
      nothing.
    """
    stream = _resharding(ctx, req, "UpdateShardCount")
    parents = sorted(stream.open_shards(), key=lambda s: s.start_hash)
    current = len(parents)
    target = req["TargetShardCount"]
    if target > 2 * current or 2 * target < current:
        raise LimitExceededException(
            f"UpdateShardCount cannot scale stream {stream.name} under account {ctx.account} "
            f"from {current} to {target} shards: the target must be between half and double "
            "the current shard count.")
    out = {"StreamName": stream.name, "StreamARN": stream.arn, "CurrentShardCount": current,
           "TargetShardCount": target}
    if target == current:
        return out
    if target > current:
        check_shard_quota(ctx, lookup.store(ctx), target - current)
    children = [
        NewShard(start, end, [p.index for p in parents
                              if p.start_hash <= end and p.end_hash >= start])
        for start, end in even_ranges(target)]
    lookup.store(ctx).reshard(stream, parents, children)
    notify(stream.arn)
    return out
