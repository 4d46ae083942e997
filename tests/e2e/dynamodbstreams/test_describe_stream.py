"""DescribeStream: https://docs.aws.amazon.com/amazondynamodbstreams/latest/APIReference/API_DescribeStream.html"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError


def test_describe_enabled_stream(ddb: Any, streams: Any,
                                 stream_table: Callable[..., tuple[str, str]]) -> None:
    name, arn = stream_table("KEYS_ONLY")
    desc = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert desc["StreamStatus"] == "ENABLED"
    assert desc["StreamViewType"] == "KEYS_ONLY"
    assert desc["TableName"] == name
    assert desc["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"},
                                 {"AttributeName": "sk", "KeyType": "RANGE"}]
    shard = desc["Shards"][0]
    assert shard["ShardId"].startswith("shardId-")
    assert "EndingSequenceNumber" not in shard["SequenceNumberRange"]
    assert desc["CreationRequestDateTime"]


def test_disabled_stream_has_a_closed_shard(ddb: Any, streams: Any,
                                            stream_table: Callable[..., tuple[str, str]]) -> None:
    name, arn = stream_table()
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "sk": {"N": "1"}})
    ddb.update_table(TableName=name, StreamSpecification={"StreamEnabled": False})
    desc = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert desc["StreamStatus"] == "DISABLED"
    assert "EndingSequenceNumber" in desc["Shards"][0]["SequenceNumberRange"]


def test_unknown_stream(streams: Any) -> None:
    with pytest.raises(ClientError) as err:
        streams.describe_stream(
            StreamArn="arn:aws:dynamodb:us-east-1:000000000000:table/x/stream/2020-01-01T00:00:00.000")
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
