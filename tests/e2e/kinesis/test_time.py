"""Behaviour that depends on time, on a server with a manual clock: iterator expiry
(5 minutes), AT_TIMESTAMP iterators, MillisBehindLatest and retention.

https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html
https://docs.aws.amazon.com/streams/latest/dev/kinesis-extended-retention.html
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.kinesis.conftest import error_of, read_shard
from tests.server import RunningServer

SHARD = "shardId-000000000000"


def _iterator(client: Any, name: str, kind: str = "TRIM_HORIZON", **kwargs: Any) -> str:
    return str(client.get_shard_iterator(StreamName=name, ShardId=SHARD,
                                         ShardIteratorType=kind, **kwargs)["ShardIterator"])


def test_iterator_expires_after_five_minutes(manual_server: RunningServer, manual_kinesis: Any,
                                             manual_stream: Callable[..., str]) -> None:
    name = manual_stream()
    iterator = _iterator(manual_kinesis, name)
    manual_server.advance_clock(299)
    manual_kinesis.get_records(ShardIterator=iterator)
    manual_server.advance_clock(2)
    with pytest.raises(ClientError) as err:
        manual_kinesis.get_records(ShardIterator=iterator)
    assert error_of(err) == ("ExpiredIteratorException", 400)
    assert "300000 milliseconds" in err.value.response["Error"]["Message"]


def test_at_timestamp_starts_at_the_first_record_since(
        manual_server: RunningServer, manual_kinesis: Any,
        manual_stream: Callable[..., str]) -> None:
    """AT_TIMESTAMP reads from the first record that arrived at or after the time; a
    time in the future is InvalidArgumentException."""
    name = manual_stream()
    manual_kinesis.put_record(StreamName=name, Data=b"old", PartitionKey="k")
    middle = manual_server.advance_clock(10)
    manual_server.advance_clock(10)
    manual_kinesis.put_record(StreamName=name, Data=b"new", PartitionKey="k")
    now = manual_server.advance_clock(1)
    records = read_shard(manual_kinesis, name, SHARD, "AT_TIMESTAMP",
                         Timestamp=datetime.fromtimestamp(middle, UTC))
    assert [r["Data"] for r in records] == [b"new"]
    assert records[0]["ApproximateArrivalTimestamp"].timestamp() == pytest.approx(now - 1, abs=1)
    with pytest.raises(ClientError) as err:
        manual_kinesis.get_shard_iterator(StreamName=name, ShardId=SHARD,
                                          ShardIteratorType="AT_TIMESTAMP",
                                          Timestamp=datetime.fromtimestamp(now + 60, UTC))
    assert error_of(err) == ("InvalidArgumentException", 400)
    with pytest.raises(ClientError) as err:
        manual_kinesis.get_shard_iterator(StreamName=name, ShardId=SHARD,
                                          ShardIteratorType="AT_TIMESTAMP")
    assert error_of(err) == ("InvalidArgumentException", 400)


def test_millis_behind_latest(manual_server: RunningServer, manual_kinesis: Any,
                              manual_stream: Callable[..., str]) -> None:
    """A page that stops short of the newest record says how old its last record is."""
    name = manual_stream()
    manual_kinesis.put_records(StreamName=name, Records=[
        {"Data": b"a", "PartitionKey": "k"}, {"Data": b"b", "PartitionKey": "k"}])
    manual_server.advance_clock(30)
    page = manual_kinesis.get_records(ShardIterator=_iterator(manual_kinesis, name), Limit=1)
    assert page["MillisBehindLatest"] == pytest.approx(30_000, abs=50)
    rest = manual_kinesis.get_records(ShardIterator=page["NextShardIterator"])
    assert rest["MillisBehindLatest"] == 0


def test_records_past_retention_are_trimmed(manual_server: RunningServer, manual_kinesis: Any,
                                            manual_stream: Callable[..., str]) -> None:
    """After RetentionPeriodHours, records are no longer returned (TRIM_HORIZON moves)."""
    name = manual_stream()
    manual_kinesis.put_record(StreamName=name, Data=b"old", PartitionKey="k")
    manual_server.advance_clock(23 * 3600)
    manual_kinesis.put_record(StreamName=name, Data=b"new", PartitionKey="k")
    assert [r["Data"] for r in read_shard(manual_kinesis, name, SHARD)] == [b"old", b"new"]
    manual_server.advance_clock(3600 + 1)
    assert [r["Data"] for r in read_shard(manual_kinesis, name, SHARD)] == [b"new"]


def test_longer_retention_keeps_records(manual_server: RunningServer, manual_kinesis: Any,
                                        manual_stream: Callable[..., str]) -> None:
    """Raising the retention keeps records past 24 hours; lowering it again trims them."""
    name = manual_stream()
    manual_kinesis.increase_stream_retention_period(StreamName=name, RetentionPeriodHours=48)
    manual_kinesis.put_record(StreamName=name, Data=b"kept", PartitionKey="k")
    manual_server.advance_clock(30 * 3600)
    assert [r["Data"] for r in read_shard(manual_kinesis, name, SHARD)] == [b"kept"]
    manual_kinesis.decrease_stream_retention_period(StreamName=name, RetentionPeriodHours=24)
    assert read_shard(manual_kinesis, name, SHARD) == []
