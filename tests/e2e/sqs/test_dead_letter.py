"""Dead-letter queues: redrive after maxReceiveCount, ListDeadLetterSourceQueues, and
message move tasks back to the source.

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_StartMessageMoveTask.html
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.sqs.conftest import error_of, fresh_name
from tests.server import RunningServer


def _arn(sqs: Any, url: str) -> str:
    arn: str = sqs.get_queue_attributes(QueueUrl=url,
                                        AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return arn


def _pair(sqs: Any, max_receives: int = 2, fifo: bool = False) -> tuple[str, str]:
    suffix, extra = (".fifo", {"FifoQueue": "true"}) if fifo else ("", {})
    dlq = sqs.create_queue(QueueName=fresh_name(suffix), Attributes=extra)["QueueUrl"]
    policy = json.dumps({"deadLetterTargetArn": _arn(sqs, dlq), "maxReceiveCount": max_receives})
    source = sqs.create_queue(QueueName=fresh_name(suffix),
                              Attributes={**extra, "RedrivePolicy": policy})["QueueUrl"]
    return source, dlq


def test_message_moves_to_dlq_after_max_receive_count(sqs: Any) -> None:
    """Received maxReceiveCount times, the next receive moves it to the dead-letter queue
    with its id, body and attributes."""
    source, dlq = _pair(sqs, max_receives=2)
    sent = sqs.send_message(QueueUrl=source, MessageBody="poison",
                            MessageAttributes={"k": {"DataType": "String", "StringValue": "v"}})
    for _ in range(2):
        got = sqs.receive_message(QueueUrl=source, VisibilityTimeout=0)
        assert got["Messages"][0]["MessageId"] == sent["MessageId"]
    assert "Messages" not in sqs.receive_message(QueueUrl=source)
    moved = sqs.receive_message(QueueUrl=dlq, MessageAttributeNames=["All"],
                                AttributeNames=["All"])["Messages"][0]
    assert moved["MessageId"] == sent["MessageId"]
    assert moved["Body"] == "poison"
    assert moved["MessageAttributes"] == {"k": {"DataType": "String", "StringValue": "v"}}
    assert moved["Attributes"]["DeadLetterQueueSourceArn"] == _arn(sqs, source)


def test_fifo_dead_letter_queue_keeps_the_group(sqs: Any) -> None:
    source, dlq = _pair(sqs, max_receives=1, fifo=True)
    sqs.send_message(QueueUrl=source, MessageBody="x", MessageGroupId="g1",
                     MessageDeduplicationId="d")
    sqs.receive_message(QueueUrl=source, VisibilityTimeout=0)
    assert "Messages" not in sqs.receive_message(QueueUrl=source)
    got = sqs.receive_message(QueueUrl=dlq, AttributeNames=["MessageGroupId"])["Messages"][0]
    assert got["Attributes"]["MessageGroupId"] == "g1"


def test_list_dead_letter_source_queues(sqs: Any) -> None:
    source, dlq = _pair(sqs)
    assert sqs.list_dead_letter_source_queues(QueueUrl=dlq)["queueUrls"] == [source]
    assert sqs.list_dead_letter_source_queues(QueueUrl=source)["queueUrls"] == []


def _wait_for_task(sqs: Any, dlq_arn: str, status: str) -> dict[str, Any]:
    deadline = time.monotonic() + 10
    while True:
        task: dict[str, Any] = sqs.list_message_move_tasks(SourceArn=dlq_arn)["Results"][0]
        if task["Status"] == status or time.monotonic() > deadline:
            return task
        time.sleep(0.05)


def test_message_move_task_returns_messages_to_their_source(sqs: Any) -> None:
    """StartMessageMoveTask without a destination redrives each message to its source."""
    source, dlq = _pair(sqs, max_receives=1)
    for i in range(3):
        sqs.send_message(QueueUrl=source, MessageBody=f"m{i}")
    for _ in range(2):
        for message in sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10,
                                           VisibilityTimeout=0).get("Messages", []):
            assert message["Body"].startswith("m")
    dlq_arn = _arn(sqs, dlq)
    handle = sqs.start_message_move_task(SourceArn=dlq_arn)["TaskHandle"]
    task = _wait_for_task(sqs, dlq_arn, "COMPLETED")
    assert task["Status"] == "COMPLETED"
    assert task["ApproximateNumberOfMessagesMoved"] == 3
    assert task["ApproximateNumberOfMessagesToMove"] == 3
    back = sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10)["Messages"]
    assert sorted(m["Body"] for m in back) == ["m0", "m1", "m2"]
    with pytest.raises(ClientError) as err:
        sqs.cancel_message_move_task(TaskHandle=handle)
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_message_move_task_to_a_destination_at_a_rate(sqs: Any) -> None:
    """DestinationArn and MaxNumberOfMessagesPerSecond; a running task can be cancelled."""
    source, dlq = _pair(sqs, max_receives=1)
    other = sqs.create_queue(QueueName=fresh_name())["QueueUrl"]
    sqs.send_message_batch(QueueUrl=source, Entries=[{"Id": str(i), "MessageBody": str(i)}
                                                     for i in range(4)])
    for _ in range(2):
        sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10, VisibilityTimeout=0)
    dlq_arn = _arn(sqs, dlq)
    sqs.start_message_move_task(SourceArn=dlq_arn, DestinationArn=_arn(sqs, other),
                                MaxNumberOfMessagesPerSecond=2)
    with pytest.raises(ClientError):
        sqs.start_message_move_task(SourceArn=dlq_arn)
    task = _wait_for_task(sqs, dlq_arn, "COMPLETED")
    assert task["Status"] == "COMPLETED"
    assert task["DestinationArn"] == _arn(sqs, other)
    assert task["MaxNumberOfMessagesPerSecond"] == 2
    got = sqs.receive_message(QueueUrl=other, MaxNumberOfMessages=10)["Messages"]
    assert sorted(m["Body"] for m in got) == ["0", "1", "2", "3"]


def test_move_task_source_must_be_a_dead_letter_queue(sqs: Any, queue: str) -> None:
    with pytest.raises(ClientError) as err:
        sqs.start_message_move_task(SourceArn=_arn(sqs, queue))
    assert error_of(err) == ("InvalidParameterValue", 400)
    with pytest.raises(ClientError) as err:
        sqs.start_message_move_task(SourceArn="arn:aws:sqs:us-east-1:000000000000:nope")
    assert error_of(err)[0] == "ResourceNotFoundException"


def test_cancel_a_running_move_task(clock_sqs: Any, clock_server: RunningServer) -> None:
    """On a stopped clock a 1-per-second task moves one message and waits; cancelling it
    answers how many moved, and the task is CANCELLED."""
    source, dlq = _pair(clock_sqs, max_receives=1)
    clock_sqs.send_message_batch(QueueUrl=source, Entries=[
        {"Id": str(i), "MessageBody": str(i)} for i in range(3)])
    for _ in range(2):
        clock_sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10, VisibilityTimeout=0)
    dlq_arn = _arn(clock_sqs, dlq)
    handle = clock_sqs.start_message_move_task(SourceArn=dlq_arn,
                                               MaxNumberOfMessagesPerSecond=1)["TaskHandle"]
    deadline = time.monotonic() + 10
    while clock_sqs.list_message_move_tasks(SourceArn=dlq_arn)["Results"][0][
            "ApproximateNumberOfMessagesMoved"] < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
    cancelled = clock_sqs.cancel_message_move_task(TaskHandle=handle)
    assert cancelled["ApproximateNumberOfMessagesMoved"] == 1
    task = clock_sqs.list_message_move_tasks(SourceArn=dlq_arn, MaxResults=10)["Results"][0]
    assert task["Status"] == "CANCELLED"
    clock_server.advance_clock(5)
    time.sleep(0.2)
    left = clock_sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["All"])["Attributes"]
    assert left["ApproximateNumberOfMessages"] == "2"
