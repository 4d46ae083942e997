"""Resharding and ListShards.

https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SplitShard.html
https://docs.aws.amazon.com/kinesis/latest/APIReference/API_MergeShards.html
https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html
https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListShards.html
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.kinesis.conftest import error_of, read_shard, wait_active

MAX = 2**128 - 1
HALF = 2**127


def _shards(client: Any, name: str) -> dict[str, dict[str, Any]]:
    return {s["ShardId"]: s for s in client.list_shards(StreamName=name)["Shards"]}


def _range(shard: dict[str, Any]) -> tuple[int, int]:
    keys = shard["HashKeyRange"]
    return int(keys["StartingHashKey"]), int(keys["EndingHashKey"])


def test_split_shard_closes_parent_and_opens_children(kinesis: Any,
                                                      new_stream: Callable[..., str]) -> None:
    """The split shard gets an EndingSequenceNumber; two children cover its range, both
    with it as ParentShardId; new records go to the children. The stream is UPDATING
    for a moment."""
    name = new_stream()
    kinesis.put_record(StreamName=name, Data=b"before", PartitionKey="k")
    kinesis.split_shard(StreamName=name, ShardToSplit="shardId-000000000000",
                        NewStartingHashKey=str(HALF))
    status = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
    assert status["StreamStatus"] == "UPDATING"
    during = kinesis.put_record(StreamName=name, Data=b"during", PartitionKey="k",
                                ExplicitHashKey="0")
    assert during["ShardId"] == "shardId-000000000001"
    wait_active(kinesis, name)
    shards = _shards(kinesis, name)
    parent = shards["shardId-000000000000"]
    assert "EndingSequenceNumber" in parent["SequenceNumberRange"]
    left, right = shards["shardId-000000000001"], shards["shardId-000000000002"]
    assert _range(left) == (0, HALF - 1) and _range(right) == (HALF, MAX)
    assert left["ParentShardId"] == right["ParentShardId"] == "shardId-000000000000"
    assert "AdjacentParentShardId" not in left
    put = kinesis.put_record(StreamName=name, Data=b"after", PartitionKey="k",
                             ExplicitHashKey=str(HALF + 5))
    assert put["ShardId"] == "shardId-000000000002"
    summary = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
    assert summary["OpenShardCount"] == 2


def test_closed_shard_ends_with_child_shards(kinesis: Any,
                                             new_stream: Callable[..., str]) -> None:
    """Reading a closed shard to its end answers its records, then no NextShardIterator
    and the ChildShards that replaced it."""
    name = new_stream()
    kinesis.put_record(StreamName=name, Data=b"old", PartitionKey="k")
    iterator = kinesis.get_shard_iterator(StreamName=name, ShardId="shardId-000000000000",
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    kinesis.split_shard(StreamName=name, ShardToSplit="shardId-000000000000",
                        NewStartingHashKey=str(HALF))
    out = kinesis.get_records(ShardIterator=iterator)
    assert [r["Data"] for r in out["Records"]] == [b"old"]
    assert "NextShardIterator" not in out
    children = {c["ShardId"]: c for c in out["ChildShards"]}
    assert set(children) == {"shardId-000000000001", "shardId-000000000002"}
    assert children["shardId-000000000001"]["ParentShards"] == ["shardId-000000000000"]
    assert children["shardId-000000000002"]["HashKeyRange"] == {
        "StartingHashKey": str(HALF), "EndingHashKey": str(MAX)}
    latest = read_shard(kinesis, name, "shardId-000000000000", "LATEST")
    assert latest == []


def test_split_key_outside_the_shard_is_invalid(kinesis: Any,
                                                new_stream: Callable[..., str]) -> None:
    name = new_stream(2)
    with pytest.raises(ClientError) as err:
        kinesis.split_shard(StreamName=name, ShardToSplit="shardId-000000000000",
                            NewStartingHashKey=str(MAX))
    assert error_of(err) == ("InvalidArgumentException", 400)


def test_resharding_while_updating_is_resource_in_use(kinesis: Any,
                                                      new_stream: Callable[..., str]) -> None:
    name = new_stream()
    kinesis.split_shard(StreamName=name, ShardToSplit="shardId-000000000000",
                        NewStartingHashKey=str(HALF))
    with pytest.raises(ClientError) as err:
        kinesis.split_shard(StreamName=name, ShardToSplit="shardId-000000000001",
                            NewStartingHashKey="100")
    assert error_of(err) == ("ResourceInUseException", 400)
    wait_active(kinesis, name)
    with pytest.raises(ClientError) as err:
        kinesis.split_shard(StreamName=name, ShardToSplit="shardId-000000000000",
                            NewStartingHashKey="100")
    assert error_of(err) == ("ResourceInUseException", 400)
    assert "already been merged or split" in err.value.response["Error"]["Message"]


def test_merge_adjacent_shards(kinesis: Any, new_stream: Callable[..., str]) -> None:
    """The merged shard spans both ranges, with ParentShardId and AdjacentParentShardId."""
    name = new_stream(3)
    kinesis.merge_shards(StreamName=name, ShardToMerge="shardId-000000000001",
                         AdjacentShardToMerge="shardId-000000000000")
    wait_active(kinesis, name)
    shards = _shards(kinesis, name)
    child = shards["shardId-000000000003"]
    assert child["ParentShardId"] == "shardId-000000000001"
    assert child["AdjacentParentShardId"] == "shardId-000000000000"
    assert _range(child) == (0, _range(shards["shardId-000000000001"])[1])
    for parent in ("shardId-000000000000", "shardId-000000000001"):
        assert "EndingSequenceNumber" in shards[parent]["SequenceNumberRange"]


def test_merge_non_adjacent_shards_is_invalid(kinesis: Any,
                                              new_stream: Callable[..., str]) -> None:
    name = new_stream(3)
    with pytest.raises(ClientError) as err:
        kinesis.merge_shards(StreamName=name, ShardToMerge="shardId-000000000000",
                             AdjacentShardToMerge="shardId-000000000002")
    assert error_of(err) == ("InvalidArgumentException", 400)


def test_update_shard_count_uniform_scaling(kinesis: Any,
                                            new_stream: Callable[..., str]) -> None:
    """UNIFORM_SCALING from 2 to 4: the parents close, 4 even children open."""
    name = new_stream(2)
    out = kinesis.update_shard_count(StreamName=name, TargetShardCount=4,
                                     ScalingType="UNIFORM_SCALING")
    assert out["CurrentShardCount"] == 2 and out["TargetShardCount"] == 4
    wait_active(kinesis, name)
    open_shards = kinesis.list_shards(StreamName=name,
                                      ShardFilter={"Type": "AT_LATEST"})["Shards"]
    assert len(open_shards) == 4
    step = 2**128 // 4
    assert [_range(s) for s in open_shards] == [
        (0, step - 1), (step, 2 * step - 1), (2 * step, 3 * step - 1), (3 * step, MAX)]
    assert open_shards[0]["ParentShardId"] == "shardId-000000000000"
    assert open_shards[3]["ParentShardId"] == "shardId-000000000001"
    kinesis.update_shard_count(StreamName=name, TargetShardCount=2,
                               ScalingType="UNIFORM_SCALING")
    wait_active(kinesis, name)
    merged = kinesis.list_shards(StreamName=name, ShardFilter={"Type": "AT_LATEST"})["Shards"]
    assert len(merged) == 2
    assert {merged[0]["ParentShardId"], merged[0]["AdjacentParentShardId"]} == {
        open_shards[0]["ShardId"], open_shards[1]["ShardId"]}


def test_update_shard_count_beyond_double_is_limit_exceeded(
        kinesis: Any, new_stream: Callable[..., str]) -> None:
    name = new_stream(4)
    for target in (9, 1):
        with pytest.raises(ClientError) as err:
            kinesis.update_shard_count(StreamName=name, TargetShardCount=target,
                                       ScalingType="UNIFORM_SCALING")
        assert error_of(err) == ("LimitExceededException", 400)


def test_list_shards_filters(kinesis: Any, new_stream: Callable[..., str]) -> None:
    """AT_LATEST: open shards; AT_TRIM_HORIZON: the shards the oldest data is in;
    FROM_TRIM_HORIZON: all; AFTER_SHARD_ID: those after an id."""
    name = new_stream()
    before = datetime.now(UTC) - timedelta(milliseconds=1)
    time.sleep(0.01)
    kinesis.split_shard(StreamName=name, ShardToSplit="shardId-000000000000",
                        NewStartingHashKey=str(HALF))
    wait_active(kinesis, name)

    def ids(**kwargs: Any) -> list[str]:
        return [s["ShardId"][-1] for s in kinesis.list_shards(StreamName=name,
                                                               **kwargs)["Shards"]]

    assert ids() == ["0", "1", "2"]
    assert ids(ShardFilter={"Type": "AT_LATEST"}) == ["1", "2"]
    assert ids(ShardFilter={"Type": "AT_TRIM_HORIZON"}) == ["0"]
    assert ids(ShardFilter={"Type": "FROM_TRIM_HORIZON"}) == ["0", "1", "2"]
    assert ids(ShardFilter={"Type": "AFTER_SHARD_ID", "ShardId": "shardId-000000000000"}) == [
        "1", "2"]
    assert ids(ExclusiveStartShardId="shardId-000000000001") == ["2"]
    assert ids(ShardFilter={"Type": "AT_TIMESTAMP", "Timestamp": before}) == ["0"]
    assert ids(ShardFilter={"Type": "FROM_TIMESTAMP", "Timestamp": before}) == ["0", "1", "2"]
    assert ids(ShardFilter={"Type": "AT_TIMESTAMP", "Timestamp": datetime.now(UTC)}) == [
        "1", "2"]
    first = kinesis.list_shards(StreamName=name, MaxResults=1,
                                ShardFilter={"Type": "AT_LATEST"})
    assert [s["ShardId"] for s in first["Shards"]] == ["shardId-000000000001"]
    rest = kinesis.list_shards(NextToken=first["NextToken"])
    assert [s["ShardId"] for s in rest["Shards"]] == ["shardId-000000000002"]


def test_list_shards_pages_with_next_token(kinesis: Any,
                                           new_stream: Callable[..., str]) -> None:
    """MaxResults pages; NextToken continues and cannot come with StreamName."""
    name = new_stream(5)
    first = kinesis.list_shards(StreamName=name, MaxResults=2)
    assert len(first["Shards"]) == 2
    second = kinesis.list_shards(NextToken=first["NextToken"], MaxResults=2)
    third = kinesis.list_shards(NextToken=second["NextToken"], MaxResults=2)
    assert [s["ShardId"][-1] for s in second["Shards"] + third["Shards"]] == ["2", "3", "4"]
    assert "NextToken" not in third
    with pytest.raises(ClientError) as err:
        kinesis.list_shards(StreamName=name, NextToken=first["NextToken"])
    assert error_of(err) == ("InvalidArgumentException", 400)
    # boto3's list_shards paginator resends StreamName with NextToken, which AWS rejects
    # the same way (https://github.com/boto/botocore/issues/2009).
    with pytest.raises(ClientError) as err:
        list(kinesis.get_paginator("list_shards").paginate(
            StreamName=name, PaginationConfig={"PageSize": 2}))
    assert error_of(err) == ("InvalidArgumentException", 400)
