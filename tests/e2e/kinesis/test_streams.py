"""Streams: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html,
DeleteStream, DescribeStream, DescribeStreamSummary, ListStreams, retention, encryption,
capacity mode and enhanced monitoring."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.kinesis.conftest import FAST_WAIT, error_of, read_shard, wait_active

MAX = 2**128 - 1


def test_create_stream_is_creating_then_active(kinesis: Any, unique_name: str) -> None:
    """CreateStream returns at once with the stream CREATING; it becomes ACTIVE and the
    stream_exists waiter sees it."""
    kinesis.create_stream(StreamName=unique_name, ShardCount=2)
    try:
        first = kinesis.describe_stream(StreamName=unique_name)["StreamDescription"]
        assert first["StreamStatus"] == "CREATING"
        wait_active(kinesis, unique_name)
        described = kinesis.describe_stream(StreamName=unique_name)["StreamDescription"]
        assert described["StreamStatus"] == "ACTIVE"
        assert described["StreamARN"] == (
            f"arn:aws:kinesis:us-east-1:000000000000:stream/{unique_name}")
        assert described["RetentionPeriodHours"] == 24
        assert described["StreamModeDetails"] == {"StreamMode": "PROVISIONED"}
        assert described["EncryptionType"] == "NONE"
        assert described["HasMoreShards"] is False
    finally:
        kinesis.delete_stream(StreamName=unique_name)


def test_creating_stream_takes_no_records(kinesis: Any,
                                          new_stream: Callable[..., str]) -> None:
    """Reads and writes need an ACTIVE stream: one still CREATING is not found yet."""
    name = new_stream(wait=False)
    with pytest.raises(ClientError) as err:
        kinesis.put_record(StreamName=name, Data=b"x", PartitionKey="k")
    assert error_of(err) == ("ResourceNotFoundException", 400)
    wait_active(kinesis, name)
    kinesis.put_record(StreamName=name, Data=b"x", PartitionKey="k")


def test_shards_split_the_hash_key_space_evenly(kinesis: Any,
                                                 new_stream: Callable[..., str]) -> None:
    """Three shards: 2^128 // 3 keys each, the last ending at 2^128 - 1, as AWS's do."""
    name = new_stream(3)
    shards = kinesis.describe_stream(StreamName=name)["StreamDescription"]["Shards"]
    step = 2**128 // 3
    assert [s["ShardId"] for s in shards] == [
        "shardId-000000000000", "shardId-000000000001", "shardId-000000000002"]
    assert [(int(s["HashKeyRange"]["StartingHashKey"]), int(s["HashKeyRange"]["EndingHashKey"]))
            for s in shards] == [(0, step - 1), (step, 2 * step - 1), (2 * step, MAX)]
    assert shards[0]["HashKeyRange"]["EndingHashKey"] == "113427455640312821154458202477256070484"
    for shard in shards:
        assert "ParentShardId" not in shard
        start = shard["SequenceNumberRange"]["StartingSequenceNumber"]
        assert len(start) == 56 and "EndingSequenceNumber" not in shard["SequenceNumberRange"]


def test_on_demand_stream_has_four_shards(kinesis: Any, new_stream: Callable[..., str]) -> None:
    """ON_DEMAND needs no ShardCount; cloudlet starts it with 4 shards."""
    name = new_stream(None, StreamModeDetails={"StreamMode": "ON_DEMAND"})
    summary = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
    assert summary["StreamModeDetails"] == {"StreamMode": "ON_DEMAND"}
    assert summary["OpenShardCount"] == 4


def test_create_existing_name_is_resource_in_use(kinesis: Any,
                                                 new_stream: Callable[..., str]) -> None:
    name = new_stream()
    with pytest.raises(ClientError) as err:
        kinesis.create_stream(StreamName=name, ShardCount=1)
    assert error_of(err) == ("ResourceInUseException", 400)
    assert err.value.response["Error"]["Message"] == (
        f"Stream {name} under account 000000000000 already exists.")


@pytest.mark.parametrize("name", ["has space", "slash/name", "x" * 129])
def test_invalid_stream_name_is_validation_error(kinesis: Any, name: str) -> None:
    """Names are 1-128 characters of [a-zA-Z0-9_.-]."""
    with pytest.raises(ClientError) as err:
        kinesis.create_stream(StreamName=name, ShardCount=1)
    assert error_of(err) == ("ValidationException", 400)


def test_provisioned_without_shard_count_is_invalid(kinesis: Any, unique_name: str) -> None:
    with pytest.raises(ClientError) as err:
        kinesis.create_stream(StreamName=unique_name)
    assert error_of(err) == ("InvalidArgumentException", 400)


def test_more_shards_than_the_quota_is_limit_exceeded(kinesis: Any, unique_name: str) -> None:
    """The account's shard quota in us-east-1 is 500 (DescribeLimits)."""
    limits = kinesis.describe_limits()
    assert limits["ShardLimit"] == 500 and limits["OnDemandStreamCountLimit"] == 50
    with pytest.raises(ClientError) as err:
        kinesis.create_stream(StreamName=unique_name, ShardCount=501)
    assert error_of(err) == ("LimitExceededException", 400)
    with pytest.raises(ClientError):
        kinesis.describe_stream(StreamName=unique_name)


