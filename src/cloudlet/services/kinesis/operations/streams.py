"""Streams: CreateStream, DeleteStream, DescribeStream(Summary), ListStreams, retention,
encryption, capacity mode, enhanced monitoring and DescribeLimits.

https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Operations.html
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.kinesis import lookup
from cloudlet.services.kinesis.errors import (
    InvalidArgumentException,
    LimitExceededException,
    ResourceInUseException,
)
from cloudlet.services.kinesis.hashing import even_ranges
from cloudlet.services.kinesis.model import Stream
from cloudlet.services.kinesis.registry import service
from cloudlet.services.kinesis.shapes import (
    CreateStreamInput,
    DecreaseStreamRetentionPeriodInput,
    DeleteStreamInput,
    DescribeStreamInput,
    DescribeStreamSummaryInput,
    DisableEnhancedMonitoringInput,
    EnableEnhancedMonitoringInput,
    IncreaseStreamRetentionPeriodInput,
    ListStreamsInput,
    StartStreamEncryptionInput,
    StopStreamEncryptionInput,
    UpdateStreamModeInput,
)
from cloudlet.services.kinesis.store import StreamStore
from cloudlet.services.kinesis.tagging import check_tags
from cloudlet.signals import notify

ON_DEMAND_SHARDS = 4
ON_DEMAND_STREAM_LIMIT = 50
MAX_CREATING = 5
MIN_RETENTION_H = 24
MAX_RETENTION_H = 8760
ALL_METRICS = ["IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords",
               "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded",
               "IteratorAgeMilliseconds"]
# https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
_BIG_REGIONS = {"us-east-1", "us-west-2", "eu-west-1"}


def shard_limit(region: str) -> int:
    """The account's provisioned shard quota in a region (500 or 200 by default)."""
    return 500 if region in _BIG_REGIONS else 200


def open_provisioned_shards(store: StreamStore) -> int:
    return sum(len(s.open_shards()) for s in store.streams.values() if s.mode == "PROVISIONED")


def check_shard_quota(ctx: RequestContext, store: StreamStore, adding: int) -> None:
    """LimitExceededException when ``adding`` more open shards would pass the quota."""
    current = open_provisioned_shards(store)
    limit = shard_limit(ctx.region)
    if current + adding > limit:
        raise LimitExceededException(
            f"This request would exceed the shard limit for the account {ctx.account} in "
            f"{ctx.region}. Current shard count for the account: {current}. Limit: {limit}. "
            f"Number of additional shards that would have resulted from this request: "
            f"{adding}. Refer to the AWS Service Limits page "
            "(https://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for "
            "current limits and how to request higher limits.")


@service.operation("CreateStream")
def create_stream(ctx: RequestContext, req: CreateStreamInput) -> NoOutput:
    """Create a stream: CREATING at once, ACTIVE a moment later.

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html
    - PROVISIONED (the default) needs ShardCount; ON_DEMAND starts with 4 shards (a
      ShardCount given with it is ignored).
    - A name in use: ResourceInUseException. More shards than the account's quota,
      more than 5 streams CREATING at once, or more than 50 on-demand streams:
      LimitExceededException.
    - Tags: at most 50.
    """
    store = lookup.store(ctx)
    name = req["StreamName"]
    mode = req.get("StreamModeDetails", {}).get("StreamMode", "PROVISIONED")
    if name in store.streams:
        raise ResourceInUseException(f"Stream {name} under account {ctx.account} already exists.")
    now = ctx.state.clock.now()
    if sum(s.phase.current(now) == "CREATING" for s in store.streams.values()) >= MAX_CREATING:
        raise LimitExceededException(
            f"Account {ctx.account} has {MAX_CREATING} streams in CREATING state; "
            "wait for one to be ACTIVE.")
    if mode == "ON_DEMAND":
        count = ON_DEMAND_SHARDS
        if sum(s.mode == "ON_DEMAND" for s in store.streams.values()) >= ON_DEMAND_STREAM_LIMIT:
            raise LimitExceededException(
                f"Account {ctx.account} has reached the limit of {ON_DEMAND_STREAM_LIMIT} "
                "on-demand streams.")
    else:
        shard_count = req.get("ShardCount")
        if shard_count is None:
            raise InvalidArgumentException(
                "ShardCount is required when creating a stream in PROVISIONED mode.")
        count = shard_count
        check_shard_quota(ctx, store, count)
    tags = req.get("Tags", {})
    check_tags(tags, {})
    store.create(name, even_ranges(count), mode, tags, req.get("MaxRecordSizeInKiB", 1024))
    return {}


