"""Kinesis data stream -> function.

https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html
"""

from __future__ import annotations

import base64
import json
import math
from datetime import UTC, datetime
from typing import Any

import pytest
from aws_lambda_powertools.utilities.parser.models import KinesisDataStreamModel

from tests.conftest import make_client
from tests.e2e.event_sources.conftest import batches
from tests.e2e.lambda_.conftest import wait_for
from tests.server import RunningServer


@pytest.fixture
def kinesis(server: RunningServer) -> Any:
    return make_client(server, "kinesis")


@pytest.fixture
def stream(kinesis: Any, unique_name: str) -> Any:
    kinesis.create_stream(StreamName=unique_name, ShardCount=1)
    kinesis.get_waiter("stream_exists").wait(StreamName=unique_name,
                                             WaiterConfig={"Delay": 0.1, "MaxAttempts": 100})
    arn = kinesis.describe_stream_summary(StreamName=unique_name)[
        "StreamDescriptionSummary"]["StreamARN"]
    yield unique_name, arn
    kinesis.delete_stream(StreamName=unique_name)


def datas(out: Any) -> list[Any]:
    return [json.loads(base64.b64decode(r["kinesis"]["data"])) for b in batches(out) for r in b]


def test_records_reach_the_function_in_order(kinesis: Any, stream: Any, batch_function: Any,
                                             esm: Any) -> None:
    """Per-shard order, Lambda's Kinesis event shape (KinesisDataStreamModel)."""
    name, arn = stream
    fn, out = batch_function()
    esm(EventSourceArn=arn, FunctionName=fn, StartingPosition="LATEST", BatchSize=4)
    for i in range(10):
        kinesis.put_record(StreamName=name, Data=json.dumps({"n": i}).encode(), PartitionKey="p")
    wait_for(lambda: len(datas(out)) == 10)
    assert [d["n"] for d in datas(out)] == list(range(10))
    event = json.loads(out.read_text().splitlines()[0])
    parsed = KinesisDataStreamModel.model_validate(event)
    record = parsed.Records[0]
    assert record.eventSource == "aws:kinesis" and record.eventSourceARN == arn
    raw = event["Records"][0]
    assert raw["eventID"] == f"shardId-000000000000:{raw['kinesis']['sequenceNumber']}"
    assert raw["invokeIdentityArn"].startswith("arn:aws:iam::")


def test_filter_sees_decoded_data(kinesis: Any, stream: Any, batch_function: Any,
                                  esm: Any) -> None:
    """Kinesis filters match the base64-decoded JSON ``data``.
    https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis-filtering.html
    """
    name, arn = stream
    fn, out = batch_function()
    esm(EventSourceArn=arn, FunctionName=fn, StartingPosition="TRIM_HORIZON",
        FilterCriteria={"Filters": [{"Pattern": json.dumps({"data": {"n": [{"numeric": [">", 2]}]}})}]})
    for i in range(5):
        kinesis.put_record(StreamName=name, Data=json.dumps({"n": i}).encode(), PartitionKey="p")
    wait_for(lambda: [d["n"] for d in datas(out)] == [3, 4])


def test_failed_batch_goes_to_on_failure_with_kinesis_batch_info(
        kinesis: Any, sqs: Any, stream: Any, batch_function: Any, esm: Any,
        unique_name: str) -> None:
    """MaximumRetryAttempts 0: one invocation, then KinesisBatchInfo to the destination.
    https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html
    """
    name, arn = stream
    url = sqs.create_queue(QueueName=f"{unique_name}-failures")["QueueUrl"]
    target = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    fn, out = batch_function("fail")
    esm(EventSourceArn=arn, FunctionName=fn, StartingPosition="LATEST", MaximumRetryAttempts=0,
        DestinationConfig={"OnFailure": {"Destination": target}})
    put = kinesis.put_record(StreamName=name, Data=b'{"n": 1}', PartitionKey="p")
    messages: list[dict[str, Any]] = []

    def received() -> bool:
        messages.extend(sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1).get("Messages", []))
        return bool(messages)

    wait_for(received)
    info = json.loads(messages[0]["Body"])["KinesisBatchInfo"]
    assert info["shardId"] == put["ShardId"] and info["streamArn"] == arn
    assert info["startSequenceNumber"] == put["SequenceNumber"] and info["batchSize"] == 1
    assert len(batches(out)) == 1
    sqs.delete_queue(QueueUrl=url)


def test_at_timestamp_starts_at_the_timestamp_and_echoes_it(
        kinesis: Any, stream: Any, batch_function: Any, esm: Any, lambda_client: Any) -> None:
    """StartingPosition AT_TIMESTAMP with StartingPositionTimestamp (a timestamp the SDK
    sends as epoch seconds): the mapping reads from the first record at or after it, and
    Create/Get answer the timestamp back.
    https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html#lambda-CreateEventSourceMapping-request-StartingPositionTimestamp
    """
    name, arn = stream
    kinesis.put_record(StreamName=name, Data=b'{"n": 0}', PartitionKey="p")
    shard = kinesis.list_shards(StreamName=name)["Shards"][0]["ShardId"]
    iterator = kinesis.get_shard_iterator(StreamName=name, ShardId=shard,
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    arrival = kinesis.get_records(ShardIterator=iterator)["Records"][0][
        "ApproximateArrivalTimestamp"]
    start = datetime.fromtimestamp(math.floor(arrival.timestamp()) + 1, UTC)
    wait_for(lambda: datetime.now(UTC) > start, timeout=3)
    kinesis.put_record(StreamName=name, Data=b'{"n": 1}', PartitionKey="p")
    fn, out = batch_function()
    created = esm(EventSourceArn=arn, FunctionName=fn, StartingPosition="AT_TIMESTAMP",
                  StartingPositionTimestamp=start)
    assert created["StartingPositionTimestamp"] == start
    got = lambda_client.get_event_source_mapping(UUID=created["UUID"])
    assert got["StartingPosition"] == "AT_TIMESTAMP" and got["StartingPositionTimestamp"] == start
    wait_for(lambda: len(datas(out)) >= 1)
    assert datas(out) == [{"n": 1}]


def test_a_stream_consumer_is_a_source(kinesis: Any, stream: Any, batch_function: Any,
                                       esm: Any, lambda_client: Any) -> None:
    """EventSourceArn may be a stream consumer's ARN (enhanced fan-out): the mapping keeps
    that ARN and delivers the stream's records (eventSourceARN: the stream); an unknown
    consumer is refused.
    https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html#services-kinesis-configure
    """
    name, arn = stream
    consumer = kinesis.register_stream_consumer(StreamARN=arn, ConsumerName="efo")[
        "Consumer"]["ConsumerARN"]
    fn, out = batch_function()
    created = esm(EventSourceArn=consumer, FunctionName=fn, StartingPosition="TRIM_HORIZON")
    assert created["EventSourceArn"] == consumer
    kinesis.put_record(StreamName=name, Data=b'{"n": 7}', PartitionKey="p")
    wait_for(lambda: datas(out) == [{"n": 7}])
    assert batches(out)[0][0]["eventSourceARN"] == arn
    with pytest.raises(lambda_client.exceptions.InvalidParameterValueException):
        lambda_client.create_event_source_mapping(
            EventSourceArn=f"{arn}/consumer/none:1", FunctionName=fn,
            StartingPosition="LATEST")
    kinesis.deregister_stream_consumer(ConsumerARN=consumer)
