"""ListStreams, DescribeStream, GetShardIterator, GetRecords.

https://docs.aws.amazon.com/amazondynamodbstreams/latest/APIReference/API_Operations.html
"""

from __future__ import annotations

import orjson

from cloudlet.server.context import RequestContext
from cloudlet.services.dynamodb.registry import backends
from cloudlet.services.dynamodb.streams import StreamRow, format_seq
from cloudlet.services.dynamodbstreams import iterators
from cloudlet.services.dynamodbstreams.errors import (
    ResourceNotFoundException,
    TrimmedDataAccessException,
    ValidationException,
)
from cloudlet.services.dynamodbstreams.registry import service
from cloudlet.services.dynamodbstreams.shapes import (
    DescribeStreamInput,
    DescribeStreamOutput,
    GetRecordsInput,
    GetRecordsOutput,
    GetShardIteratorInput,
    GetShardIteratorOutput,
    ListStreamsInput,
    ListStreamsOutput,
    SequenceNumberRange,
    Shard,
)

MAX_RECORDS = 1000
MAX_STREAMS = 100  # ListStreams' and DescribeStream's (shards) Limit


def _check_limit(limit: int | None, most: int) -> None:
    """The documented maximum of a ``Limit`` (botocore's model states only the minimum),
    with AWS's model-validation text."""
    if limit is not None and limit > most:
        raise ValidationException(
            f"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy "
            f"constraint: Member must have value less than or equal to {most}")


def _stream(ctx: RequestContext, arn: str) -> StreamRow:
    found = backends.of(ctx).streams.by_arn(arn)
    if found is None:
        raise ResourceNotFoundException(f"Requested resource not found: Stream: {arn} not found")
    return found


@service.operation("ListStreams")
def list_streams(ctx: RequestContext, req: ListStreamsInput) -> ListStreamsOutput:
    """Streams of the account/region (or of one table), oldest first, paginated.

    https://docs.aws.amazon.com/amazondynamodbstreams/latest/APIReference/API_ListStreams.html
    """
    _check_limit(req.get("Limit"), MAX_STREAMS)
    rows = backends.of(ctx).streams.all()
    table = req.get("TableName")
    if table is not None:
        rows = [r for r in rows if r.table_name == table]
    start = req.get("ExclusiveStartStreamArn")
    if start is not None:
        arns = [r.arn for r in rows]
        rows = rows[arns.index(start) + 1:] if start in arns else []
    limit = req.get("Limit") or 100
    out: ListStreamsOutput = {"Streams": [
        {"StreamArn": r.arn, "TableName": r.table_name, "StreamLabel": r.label}
        for r in rows[:limit]
    ]}
    if len(rows) > limit:
        out["LastEvaluatedStreamArn"] = rows[limit - 1].arn
    return out


@service.operation("DescribeStream")
def describe_stream(ctx: RequestContext, req: DescribeStreamInput) -> DescribeStreamOutput:
    """A stream, its status and its (single) shard.

    https://docs.aws.amazon.com/amazondynamodbstreams/latest/APIReference/API_DescribeStream.html
    A disabled stream's shard is closed: it has an EndingSequenceNumber.
    """
    _check_limit(req.get("Limit"), MAX_STREAMS)
    store = backends.of(ctx).streams
    row = _stream(ctx, req["StreamArn"])
    first, last = store.bounds(row.id)
    seq_range: SequenceNumberRange = {"StartingSequenceNumber": format_seq(first or 1)}
    if row.disabled is not None:
        seq_range["EndingSequenceNumber"] = format_seq(last or first or 1)
    shards: list[Shard] = [{"ShardId": row.shard_id, "SequenceNumberRange": seq_range}]
    if req.get("ExclusiveStartShardId") == row.shard_id:
        shards = []
    return {"StreamDescription": {
        "StreamArn": row.arn,
        "StreamLabel": row.label,
        "StreamStatus": "DISABLED" if row.disabled is not None else "ENABLED",
        "StreamViewType": row.view_type,
        "CreationRequestDateTime": row.created,
        "TableName": row.table_name,
        "KeySchema": row.key_schema,
        "Shards": shards,
    }}


def _sequence(req: GetShardIteratorInput) -> int:
    text = req.get("SequenceNumber")
    if text is None:
        raise ValidationException(
            "Invalid Request: SequenceNumber is required for iterator type "
            f"{req['ShardIteratorType']}")
    try:
        return int(text)
    except ValueError:
        raise ValidationException(f"Invalid SequenceNumber: {text}") from None


@service.operation("GetShardIterator")
def get_shard_iterator(ctx: RequestContext, req: GetShardIteratorInput) -> GetShardIteratorOutput:
    """An iterator at TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER.

    https://docs.aws.amazon.com/amazondynamodbstreams/latest/APIReference/API_GetShardIterator.html
    """
    store = backends.of(ctx).streams
    row = _stream(ctx, req["StreamArn"])
    if req["ShardId"] != row.shard_id:
        raise ResourceNotFoundException(
            f"Requested resource not found: Shard does not exist: {req['ShardId']}")
    kind = req["ShardIteratorType"]
    first, last = store.bounds(row.id)
    if kind == "TRIM_HORIZON":
        after = (first - 1) if first is not None else 0
    elif kind == "LATEST":
        after = last if row.disabled is not None and last is not None else store.last_seq()
    else:
        seq = _sequence(req)
        if first is not None and seq < first:
            raise TrimmedDataAccessException(
                "The operation attempted to read past the oldest stream record in a shard.")
        if not store.has(row.id, seq):
            raise ValidationException(
                f"Invalid SequenceNumber {req['SequenceNumber']} for shard {row.shard_id}")
        after = seq - 1 if kind == "AT_SEQUENCE_NUMBER" else seq
    position = iterators.Position(row.arn, row.shard_id, after, ctx.state.clock.now())
    return {"ShardIterator": iterators.encode(position)}


@service.operation("GetRecords")
def get_records(ctx: RequestContext, req: GetRecordsInput) -> GetRecordsOutput:
    """Records after the iterator's position, oldest first, at most ``Limit`` (1000).

    https://docs.aws.amazon.com/amazondynamodbstreams/latest/APIReference/API_GetRecords.html
    NextShardIterator is absent once a closed shard (disabled stream) is read to its end.
    """
    _check_limit(req.get("Limit"), MAX_RECORDS)
    now = ctx.state.clock.now()
    position = iterators.decode(req["ShardIterator"], now)
    store = backends.of(ctx).streams
    row = _stream(ctx, position.arn)
    limit = min(req.get("Limit") or MAX_RECORDS, MAX_RECORDS)
    first, _ = store.bounds(row.id)
    if first is not None and position.after < first - 1:
        position.after = first - 1  # trimmed records: continue from the oldest held
    found = store.records_after(row.id, position.after, limit)
    records = [orjson.loads(body) for _, body in found]
    out: GetRecordsOutput = {"Records": records}
    after = found[-1][0] if found else position.after
    if row.disabled is None or found:
        out["NextShardIterator"] = iterators.encode(
            iterators.Position(row.arn, row.shard_id, after, now))
    return out