@service.operation("DeleteStream")
def delete_stream(ctx: RequestContext, req: DeleteStreamInput) -> NoOutput:
    """Delete a stream, its records and (with EnforceConsumerDeletion) its consumers.

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeleteStream.html
    - A stream with registered consumers: ResourceInUseException unless
      EnforceConsumerDeletion is true.
    cloudlet deletes at once: the stream is never seen DELETING.
    """
    stream = lookup.stream(ctx, req)
    if stream.consumers and not req.get("EnforceConsumerDeletion"):
        raise ResourceInUseException(
            f"Stream {stream.name} under account {ctx.account} has registered consumers. "
            "Set EnforceConsumerDeletion to true to delete the stream and its consumers.")
    lookup.store(ctx).delete(stream)
    notify(stream.arn)
    return {}


def _description(ctx: RequestContext, stream: Stream) -> dict[str, Any]:
    """The members DescribeStream and DescribeStreamSummary share."""
    out: dict[str, Any] = {
        "StreamName": stream.name,
        "StreamARN": stream.arn,
        "StreamStatus": stream.phase.current(ctx.state.clock.now()),
        "StreamModeDetails": {"StreamMode": stream.mode},
        "RetentionPeriodHours": stream.retention_hours,
        "StreamCreationTimestamp": stream.created,
        "EnhancedMonitoring": [{"ShardLevelMetrics": list(stream.metrics)}],
        "EncryptionType": stream.encryption,
    }
    if stream.key_id is not None:
        out["KeyId"] = stream.key_id
    return out


@service.operation("DescribeStream")
def describe_stream(ctx: RequestContext, req: DescribeStreamInput) -> dict[str, Any]:
    """A stream with a page of its shards (Limit, default 100; ExclusiveStartShardId).

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStream.html
    """
    stream = lookup.stream(ctx, req)
    shards = stream.shards
    start = req.get("ExclusiveStartShardId")
    if start is not None:
        shards = [s for s in shards if s.id > start]
    limit = req.get("Limit", 100)
    out = _description(ctx, stream)
    out["Shards"] = [s.describe() for s in shards[:limit]]
    out["HasMoreShards"] = len(shards) > limit
    return {"StreamDescription": out}


@service.operation("DescribeStreamSummary")
def describe_stream_summary(ctx: RequestContext,
                            req: DescribeStreamSummaryInput) -> dict[str, Any]:
    """A stream without its shards: open shard and consumer counts instead.

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStreamSummary.html
    """
    stream = lookup.stream(ctx, req)
    out = _description(ctx, stream)
    out.update(StreamId=stream.stream_id, OpenShardCount=len(stream.open_shards()),
               ConsumerCount=len(stream.consumers), MaxRecordSizeInKiB=stream.max_record_kib)
    return {"StreamDescriptionSummary": out}


def _token(name: str) -> str:
    return base64.urlsafe_b64encode(name.encode()).decode("ascii")


def _untoken(token: str) -> str:
    try:
        return base64.urlsafe_b64decode(token.encode("ascii")).decode()
    except (binascii.Error, UnicodeError, ValueError):
        raise InvalidArgumentException(f"Invalid NextToken: {token}") from None


@service.operation("ListStreams")
def list_streams(ctx: RequestContext, req: ListStreamsInput) -> dict[str, Any]:
    """Stream names and summaries in name order, ``Limit`` (default 100) at a time.

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreams.html
    - ExclusiveStartStreamName or NextToken (the previous page's last name) continue.
    """
    store = lookup.store(ctx)
    names = sorted(store.streams)
    after = req.get("ExclusiveStartStreamName")
    if req.get("NextToken") is not None:
        after = _untoken(req["NextToken"])
    if after is not None:
        names = [n for n in names if n > after]
    limit = req.get("Limit", 100)
    page = names[:limit]
    now = ctx.state.clock.now()
    out: dict[str, Any] = {
        "StreamNames": page,
        "HasMoreStreams": len(names) > limit,
        "StreamSummaries": [
            {"StreamName": s.name, "StreamARN": s.arn, "StreamStatus": s.phase.current(now),
             "StreamModeDetails": {"StreamMode": s.mode},
             "StreamCreationTimestamp": s.created}
            for s in (store.streams[n] for n in page)],
    }
    if len(names) > limit:
        out["NextToken"] = _token(page[-1])
    return out


def _check_retention(hours: int) -> None:
    if hours < MIN_RETENTION_H:
        raise InvalidArgumentException(
            f"Minimum allowed retention period is {MIN_RETENTION_H} hours. Requested "
            f"retention period ({hours} hours) is too short.")
    if hours > MAX_RETENTION_H:
        raise InvalidArgumentException(
            f"Maximum allowed retention period is {MAX_RETENTION_H} hours. Requested "
            f"retention period ({hours} hours) is too long.")


