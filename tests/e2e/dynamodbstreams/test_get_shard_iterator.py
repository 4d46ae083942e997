"""GetShardIterator: https://docs.aws.amazon.com/amazondynamodbstreams/latest/APIReference/API_GetShardIterator.html"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.dynamodbstreams.conftest import read_all


def _put(ddb: Any, name: str, n: int) -> None:
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "sk": {"N": str(n)}})


def test_iterator_types(ddb: Any, streams: Any,
                        stream_table: Callable[..., tuple[str, str]]) -> None:
    name, arn = stream_table()
    for n in range(3):
        _put(ddb, name, n)
    records = read_all(streams, arn)
    assert [r["dynamodb"]["Keys"]["sk"]["N"] for r in records] == ["0", "1", "2"]
    second = records[1]["dynamodb"]["SequenceNumber"]
    at = read_all(streams, arn, "AT_SEQUENCE_NUMBER", SequenceNumber=second)
    assert [r["dynamodb"]["Keys"]["sk"]["N"] for r in at] == ["1", "2"]
    after = read_all(streams, arn, "AFTER_SEQUENCE_NUMBER", SequenceNumber=second)
    assert [r["dynamodb"]["Keys"]["sk"]["N"] for r in after] == ["2"]
    assert read_all(streams, arn, "LATEST") == []


def test_latest_then_new_writes(ddb: Any, streams: Any,
                                stream_table: Callable[..., tuple[str, str]]) -> None:
    name, arn = stream_table()
    _put(ddb, name, 0)
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                          ShardIteratorType="LATEST")["ShardIterator"]
    _put(ddb, name, 1)
    resp = streams.get_records(ShardIterator=iterator)
    assert [r["dynamodb"]["Keys"]["sk"]["N"] for r in resp["Records"]] == ["1"]
    again = streams.get_records(ShardIterator=resp["NextShardIterator"])
    assert again["Records"] == [] and "NextShardIterator" in again


def test_invalid_iterator(streams: Any) -> None:
    with pytest.raises(ClientError) as err:
        streams.get_records(ShardIterator="not-an-iterator" * 3)
    assert err.value.response["Error"]["Code"] == "ValidationException"


def test_unknown_shard(streams: Any, stream_table: Callable[..., tuple[str, str]]) -> None:
    _, arn = stream_table()
    with pytest.raises(ClientError) as err:
        streams.get_shard_iterator(StreamArn=arn, ShardId="shardId-00000000000000000000-0000",
                                   ShardIteratorType="TRIM_HORIZON")
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