def test_unknown_stream_is_resource_not_found(kinesis: Any, unique_name: str) -> None:
    calls: list[tuple[str, dict[str, Any]]] = [
        ("describe_stream", {}), ("describe_stream_summary", {}),
        ("put_record", {"Data": b"x", "PartitionKey": "k"}), ("delete_stream", {})]
    for method, extra in calls:
        with pytest.raises(ClientError) as err:
            getattr(kinesis, method)(StreamName=unique_name, **extra)
        assert error_of(err) == ("ResourceNotFoundException", 400)
        assert err.value.response["Error"]["Message"] == (
            f"Stream {unique_name} under account 000000000000 not found.")


def test_stream_is_found_by_arn(kinesis: Any, new_stream: Callable[..., str]) -> None:
    name = new_stream()
    arn = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]
    assert kinesis.describe_stream(StreamARN=arn)["StreamDescription"]["StreamName"] == name
    other = arn.replace("000000000000", "111111111111")
    with pytest.raises(ClientError) as err:
        kinesis.describe_stream(StreamARN=other)
    assert error_of(err) == ("ResourceNotFoundException", 400)


def test_describe_stream_pages_shards(kinesis: Any, new_stream: Callable[..., str]) -> None:
    """Limit and ExclusiveStartShardId page the shards; HasMoreShards says more follow."""
    name = new_stream(5)
    first = kinesis.describe_stream(StreamName=name, Limit=2)["StreamDescription"]
    assert [s["ShardId"][-1] for s in first["Shards"]] == ["0", "1"]
    assert first["HasMoreShards"] is True
    rest = kinesis.describe_stream(StreamName=name, Limit=10,
                                   ExclusiveStartShardId="shardId-000000000001")
    assert [s["ShardId"][-1] for s in rest["StreamDescription"]["Shards"]] == ["2", "3", "4"]
    assert rest["StreamDescription"]["HasMoreShards"] is False
    paged = [s["ShardId"] for page in kinesis.get_paginator("describe_stream").paginate(
        StreamName=name, PaginationConfig={"PageSize": 2})
        for s in page["StreamDescription"]["Shards"]]
    assert len(paged) == 5


def test_describe_stream_summary(kinesis: Any, new_stream: Callable[..., str]) -> None:
    name = new_stream(3, Tags={"team": "a"})
    summary = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
    assert summary["OpenShardCount"] == 3 and summary["ConsumerCount"] == 0
    assert summary["StreamStatus"] == "ACTIVE" and summary["RetentionPeriodHours"] == 24
    assert summary["EnhancedMonitoring"] == [{"ShardLevelMetrics": []}]
    assert "Shards" not in summary


def test_list_streams_pages_with_summaries(kinesis: Any,
                                           new_stream: Callable[..., str]) -> None:
    """ListStreams answers names in order with StreamSummaries; Limit, HasMoreStreams,
    NextToken and ExclusiveStartStreamName page."""
    names = [new_stream() for _ in range(3)]
    everything = kinesis.list_streams()
    assert set(names) <= set(everything["StreamNames"])
    assert everything["StreamNames"] == sorted(everything["StreamNames"])
    summary = next(s for s in everything["StreamSummaries"] if s["StreamName"] == names[0])
    assert summary["StreamStatus"] == "ACTIVE"
    assert summary["StreamARN"].endswith(f":stream/{names[0]}")
    first = kinesis.list_streams(Limit=1, ExclusiveStartStreamName=names[0])
    assert first["StreamNames"] == [names[1]] and first["HasMoreStreams"] is True
    second = kinesis.list_streams(Limit=1, NextToken=first["NextToken"])
    assert second["StreamNames"] == [names[2]]
    paged = [n for page in kinesis.get_paginator("list_streams").paginate(
        PaginationConfig={"PageSize": 1}) for n in page["StreamNames"]]
    # Other tests' streams may come and go meanwhile: compare this test's own.
    assert paged == sorted(paged) and [n for n in paged if n in names] == names


def test_delete_stream_removes_it(kinesis: Any, new_stream: Callable[..., str]) -> None:
    name = new_stream()
    kinesis.put_record(StreamName=name, Data=b"x", PartitionKey="k")
    kinesis.delete_stream(StreamName=name)
    kinesis.get_waiter("stream_not_exists").wait(StreamName=name, WaiterConfig=FAST_WAIT)
    assert name not in kinesis.list_streams()["StreamNames"]


def test_delete_stream_with_consumers_needs_enforce(kinesis: Any,
                                                    new_stream: Callable[..., str]) -> None:
    """A stream with registered consumers is only deleted with EnforceConsumerDeletion."""
    name = new_stream()
    arn = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]
    kinesis.register_stream_consumer(StreamARN=arn, ConsumerName="c1")
    with pytest.raises(ClientError) as err:
        kinesis.delete_stream(StreamName=name)
    assert error_of(err) == ("ResourceInUseException", 400)
    kinesis.delete_stream(StreamName=name, EnforceConsumerDeletion=True)
    with pytest.raises(ClientError) as err:
        kinesis.describe_stream_consumer(StreamARN=arn, ConsumerName="c1")
    assert error_of(err) == ("ResourceNotFoundException", 400)


