"""FIFO queues: ordering per group, deduplication, sequence numbers, receive attempts.

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/using-messagededuplicationid-property.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/using-receiverequestattemptid-request-parameter.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.sqs.conftest import error_of, fresh_name
from tests.server import RunningServer


def _send(sqs: Any, url: str, body: str, group: str = "g", dedup: str | None = None) -> Any:
    return sqs.send_message(QueueUrl=url, MessageBody=body, MessageGroupId=group,
                            MessageDeduplicationId=dedup or body)


def test_fifo_attributes_have_their_defaults(sqs: Any, fifo_queue: str) -> None:
    attrs = sqs.get_queue_attributes(QueueUrl=fifo_queue, AttributeNames=["All"])["Attributes"]
    assert attrs["FifoQueue"] == "true"
    assert attrs["ContentBasedDeduplication"] == "false"
    assert attrs["DeduplicationScope"] == "queue"
    assert attrs["FifoThroughputLimit"] == "perQueue"


def test_messages_of_a_group_come_in_order(sqs: Any, fifo_queue: str) -> None:
    """Within a group, messages are received in the order sent; sequence numbers grow."""
    numbers = [int(_send(sqs, fifo_queue, f"m{i}")["SequenceNumber"]) for i in range(6)]
    assert numbers == sorted(numbers) and len(set(numbers)) == 6
    got = sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=10,
                              AttributeNames=["All"])["Messages"]
    assert [m["Body"] for m in got] == [f"m{i}" for i in range(6)]
    assert got[0]["Attributes"]["MessageGroupId"] == "g"
    assert got[0]["Attributes"]["MessageDeduplicationId"] == "m0"
    assert int(got[0]["Attributes"]["SequenceNumber"]) == numbers[0]


def test_a_group_is_blocked_while_a_message_is_in_flight(sqs: Any, fifo_queue: str) -> None:
    """Nothing more of a group is received while one of its messages is in flight; other
    groups go on."""
    _send(sqs, fifo_queue, "a1", "a")
    _send(sqs, fifo_queue, "a2", "a")
    _send(sqs, fifo_queue, "b1", "b")
    first = sqs.receive_message(QueueUrl=fifo_queue)["Messages"][0]
    assert first["Body"] == "a1"
    nxt = sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=10)["Messages"]
    assert [m["Body"] for m in nxt] == ["b1"]
    sqs.delete_message(QueueUrl=fifo_queue, ReceiptHandle=first["ReceiptHandle"])
    assert sqs.receive_message(QueueUrl=fifo_queue)["Messages"][0]["Body"] == "a2"


def test_duplicate_deduplication_id_is_accepted_but_not_stored(sqs: Any, fifo_queue: str) -> None:
    """A repeated MessageDeduplicationId within 5 minutes: same MessageId, one message."""
    first = _send(sqs, fifo_queue, "one", dedup="d1")
    again = _send(sqs, fifo_queue, "two", dedup="d1")
    assert again["MessageId"] == first["MessageId"]
    got = sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=10)["Messages"]
    assert [m["Body"] for m in got] == ["one"]


def test_content_based_deduplication_uses_the_body(sqs: Any) -> None:
    url = sqs.create_queue(QueueName=fresh_name(".fifo"), Attributes={
        "FifoQueue": "true", "ContentBasedDeduplication": "true"})["QueueUrl"]
    first = sqs.send_message(QueueUrl=url, MessageBody="same", MessageGroupId="g")
    again = sqs.send_message(QueueUrl=url, MessageBody="same", MessageGroupId="g")
    other = sqs.send_message(QueueUrl=url, MessageBody="other", MessageGroupId="g")
    assert first["MessageId"] == again["MessageId"] != other["MessageId"]


def test_deduplication_window_is_five_minutes(
        clock_sqs: Any, clock_server: RunningServer) -> None:
    url = clock_sqs.create_queue(QueueName=fresh_name(".fifo"),
                                 Attributes={"FifoQueue": "true"})["QueueUrl"]
    first = _send(clock_sqs, url, "x", dedup="d")
    clock_server.advance_clock(301)
    assert _send(clock_sqs, url, "x", dedup="d")["MessageId"] != first["MessageId"]


def test_message_group_scope_deduplicates_per_group(sqs: Any) -> None:
    url = sqs.create_queue(QueueName=fresh_name(".fifo"), Attributes={
        "FifoQueue": "true", "DeduplicationScope": "messageGroup",
        "FifoThroughputLimit": "perMessageGroupId"})["QueueUrl"]
    a = _send(sqs, url, "x", "a", "d")
    b = _send(sqs, url, "x", "b", "d")
    assert a["MessageId"] != b["MessageId"]


def test_fifo_send_needs_group_and_deduplication(sqs: Any, fifo_queue: str) -> None:
    """MessageGroupId is required; without content-based deduplication so is
    MessageDeduplicationId; per-message DelaySeconds is not for FIFO queues."""
    with pytest.raises(ClientError) as err:
        sqs.send_message(QueueUrl=fifo_queue, MessageBody="x", MessageDeduplicationId="d")
    assert error_of(err) == ("MissingParameter", 400)
    with pytest.raises(ClientError) as err:
        sqs.send_message(QueueUrl=fifo_queue, MessageBody="x", MessageGroupId="g")
    assert error_of(err) == ("InvalidParameterValue", 400)
    with pytest.raises(ClientError) as err:
        sqs.send_message(QueueUrl=fifo_queue, MessageBody="x", MessageGroupId="g",
                         MessageDeduplicationId="d", DelaySeconds=5)
    assert error_of(err) == ("InvalidParameterValue", 400)


def test_standard_queue_rejects_deduplication_id(sqs: Any, queue: str) -> None:
    with pytest.raises(ClientError) as err:
        sqs.send_message(QueueUrl=queue, MessageBody="x", MessageDeduplicationId="d")
    assert error_of(err) == ("InvalidParameterValue", 400)


def test_receive_request_attempt_id_repeats_the_same_answer(sqs: Any, fifo_queue: str) -> None:
    """A retried receive with the same ReceiveRequestAttemptId gets the same messages and
    receipt handles."""
    _send(sqs, fifo_queue, "a")
    first = sqs.receive_message(QueueUrl=fifo_queue, ReceiveRequestAttemptId="try-1")
    again = sqs.receive_message(QueueUrl=fifo_queue, ReceiveRequestAttemptId="try-1")
    assert first["Messages"][0]["ReceiptHandle"] == again["Messages"][0]["ReceiptHandle"]
    assert "Messages" not in sqs.receive_message(QueueUrl=fifo_queue,
                                                 ReceiveRequestAttemptId="try-2")