@service.operation("IncreaseStreamRetentionPeriod")
def increase_retention(ctx: RequestContext, req: IncreaseStreamRetentionPeriodInput) -> NoOutput:
    """Keep records longer (24 to 8760 hours; not shorter than now).

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_IncreaseStreamRetentionPeriod.html
    """
    stream = lookup.active_stream(ctx, req)
    hours = req["RetentionPeriodHours"]
    _check_retention(hours)
    if hours < stream.retention_hours:
        raise InvalidArgumentException(
            f"Requested retention period ({hours} hours) for stream {stream.name} can not be "
            f"shorter than existing retention period ({stream.retention_hours} hours). Use "
            "DecreaseRetentionPeriod API.")
    stream.retention_hours = hours
    lookup.store(ctx).save(stream)
    return {}


@service.operation("DecreaseStreamRetentionPeriod")
def decrease_retention(ctx: RequestContext, req: DecreaseStreamRetentionPeriodInput) -> NoOutput:
    """Keep records for less time (at least 24 hours); older records are trimmed now.

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DecreaseStreamRetentionPeriod.html
    """
    stream = lookup.active_stream(ctx, req)
    hours = req["RetentionPeriodHours"]
    _check_retention(hours)
    if hours > stream.retention_hours:
        raise InvalidArgumentException(
            f"Requested retention period ({hours} hours) for stream {stream.name} can not be "
            f"longer than existing retention period ({stream.retention_hours} hours). Use "
            "IncreaseRetentionPeriod API.")
    stream.retention_hours = hours
    store = lookup.store(ctx)
    store.save(stream)
    store.trim(stream)
    return {}


@service.operation("StartStreamEncryption")
def start_encryption(ctx: RequestContext, req: StartStreamEncryptionInput) -> NoOutput:
    """Record server-side encryption with a KMS key (stored; data is not encrypted).

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StartStreamEncryption.html
    """
    stream = lookup.active_stream(ctx, req)
    if req["EncryptionType"] != "KMS":
        raise InvalidArgumentException("EncryptionType must be KMS to start encryption.")
    stream.encryption, stream.key_id = "KMS", req["KeyId"]
    lookup.store(ctx).save(stream)
    return {}


@service.operation("StopStreamEncryption")
def stop_encryption(ctx: RequestContext, req: StopStreamEncryptionInput) -> NoOutput:
    """Stop server-side encryption.

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StopStreamEncryption.html
    """
    stream = lookup.active_stream(ctx, req)
    stream.encryption, stream.key_id = "NONE", None
    lookup.store(ctx).save(stream)
    return {}


@service.operation("UpdateStreamMode")
def update_stream_mode(ctx: RequestContext, req: UpdateStreamModeInput) -> NoOutput:
    """Switch between PROVISIONED and ON_DEMAND (the shards stay as they are).

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamMode.html
    """
    stream = lookup.active_stream(ctx, req)
    mode = req["StreamModeDetails"]["StreamMode"]
    if mode == stream.mode:
        raise InvalidArgumentException(
            f"Stream {stream.name} under account {ctx.account} is already in {mode} mode.")
    stream.mode = mode
    lookup.store(ctx).save(stream)
    return {}


def _monitoring(ctx: RequestContext,
                req: EnableEnhancedMonitoringInput | DisableEnhancedMonitoringInput,
                enable: bool) -> dict[str, Any]:
    stream = lookup.active_stream(ctx, req)
    asked = req["ShardLevelMetrics"]
    names = ALL_METRICS if "ALL" in asked else asked
    before = list(stream.metrics)
    if enable:
        after = [m for m in ALL_METRICS if m in before or m in names]
    else:
        after = [m for m in before if m not in names]
    stream.metrics = after
    lookup.store(ctx).save(stream)
    return {"StreamName": stream.name, "StreamARN": stream.arn,
            "CurrentShardLevelMetrics": before, "DesiredShardLevelMetrics": after}


@service.operation("EnableEnhancedMonitoring")
def enable_monitoring(ctx: RequestContext, req: EnableEnhancedMonitoringInput) -> dict[str, Any]:
    """Turn shard-level metrics on (stored; no metrics are published).

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_EnableEnhancedMonitoring.html
    """
    return _monitoring(ctx, req, True)


@service.operation("DisableEnhancedMonitoring")
def disable_monitoring(ctx: RequestContext,
                       req: DisableEnhancedMonitoringInput) -> dict[str, Any]:
    """Turn shard-level metrics off.

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DisableEnhancedMonitoring.html
    """
    return _monitoring(ctx, req, False)


@service.operation("DescribeLimits")
def describe_limits(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """The shard quota and on-demand stream quota, and what is in use.

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeLimits.html
    """
    store = lookup.store(ctx)
    return {"ShardLimit": shard_limit(ctx.region),
            "OpenShardCount": open_provisioned_shards(store),
            "OnDemandStreamCount": sum(s.mode == "ON_DEMAND" for s in store.streams.values()),
            "OnDemandStreamCountLimit": ON_DEMAND_STREAM_LIMIT}
