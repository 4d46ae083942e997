"""Enhanced fan-out consumers, as data.

https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RegisterStreamConsumer.html
https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStreamConsumer.html
https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreamConsumers.html
https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeregisterStreamConsumer.html
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.kinesis.conftest import error_of


def _arn(client: Any, name: str) -> str:
    return str(client.describe_stream_summary(StreamName=name)
               ["StreamDescriptionSummary"]["StreamARN"])


def _wait_active(client: Any, arn: str) -> dict[str, Any]:
    deadline = time.monotonic() + 5
    while True:
        found: dict[str, Any] = client.describe_stream_consumer(
            ConsumerARN=arn)["ConsumerDescription"]
        if found["ConsumerStatus"] == "ACTIVE" or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def test_register_consumer_is_creating_then_active(kinesis: Any,
                                                   new_stream: Callable[..., str]) -> None:
    name = new_stream()
    stream_arn = _arn(kinesis, name)
    consumer = kinesis.register_stream_consumer(StreamARN=stream_arn,
                                                ConsumerName="reader")["Consumer"]
    assert consumer["ConsumerStatus"] == "CREATING"
    assert consumer["ConsumerARN"].startswith(f"{stream_arn}/consumer/reader:")
    described = _wait_active(kinesis, consumer["ConsumerARN"])
    assert described["ConsumerStatus"] == "ACTIVE"
    assert described["StreamARN"] == stream_arn
    by_name = kinesis.describe_stream_consumer(StreamARN=stream_arn, ConsumerName="reader")
    assert by_name["ConsumerDescription"]["ConsumerARN"] == consumer["ConsumerARN"]
    summary = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
    assert summary["ConsumerCount"] == 1


def test_register_same_name_twice_is_resource_in_use(kinesis: Any,
                                                     new_stream: Callable[..., str]) -> None:
    stream_arn = _arn(kinesis, new_stream())
    kinesis.register_stream_consumer(StreamARN=stream_arn, ConsumerName="c")
    with pytest.raises(ClientError) as err:
        kinesis.register_stream_consumer(StreamARN=stream_arn, ConsumerName="c")
    assert error_of(err) == ("ResourceInUseException", 400)


def test_list_and_deregister_consumers(kinesis: Any, new_stream: Callable[..., str]) -> None:
    stream_arn = _arn(kinesis, new_stream())
    arns = [kinesis.register_stream_consumer(StreamARN=stream_arn, ConsumerName=f"c{i}")
            ["Consumer"]["ConsumerARN"] for i in range(3)]
    first = kinesis.list_stream_consumers(StreamARN=stream_arn, MaxResults=2)
    assert [c["ConsumerName"] for c in first["Consumers"]] == ["c0", "c1"]
    rest = kinesis.list_stream_consumers(StreamARN=stream_arn, NextToken=first["NextToken"])
    assert [c["ConsumerName"] for c in rest["Consumers"]] == ["c2"] and "NextToken" not in rest
    kinesis.deregister_stream_consumer(ConsumerARN=arns[0])
    kinesis.deregister_stream_consumer(StreamARN=stream_arn, ConsumerName="c1")
    left = kinesis.list_stream_consumers(StreamARN=stream_arn)["Consumers"]
    assert [c["ConsumerName"] for c in left] == ["c2"]
    with pytest.raises(ClientError) as err:
        kinesis.describe_stream_consumer(ConsumerARN=arns[0])
    assert error_of(err) == ("ResourceNotFoundException", 400)


def test_subscribe_to_shard_is_not_supported(kinesis: Any,
                                             new_stream: Callable[..., str]) -> None:
    """SubscribeToShard (an HTTP/2 event stream) answers 501 "not supported"."""
    stream_arn = _arn(kinesis, new_stream())
    consumer = kinesis.register_stream_consumer(StreamARN=stream_arn,
                                                ConsumerName="c")["Consumer"]
    with pytest.raises(ClientError) as err:
        kinesis.subscribe_to_shard(ConsumerARN=consumer["ConsumerARN"],
                                   ShardId="shardId-000000000000",
                                   StartingPosition={"Type": "LATEST"})
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert "not supported" in err.value.response["Error"]["Message"]
