"""Records: PutRecord, PutRecords, GetShardIterator, GetRecords.

https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html
https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html

Blobs are ``bytes`` both ways, so ``internal.call`` (Lambda's pollers) passes and gets
raw data. Every write sets ``signals.changed(stream_arn)``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.errors import ValidationException
from cloudlet.services.kinesis import iterators, lookup
from cloudlet.services.kinesis.errors import (
    InvalidArgumentException,
    ProvisionedThroughputExceededException,
    ResourceNotFoundException,
    shard_not_found,
)
from cloudlet.services.kinesis.hashing import MAX_HASH_KEY, hash_key
from cloudlet.services.kinesis.model import Shard, Stream
from cloudlet.services.kinesis.registry import service
from cloudlet.services.kinesis.sequences import format_sequence, parse_sequence, shard_name
from cloudlet.services.kinesis.shapes import (
    GetRecordsInput,
    GetShardIteratorInput,
    PutRecordInput,
    PutRecordsInput,
    PutRecordsRequestEntry,
)
from cloudlet.services.kinesis.throughput import ShardMeter
from cloudlet.signals import notify

MAX_GET_RECORDS = 10_000
PUT_RECORDS_MAX_BYTES = 5 * 1024 * 1024


def _meter(ctx: RequestContext) -> ShardMeter:
    return lookup.store(ctx).meter


def _target(stream: Stream, entry: PutRecordInput | PutRecordsRequestEntry) -> Shard:
    """The open shard that owns the record's hash key (ExplicitHashKey, else the MD5 of
    the partition key)."""
    explicit = entry.get("ExplicitHashKey")
    if explicit is not None:
        value = int(explicit)
        if value > MAX_HASH_KEY:
            raise InvalidArgumentException(
                "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: "
                f"[0, {MAX_HASH_KEY}]. Specified value was {explicit}")
        return stream.shard_for(value)
    return stream.shard_for(hash_key(entry["PartitionKey"]))


def _check_record(stream: Stream, entry: PutRecordInput | PutRecordsRequestEntry,
                  path: str) -> int:
    """The record's size (data and partition key); ValidationException when the partition
    key is missing or the record is over the stream's maximum record size (1 MiB)."""
    if "PartitionKey" not in entry:
        raise ValidationException(
            f"1 validation error detected: Value null at '{path}partitionKey' failed to "
            "satisfy constraint: Member must not be null")
    size = len(entry["Data"]) + len(entry["PartitionKey"].encode("utf-8"))
    limit = stream.max_record_kib * 1024
    if size > limit:
        data = len(entry["Data"])
        raise ValidationException(
            f"1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim={data} "
            f"cap={data}]' at '{path}data' failed to satisfy constraint: Member must have "
            f"length less than or equal to {limit}")
    return size


@service.operation("PutRecord")
def put_record(ctx: RequestContext, req: PutRecordInput) -> dict[str, Any]:
    """Write one record to the shard its hash key falls in; its sequence number.

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html
    - SequenceNumberForOrdering is accepted: cloudlet's sequence numbers always increase,
      so the ordering it asks for always holds.
    - Over the shard's write throughput: ProvisionedThroughputExceededException.
    - EncryptionType is answered only for an encrypted stream (KMS).
    """
    stream = lookup.readable_stream(ctx, req)
    size = _check_record(stream, req, "")
    shard = _target(stream, req)
    if stream.mode == "PROVISIONED" and not _meter(ctx).admit(stream.row, shard.index, size):
        raise ProvisionedThroughputExceededException(
            f"Rate exceeded for shard {shard.id} in stream {stream.name} under account "
            f"{ctx.account}.")
    counter, = lookup.store(ctx).append(stream, [(shard.index, req["PartitionKey"], req["Data"])])
    notify(stream.arn)
    out = {"ShardId": shard.id, "SequenceNumber": format_sequence(counter, shard.index)}
    if stream.encryption != "NONE":
        out["EncryptionType"] = stream.encryption
    return out


@service.operation("PutRecords")
def put_records(ctx: RequestContext, req: PutRecordsInput) -> dict[str, Any]:
    """Write up to 500 records in one call; each succeeds or fails on its own.

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html
    - A record over its shard's throughput gets ErrorCode
      ProvisionedThroughputExceededException and no sequence number; FailedRecordCount
      counts them (0 when all were written). The others are written, in request order, in one transaction.
    - More than 5 MiB in all (data and partition keys): InvalidArgumentException.
    """
    stream = lookup.readable_stream(ctx, req)
    entries = req["Records"]
    sizes = [_check_record(stream, e, f"records.{i + 1}.member.")
             for i, e in enumerate(entries)]
    if sum(sizes) > max(PUT_RECORDS_MAX_BYTES, stream.max_record_kib * 1024):
        raise InvalidArgumentException(
            f"Records size exceeds {PUT_RECORDS_MAX_BYTES // (1024 * 1024)} MB limit")
    shards = [_target(stream, e) for e in entries]
    meter = _meter(ctx) if stream.mode == "PROVISIONED" else None
    admitted = [meter is None or meter.admit(stream.row, s.index, size)
                for s, size in zip(shards, sizes, strict=True)]
    writes = [(s.index, e["PartitionKey"], e["Data"])
              for s, e, ok in zip(shards, entries, admitted, strict=True) if ok]
    counters = iter(lookup.store(ctx).append(stream, writes) if writes else [])
    results: list[dict[str, str]] = []
    for shard, ok in zip(shards, admitted, strict=True):
        if ok:
            results.append({"SequenceNumber": format_sequence(next(counters), shard.index),
                            "ShardId": shard.id})
        else:
            results.append({"ErrorCode": "ProvisionedThroughputExceededException",
                            "ErrorMessage": f"Rate exceeded for shard {shard.id} in stream "
                                            f"{stream.name} under account {ctx.account}."})
    if writes:
        notify(stream.arn)
    # AWS answers FailedRecordCount 0 too, though the model's minimum is 1.
    out: dict[str, Any] = {"FailedRecordCount": len(results) - len(writes), "Records": results}
    if stream.encryption != "NONE":
        out["EncryptionType"] = stream.encryption
    return out