def test_retention_period_changes(kinesis: Any, new_stream: Callable[..., str]) -> None:
    """Retention is 24 to 8760 hours; Increase cannot shorten, Decrease cannot lengthen."""
    name = new_stream()
    kinesis.increase_stream_retention_period(StreamName=name, RetentionPeriodHours=168)
    described = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
    assert described["RetentionPeriodHours"] == 168
    cases = [
        (kinesis.increase_stream_retention_period, 48),
        (kinesis.increase_stream_retention_period, 8761),
        (kinesis.decrease_stream_retention_period, 23),
        (kinesis.decrease_stream_retention_period, 200),
    ]
    for call, hours in cases:
        with pytest.raises(ClientError) as err:
            call(StreamName=name, RetentionPeriodHours=hours)
        assert error_of(err) == ("InvalidArgumentException", 400)
    kinesis.decrease_stream_retention_period(StreamName=name, RetentionPeriodHours=24)
    described = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
    assert described["RetentionPeriodHours"] == 24


def test_encryption_is_stored(kinesis: Any, new_stream: Callable[..., str]) -> None:
    """StartStreamEncryption records KMS and the key; writes and reads then say KMS."""
    name = new_stream()
    assert "EncryptionType" not in kinesis.put_record(StreamName=name, Data=b"x",
                                                      PartitionKey="k")
    kinesis.start_stream_encryption(StreamName=name, EncryptionType="KMS",
                                    KeyId="alias/aws/kinesis")
    wait_active(kinesis, name)
    summary = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
    assert summary["EncryptionType"] == "KMS" and summary["KeyId"] == "alias/aws/kinesis"
    put = kinesis.put_record(StreamName=name, Data=b"x", PartitionKey="k")
    assert put["EncryptionType"] == "KMS"
    read = read_shard(kinesis, name, "shardId-000000000000")
    assert "EncryptionType" not in read[0] and read[1]["EncryptionType"] == "KMS"
    kinesis.stop_stream_encryption(StreamName=name, EncryptionType="KMS",
                                   KeyId="alias/aws/kinesis")
    summary = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
    assert summary["EncryptionType"] == "NONE" and "KeyId" not in summary


def test_update_stream_mode(kinesis: Any, new_stream: Callable[..., str]) -> None:
    name = new_stream(2)
    arn = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]
    kinesis.update_stream_mode(StreamARN=arn, StreamModeDetails={"StreamMode": "ON_DEMAND"})
    summary = kinesis.describe_stream_summary(StreamARN=arn)["StreamDescriptionSummary"]
    assert summary["StreamModeDetails"] == {"StreamMode": "ON_DEMAND"}
    assert summary["OpenShardCount"] == 2


def test_enhanced_monitoring_is_stored(kinesis: Any, new_stream: Callable[..., str]) -> None:
    name = new_stream()
    out = kinesis.enable_enhanced_monitoring(StreamName=name,
                                             ShardLevelMetrics=["IncomingBytes"])
    assert out["CurrentShardLevelMetrics"] == []
    assert out["DesiredShardLevelMetrics"] == ["IncomingBytes"]
    out = kinesis.enable_enhanced_monitoring(StreamName=name, ShardLevelMetrics=["ALL"])
    assert len(out["DesiredShardLevelMetrics"]) == 7
    out = kinesis.disable_enhanced_monitoring(StreamName=name,
                                              ShardLevelMetrics=["IncomingBytes"])
    assert "IncomingBytes" not in out["DesiredShardLevelMetrics"]
    described = kinesis.describe_stream(StreamName=name)["StreamDescription"]
    assert described["EnhancedMonitoring"] == [
        {"ShardLevelMetrics": out["DesiredShardLevelMetrics"]}]


def test_boto3_speaks_json_1_1(kinesis: Any, new_stream: Callable[..., str]) -> None:
    """botocore sends Kinesis requests as AWS JSON 1.1 (not CBOR) and reads JSON back."""
    name = new_stream()
    seen: list[dict[str, str]] = []

    def capture(request: Any, **_: Any) -> None:
        seen.append(dict(request.headers))

    kinesis.meta.events.register("before-send.kinesis.PutRecord", capture)
    try:
        out = kinesis.put_record(StreamName=name, Data=b"x", PartitionKey="k")
    finally:
        kinesis.meta.events.unregister("before-send.kinesis.PutRecord", capture)
    headers = {k.lower(): (v.decode() if isinstance(v, bytes) else v)
               for k, v in seen[0].items()}
    assert headers["content-type"] == "application/x-amz-json-1.1"
    assert headers["x-amz-target"] == "Kinesis_20131202.PutRecord"
    assert out["ResponseMetadata"]["HTTPHeaders"]["content-type"] == "application/x-amz-json-1.1"
