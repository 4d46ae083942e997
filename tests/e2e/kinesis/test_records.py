"""PutRecord, PutRecords, GetShardIterator and GetRecords.

https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html
https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html
https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html
https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.kinesis.conftest import error_of, read_shard, shard_ids

MAX = 2**128 - 1


def _md5(key: str) -> int:
    return int(hashlib.md5(key.encode()).hexdigest(), 16)


def _owner(shards: list[dict[str, Any]], hash_key: int) -> str:
    for shard in shards:
        low = int(shard["HashKeyRange"]["StartingHashKey"])
        high = int(shard["HashKeyRange"]["EndingHashKey"])
        if low <= hash_key <= high:
            return str(shard["ShardId"])
    raise AssertionError(hash_key)


def test_partition_key_md5_picks_the_shard(kinesis: Any, new_stream: Callable[..., str]) -> None:
    """The partition key's MD5, as a 128-bit big-endian integer, falls in the shard's
    hash key range: md5("a") = 0x0cc175b9... is in the first quarter, md5("b") =
    0x92eb5ffe... in the third."""
    name = new_stream(4)
    shards = kinesis.list_shards(StreamName=name)["Shards"]
    assert _md5("a") == 0x0CC175B9C0F1B6A831C399E269772661
    assert kinesis.put_record(StreamName=name, Data=b"1", PartitionKey="a")["ShardId"] == (
        "shardId-000000000000")
    assert kinesis.put_record(StreamName=name, Data=b"1", PartitionKey="b")["ShardId"] == (
        "shardId-000000000002")
    keys = [f"key-{i}" for i in range(40)] + ["ü-unicode", "x" * 256]
    out = kinesis.put_records(StreamName=name, Records=[
        {"Data": k.encode(), "PartitionKey": k} for k in keys])
    assert [r["ShardId"] for r in out["Records"]] == [_owner(shards, _md5(k)) for k in keys]
    assert len({r["ShardId"] for r in out["Records"]}) == 4


def test_explicit_hash_key_overrides_partition_key(kinesis: Any,
                                                   new_stream: Callable[..., str]) -> None:
    name = new_stream(2)
    put = kinesis.put_record(StreamName=name, Data=b"x", PartitionKey="a",
                             ExplicitHashKey=str(MAX))
    assert put["ShardId"] == "shardId-000000000001"
    put = kinesis.put_record(StreamName=name, Data=b"x", PartitionKey="b",
                             ExplicitHashKey="0")
    assert put["ShardId"] == "shardId-000000000000"
    with pytest.raises(ClientError) as err:
        kinesis.put_record(StreamName=name, Data=b"x", PartitionKey="a",
                           ExplicitHashKey=str(MAX + 1))
    assert error_of(err) == ("InvalidArgumentException", 400)


def test_records_read_back_in_order_with_their_fields(kinesis: Any,
                                                      new_stream: Callable[..., str]) -> None:
    """GetRecords returns a shard's records oldest first with SequenceNumber, Data,
    PartitionKey and ApproximateArrivalTimestamp; sequence numbers are 56-digit strings
    that increase."""
    name = new_stream()
    before = datetime.now(UTC) - timedelta(seconds=5)
    puts: list[dict[str, Any]] = []
    for i in range(5):
        ordering = {"SequenceNumberForOrdering": puts[-1]["SequenceNumber"]} if puts else {}
        puts.append(kinesis.put_record(StreamName=name, Data=f"r{i}".encode(),
                                       PartitionKey=f"p{i}", **ordering))
    puts += kinesis.put_records(StreamName=name, Records=[
        {"Data": f"r{i}".encode(), "PartitionKey": f"p{i}"} for i in range(5, 8)])["Records"]
    records = read_shard(kinesis, name, "shardId-000000000000")
    assert [r["Data"] for r in records] == [f"r{i}".encode() for i in range(8)]
    assert [r["PartitionKey"] for r in records] == [f"p{i}" for i in range(8)]
    seqs = [r["SequenceNumber"] for r in records]
    assert seqs == [p["SequenceNumber"] for p in puts]
    assert all(len(s) == 56 and s.isdigit() for s in seqs)
    assert [int(s) for s in seqs] == sorted(int(s) for s in seqs) and len(set(seqs)) == 8
    assert all(before <= r["ApproximateArrivalTimestamp"] <= datetime.now(UTC) + timedelta(5)
               for r in records)


def test_sequence_numbers_compare_across_shards(kinesis: Any,
                                                new_stream: Callable[..., str]) -> None:
    """Records written later have larger sequence numbers, whatever their shard."""
    name = new_stream(4)
    seqs = [int(kinesis.put_record(StreamName=name, Data=b"x", PartitionKey=f"k{i}")
                ["SequenceNumber"]) for i in range(12)]
    assert seqs == sorted(seqs)


def test_iterator_types(kinesis: Any, new_stream: Callable[..., str]) -> None:
    """TRIM_HORIZON reads from the oldest record, LATEST only what comes after,
    AT_SEQUENCE_NUMBER from a record, AFTER_SEQUENCE_NUMBER after it."""
    name = new_stream()
    shard = "shardId-000000000000"
    seqs = [kinesis.put_record(StreamName=name, Data=f"{i}".encode(),
                               PartitionKey="k")["SequenceNumber"] for i in range(4)]
    assert [r["Data"] for r in read_shard(kinesis, name, shard)] == [b"0", b"1", b"2", b"3"]
    at = read_shard(kinesis, name, shard, "AT_SEQUENCE_NUMBER", StartingSequenceNumber=seqs[1])
    assert [r["Data"] for r in at] == [b"1", b"2", b"3"]
    after = read_shard(kinesis, name, shard, "AFTER_SEQUENCE_NUMBER",
                       StartingSequenceNumber=seqs[1])
    assert [r["Data"] for r in after] == [b"2", b"3"]
    latest = kinesis.get_shard_iterator(StreamName=name, ShardId=shard,
                                        ShardIteratorType="LATEST")["ShardIterator"]
    assert kinesis.get_records(ShardIterator=latest)["Records"] == []
    kinesis.put_record(StreamName=name, Data=b"4", PartitionKey="k")
    assert [r["Data"] for r in kinesis.get_records(ShardIterator=latest)["Records"]] == [b"4"]


def test_next_shard_iterator_continues(kinesis: Any, new_stream: Callable[..., str]) -> None:
    """Limit caps a response; NextShardIterator goes on after its last record, and stays
    put when nothing new arrived. MillisBehindLatest is 0 once caught up."""
    name = new_stream()
    kinesis.put_records(StreamName=name, Records=[
        {"Data": f"{i}".encode(), "PartitionKey": "k"} for i in range(5)])
    iterator = kinesis.get_shard_iterator(StreamName=name, ShardId="shardId-000000000000",
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    first = kinesis.get_records(ShardIterator=iterator, Limit=2)
    assert [r["Data"] for r in first["Records"]] == [b"0", b"1"]
    assert first["MillisBehindLatest"] >= 0
    second = kinesis.get_records(ShardIterator=first["NextShardIterator"], Limit=10)
    assert [r["Data"] for r in second["Records"]] == [b"2", b"3", b"4"]
    assert second["MillisBehindLatest"] == 0
    empty = kinesis.get_records(ShardIterator=second["NextShardIterator"])
    assert empty["Records"] == [] and empty["NextShardIterator"]
    kinesis.put_record(StreamName=name, Data=b"5", PartitionKey="k")
    later = kinesis.get_records(ShardIterator=empty["NextShardIterator"])
    assert [r["Data"] for r in later["Records"]] == [b"5"]


def test_sequence_number_of_another_shard_is_invalid(kinesis: Any,
                                                     new_stream: Callable[..., str]) -> None:
    name = new_stream(2)
    put = kinesis.put_record(StreamName=name, Data=b"x", PartitionKey="a",
                             ExplicitHashKey="0")
    for seq in (put["SequenceNumber"], "12345"):
        with pytest.raises(ClientError) as err:
            kinesis.get_shard_iterator(StreamName=name, ShardId="shardId-000000000001",
                                       ShardIteratorType="AT_SEQUENCE_NUMBER",
                                       StartingSequenceNumber=seq)
        assert error_of(err) == ("InvalidArgumentException", 400)
    with pytest.raises(ClientError) as err:
        kinesis.get_shard_iterator(StreamName=name, ShardId="shardId-000000000001",
                                   ShardIteratorType="AFTER_SEQUENCE_NUMBER")
    assert error_of(err) == ("InvalidArgumentException", 400)


def test_unknown_shard_is_resource_not_found(kinesis: Any,
                                             new_stream: Callable[..., str]) -> None:
    name = new_stream()
    with pytest.raises(ClientError) as err:
        kinesis.get_shard_iterator(StreamName=name, ShardId="shardId-000000000009",
                                   ShardIteratorType="LATEST")
    assert error_of(err) == ("ResourceNotFoundException", 400)
    assert err.value.response["Error"]["Message"] == (
        f"Shard shardId-000000000009 in stream {name} under account 000000000000 "
        "does not exist")


def test_invalid_iterator_is_invalid_argument(kinesis: Any) -> None:
    with pytest.raises(ClientError) as err:
        kinesis.get_records(ShardIterator="bm90LWFuLWl0ZXJhdG9yLWF0LWFsbA==")
    assert error_of(err) == ("InvalidArgumentException", 400)


def test_get_records_limit_is_10000(kinesis: Any, new_stream: Callable[..., str]) -> None:
    name = new_stream()
    iterator = kinesis.get_shard_iterator(StreamName=name, ShardId="shardId-000000000000",
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    with pytest.raises(ClientError) as err:
        kinesis.get_records(ShardIterator=iterator, Limit=10001)
    assert error_of(err) == ("ValidationException", 400)


def test_record_over_1_mib_is_rejected(kinesis: Any, new_stream: Callable[..., str]) -> None:
    """A record's data and partition key may total 1 MiB."""
    name = new_stream()
    kinesis.put_record(StreamName=name, Data=b"x" * (1024 * 1024 - 1), PartitionKey="k")
    with pytest.raises(ClientError) as err:
        kinesis.put_record(StreamName=name, Data=b"x" * (1024 * 1024), PartitionKey="k")
    assert error_of(err) == ("ValidationException", 400)
    with pytest.raises(ClientError) as err:
        kinesis.put_records(StreamName=name, Records=[
            {"Data": b"x", "PartitionKey": "k"},
            {"Data": b"x" * (1024 * 1024 + 1), "PartitionKey": "k"}])
    assert error_of(err) == ("ValidationException", 400)
    assert "records.2.member.data" in err.value.response["Error"]["Message"]