def _starting_counter(req: GetShardIteratorInput, shard: Shard) -> int:
    text = req.get("StartingSequenceNumber")
    if text is None:
        raise InvalidArgumentException(
            f"Must specify a StartingSequenceNumber for {req['ShardIteratorType']} "
            "ShardIteratorType.")
    return parse_sequence(text, shard.index, shard.id)


def _tip(ctx: RequestContext, shard: Shard) -> int:
    """The position after the newest record of a shard."""
    if shard.end_counter is not None:
        return shard.end_counter
    return lookup.store(ctx).counter


def _at_timestamp(ctx: RequestContext, req: GetShardIteratorInput, stream: Stream,
                  shard: Shard) -> int:
    when: datetime | None = req.get("Timestamp")
    if when is None:
        raise InvalidArgumentException(
            "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. "
            "Current request has no timestamp parameter.")
    now = ctx.state.clock.now()
    wanted = when.timestamp()
    if wanted > now:
        raise InvalidArgumentException(
            "The timestampInMillis parameter cannot be greater than the "
            f"currentTimestampInMillis. timestampInMillis: {int(wanted * 1000)}, "
            f"currentTimestampInMillis: {int(now * 1000)}")
    first = lookup.store(ctx).first_at(stream, shard.index, wanted)
    return first - 1 if first is not None else _tip(ctx, shard)


@service.operation("GetShardIterator")
def get_shard_iterator(ctx: RequestContext, req: GetShardIteratorInput) -> dict[str, Any]:
    """An iterator at TRIM_HORIZON, LATEST, AT/AFTER_SEQUENCE_NUMBER or AT_TIMESTAMP.

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html
    - A sequence number of another shard, or not one at all: InvalidArgumentException.
    - AT_TIMESTAMP starts at the first record that arrived at or after the time (the
      tip when none did); a time in the future is InvalidArgumentException.
    - LATEST starts after the newest record, so only records written later are read.
    """
    stream = lookup.readable_stream(ctx, req)
    shard = lookup.shard(ctx, stream, req["ShardId"])
    kind = req["ShardIteratorType"]
    if kind == "TRIM_HORIZON":
        after = -1
    elif kind == "LATEST":
        after = _tip(ctx, shard)
    elif kind == "AT_SEQUENCE_NUMBER":
        after = _starting_counter(req, shard) - 1
    elif kind == "AFTER_SEQUENCE_NUMBER":
        after = _starting_counter(req, shard)
    else:
        after = _at_timestamp(ctx, req, stream, shard)
    cursor = iterators.Cursor(stream.stream_id, shard.index, after, ctx.state.clock.now())
    return {"ShardIterator": iterators.issue(cursor)}


@service.operation("GetRecords")
def get_records(ctx: RequestContext, req: GetRecordsInput) -> dict[str, Any]:
    """Records after the iterator's position, oldest first, at most ``Limit`` (10,000)
    and about 10 MiB.

    https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html
    - NextShardIterator continues after the last record returned (or at the same place
      when none were). Once a closed shard is read to its end, NextShardIterator is
      absent and ChildShards names the shards that replaced it.
    - MillisBehindLatest: 0 when the response reaches the shard's newest record, else
      how long ago the last returned record arrived.
    - Records past the retention period are not returned.
    """
    now = ctx.state.clock.now()
    cursor = iterators.read(req["ShardIterator"], now)
    store = lookup.store(ctx)
    stream = store.by_stream_id(cursor.stream_id)
    if stream is None:
        raise ResourceNotFoundException(
            f"Stream with id {cursor.stream_id} under account {ctx.account} not found.")
    shard = stream.shard(cursor.shard)
    if shard is None:
        raise shard_not_found(shard_name(cursor.shard), stream.name, ctx.account)
    limit = min(req.get("Limit", MAX_GET_RECORDS), MAX_GET_RECORDS)
    found, more = store.read(stream, shard.index, cursor.after, limit,
                             stream.trim_horizon(now))
    records: list[dict[str, Any]] = []
    for record in found:
        item: dict[str, Any] = {
            "SequenceNumber": format_sequence(record.counter, shard.index),
            "ApproximateArrivalTimestamp": record.arrival,
            "Data": record.data,
            "PartitionKey": record.partition_key,
        }
        if record.encrypted:
            item["EncryptionType"] = "KMS"
        records.append(item)
    after = found[-1].counter if found else cursor.after
    out: dict[str, Any] = {
        "Records": records,
        "MillisBehindLatest": int((now - found[-1].arrival) * 1000) if more and found else 0,
    }
    if shard.closed is not None and not more:
        out["ChildShards"] = [
            {"ShardId": child.id, "ParentShards": [shard_name(p) for p in child.parents],
             "HashKeyRange": child.hash_range()}
            for child in stream.children_of(shard.index)]
    else:
        out["NextShardIterator"] = iterators.issue(
            iterators.Cursor(stream.stream_id, shard.index, after, now))
    return out
