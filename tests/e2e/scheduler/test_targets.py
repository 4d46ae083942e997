"""What each kind of target receives: Lambda (asynchronous Invoke), SQS, SNS, EventBridge
PutEvents and universal (aws-sdk) targets.

https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-templated.html
https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-universal.html
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aws_lambda_powertools.utilities.parser.models import EventBridgeModel, SqsModel

from tests.conftest import make_client
from tests.e2e.events.conftest import make_recorder, received
from tests.e2e.scheduler.conftest import ACCOUNT, REGION, receive
from tests.server import RunningServer


def test_lambda_target_gets_the_input(sched_server: RunningServer, lambda_: Any,
                                      schedules: Callable[..., str], unique_name: str,
                                      shared_dir: Path) -> None:
    """A Lambda target is invoked asynchronously with the Input as its event, or ``{}``
    when the schedule has no Input."""
    out = shared_dir / "events.jsonl"
    fn = make_recorder(lambda_, unique_name, out)
    try:
        schedules(unique_name, "rate(1 minute)",
                  {"Arn": fn, "Input": json.dumps({"job": "<aws.scheduler.attempt-number>"})})
        schedules(unique_name + "-bare", "rate(1 minute)", {"Arn": fn})
        sched_server.advance_clock(60)
        events = received(out, 2, timeout=30)
        assert sorted(events, key=json.dumps) == sorted([{"job": "1"}, {}], key=json.dumps)
    finally:
        lambda_.delete_function(FunctionName=unique_name)


def test_sqs_target_message_and_group(sched_server: RunningServer, sqs: Any,
                                      schedules: Callable[..., str], unique_name: str) -> None:
    """An SQS target gets the Input as the message body; SqsParameters.MessageGroupId is
    the group of a FIFO queue's message. The message validates as an SQS event record."""
    url = sqs.create_queue(QueueName=f"{unique_name}.fifo", Attributes={
        "FifoQueue": "true", "ContentBasedDeduplication": "true"})["QueueUrl"]
    try:
        schedules(unique_name, "rate(1 minute)", {
            "Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{unique_name}.fifo", "Input": "hello",
            "SqsParameters": {"MessageGroupId": "g1"}})
        sched_server.advance_clock(60)
        [message] = receive(sqs, url, 1, AttributeNames=["All"])
        assert message["Body"] == "hello"
        assert message["Attributes"]["MessageGroupId"] == "g1"
        record = {"messageId": message["MessageId"], "receiptHandle": message["ReceiptHandle"],
                  "body": message["Body"], "attributes": message["Attributes"],
                  "messageAttributes": {}, "md5OfBody": message["MD5OfBody"],
                  "eventSource": "aws:sqs",
                  "eventSourceARN": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{unique_name}.fifo",
                  "awsRegion": REGION}
        SqsModel.model_validate({"Records": [record]})
    finally:
        sqs.delete_queue(QueueUrl=url)


def test_sns_target_publishes(sched_server: RunningServer, sqs: Any, queue: tuple[str, str],
                              schedules: Callable[..., str], unique_name: str) -> None:
    """An SNS target publishes the Input to the topic (seen through an SQS subscriber)."""
    sns = make_client(sched_server, "sns")
    url, queue_arn = queue
    topic = sns.create_topic(Name=unique_name)["TopicArn"]
    try:
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn,
                      Attributes={"RawMessageDelivery": "true"})
        schedules(unique_name, "rate(1 minute)", {"Arn": topic, "Input": "to the topic"})
        sched_server.advance_clock(60)
        assert [m["Body"] for m in receive(sqs, url, 1)] == ["to the topic"]
    finally:
        sns.delete_topic(TopicArn=topic)


def test_eventbridge_target_puts_an_event(sched_server: RunningServer, sqs: Any,
                                          queue: tuple[str, str], schedules: Callable[..., str],
                                          unique_name: str) -> None:
    """An EventBridge target puts an event on the bus with EventBridgeParameters' Source
    and DetailType and the Input as its detail; it matches rules like any event."""
    events = make_client(sched_server, "events")
    url, queue_arn = queue
    events.put_rule(Name=unique_name, EventPattern=json.dumps({"source": ["my.scheduler"]}))
    events.put_targets(Rule=unique_name, Targets=[{"Id": "q", "Arn": queue_arn}])
    try:
        schedules(unique_name, "rate(1 minute)", {
            "Arn": f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/default",
            "Input": json.dumps({"n": 1}),
            "EventBridgeParameters": {"Source": "my.scheduler", "DetailType": "tick"}})
        sched_server.advance_clock(60)
        [message] = receive(sqs, url, 1)
        event = json.loads(message["Body"])
        assert (event["source"], event["detail-type"], event["detail"]) == (
            "my.scheduler", "tick", {"n": 1})
        EventBridgeModel.model_validate(event)
    finally:
        events.remove_targets(Rule=unique_name, Ids=["q"])
        events.delete_rule(Name=unique_name)


def test_universal_target_calls_the_api(sched_server: RunningServer, sqs: Any,
                                        queue: tuple[str, str], schedules: Callable[..., str],
                                        unique_name: str) -> None:
    """A universal target ``arn:aws:scheduler:::aws-sdk:sqs:sendMessage`` calls the action
    with the Input as its request (context attributes replaced)."""
    url, _ = queue
    schedules(unique_name, "rate(1 minute)", {
        "Arn": "arn:aws:scheduler:::aws-sdk:sqs:sendMessage",
        "Input": json.dumps({"QueueUrl": url,
                             "MessageBody": "attempt <aws.scheduler.attempt-number>"})})
    sched_server.advance_clock(60)
    assert [m["Body"] for m in receive(sqs, url, 1)] == ["attempt 1"]


def test_kinesis_target_puts_a_record(sched_server: RunningServer, schedules: Callable[..., str],
                                      unique_name: str) -> None:
    """A Kinesis target puts the Input as a record under KinesisParameters.PartitionKey."""
    kinesis = make_client(sched_server, "kinesis")
    kinesis.create_stream(StreamName=unique_name, ShardCount=1)
    try:
        deadline = time.monotonic() + 10
        stream = kinesis.describe_stream(StreamName=unique_name)["StreamDescription"]
        while stream["StreamStatus"] != "ACTIVE" and time.monotonic() < deadline:
            sched_server.advance_clock(1)  # the stream becomes ACTIVE on the server's clock
            time.sleep(0.05)
            stream = kinesis.describe_stream(StreamName=unique_name)["StreamDescription"]
        schedules(unique_name, "rate(1 minute)", {
            "Arn": stream["StreamARN"], "Input": "a record",
            "KinesisParameters": {"PartitionKey": "pk-1"}})
        iterator = kinesis.get_shard_iterator(
            StreamName=unique_name, ShardId=stream["Shards"][0]["ShardId"],
            ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        sched_server.advance_clock(60)
        records: list[Any] = []
        deadline = time.monotonic() + 10
        while not records and time.monotonic() < deadline:
            out = kinesis.get_records(ShardIterator=iterator)
            records, iterator = out["Records"], out["NextShardIterator"]
            time.sleep(0.05)
        assert [(r["Data"], r["PartitionKey"]) for r in records] == [(b"a record", "pk-1")]
    finally:
        kinesis.delete_stream(StreamName=unique_name)