def test_put_records_takes_at_most_500(kinesis: Any, new_stream: Callable[..., str]) -> None:
    name = new_stream()
    out = kinesis.put_records(StreamName=name, Records=[
        {"Data": b"x", "PartitionKey": str(i)} for i in range(500)])
    assert len(out["Records"]) == 500 and out["FailedRecordCount"] == 0
    with pytest.raises(ClientError) as err:
        kinesis.put_records(StreamName=name, Records=[
            {"Data": b"x", "PartitionKey": str(i)} for i in range(501)])
    assert error_of(err) == ("ValidationException", 400)


def test_put_records_reports_throttled_records(kinesis: Any,
                                               new_stream: Callable[..., str]) -> None:
    """Past 1,000 records a second into one shard, PutRecords fails the extra records
    one by one (ErrorCode, ErrorMessage, no SequenceNumber) and counts them in
    FailedRecordCount; the others are written."""
    name = new_stream()
    written = 0
    failed: list[dict[str, Any]] = []
    for _ in range(8):
        out = kinesis.put_records(StreamName=name, Records=[
            {"Data": b"x", "PartitionKey": "k"} for _ in range(500)])
        bad = [r for r in out["Records"] if "ErrorCode" in r]
        assert out["FailedRecordCount"] == len(bad)
        written += 500 - len(bad)
        failed += bad
        if bad:
            break
    assert failed, "no record was throttled"
    assert failed[0]["ErrorCode"] == "ProvisionedThroughputExceededException"
    assert "SequenceNumber" not in failed[0] and "Rate exceeded" in failed[0]["ErrorMessage"]
    iterator = kinesis.get_shard_iterator(StreamName=name, ShardId="shardId-000000000000",
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    assert len(kinesis.get_records(ShardIterator=iterator)["Records"]) == written


def test_records_are_only_in_their_stream(kinesis: Any, new_stream: Callable[..., str]) -> None:
    one, two = new_stream(), new_stream()
    kinesis.put_record(StreamName=one, Data=b"one", PartitionKey="k")
    assert read_shard(kinesis, two, shard_ids(kinesis, two)[0]) == []
    assert [r["Data"] for r in read_shard(kinesis, one, "shardId-000000000000")] == [b"one"]
