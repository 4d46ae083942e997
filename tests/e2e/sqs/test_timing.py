"""Time-driven behaviour on a manual clock: delays, visibility timeouts, retention.

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-delay-queues.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html
(MessageRetentionPeriod)
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.sqs.conftest import error_of, fresh_name
from tests.server import RunningServer


def _counts(sqs: Any, url: str) -> tuple[str, str, str]:
    attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    return (attrs["ApproximateNumberOfMessages"], attrs["ApproximateNumberOfMessagesNotVisible"],
            attrs["ApproximateNumberOfMessagesDelayed"])


def test_delayed_message_is_invisible_until_its_delay_passes(
        clock_sqs: Any, clock_server: RunningServer) -> None:
    """DelaySeconds hides a new message; it counts as delayed meanwhile."""
    url = clock_sqs.create_queue(QueueName=fresh_name())["QueueUrl"]
    clock_sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=60)
    assert "Messages" not in clock_sqs.receive_message(QueueUrl=url)
    assert _counts(clock_sqs, url) == ("0", "0", "1")
    clock_server.advance_clock(61)
    assert clock_sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"] == "later"


def test_queue_delay_applies_to_messages_without_their_own(
        clock_sqs: Any, clock_server: RunningServer) -> None:
    url = clock_sqs.create_queue(QueueName=fresh_name(),
                                 Attributes={"DelaySeconds": "30"})["QueueUrl"]
    clock_sqs.send_message(QueueUrl=url, MessageBody="a")
    clock_sqs.send_message(QueueUrl=url, MessageBody="b", DelaySeconds=0)
    assert [m["Body"] for m in clock_sqs.receive_message(QueueUrl=url)["Messages"]] == ["b"]
    clock_server.advance_clock(31)
    assert clock_sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"] == "a"


def test_unacknowledged_message_is_delivered_again_after_visibility_timeout(
        clock_sqs: Any, clock_server: RunningServer) -> None:
    """Received and not deleted: visible again when the visibility timeout ends."""
    url = clock_sqs.create_queue(QueueName=fresh_name(),
                                 Attributes={"VisibilityTimeout": "30"})["QueueUrl"]
    clock_sqs.send_message(QueueUrl=url, MessageBody="x")
    first = clock_sqs.receive_message(QueueUrl=url)["Messages"][0]
    assert _counts(clock_sqs, url) == ("0", "1", "0")
    clock_server.advance_clock(29)
    assert "Messages" not in clock_sqs.receive_message(QueueUrl=url)
    clock_server.advance_clock(2)
    again = clock_sqs.receive_message(QueueUrl=url, AttributeNames=["ApproximateReceiveCount"])
    message = again["Messages"][0]
    assert message["MessageId"] == first["MessageId"]
    assert message["Attributes"]["ApproximateReceiveCount"] == "2"


def test_long_poll_wakes_when_a_message_becomes_visible(
        clock_sqs: Any, clock_server: RunningServer) -> None:
    """A long poll waiting on a delayed message answers once the clock passes its delay."""
    url = clock_sqs.create_queue(QueueName=fresh_name())["QueueUrl"]
    clock_sqs.send_message(QueueUrl=url, MessageBody="soon", DelaySeconds=10)
    result: dict[str, Any] = {}
    poller = threading.Thread(target=lambda: result.update(
        clock_sqs.receive_message(QueueUrl=url, WaitTimeSeconds=20)))
    poller.start()
    time.sleep(0.2)
    clock_server.advance_clock(11)
    poller.join(10)
    assert result["Messages"][0]["Body"] == "soon"


def test_messages_older_than_retention_period_are_deleted(
        clock_sqs: Any, clock_server: RunningServer) -> None:
    """MessageRetentionPeriod: a message is gone once it is older."""
    url = clock_sqs.create_queue(QueueName=fresh_name(),
                                 Attributes={"MessageRetentionPeriod": "60"})["QueueUrl"]
    clock_sqs.send_message(QueueUrl=url, MessageBody="old")
    clock_server.advance_clock(30)
    clock_sqs.send_message(QueueUrl=url, MessageBody="young")
    clock_server.advance_clock(31)
    assert _counts(clock_sqs, url) == ("1", "0", "0")
    got = clock_sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    assert [m["Body"] for m in got] == ["young"]


def test_purge_is_allowed_again_after_60_seconds(
        clock_sqs: Any, clock_server: RunningServer) -> None:
    url = clock_sqs.create_queue(QueueName=fresh_name())["QueueUrl"]
    clock_sqs.purge_queue(QueueUrl=url)
    clock_server.advance_clock(61)
    clock_sqs.purge_queue(QueueUrl=url)


def test_a_deleted_name_can_be_reused_after_60_seconds(
        clock_sqs: Any, clock_server: RunningServer) -> None:
    name = fresh_name()
    url = clock_sqs.create_queue(QueueName=name)["QueueUrl"]
    clock_sqs.delete_queue(QueueUrl=url)
    clock_server.advance_clock(61)
    assert clock_sqs.create_queue(QueueName=name)["QueueUrl"] == url


def test_visibility_can_be_extended_to_12_hours_in_all(
        clock_sqs: Any, clock_server: RunningServer) -> None:
    """A message stays invisible at most 12 hours after its first receive."""
    url = clock_sqs.create_queue(QueueName=fresh_name())["QueueUrl"]
    clock_sqs.send_message(QueueUrl=url, MessageBody="x")
    handle = clock_sqs.receive_message(QueueUrl=url)["Messages"][0]["ReceiptHandle"]
    clock_server.advance_clock(10)
    clock_sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=handle,
                                        VisibilityTimeout=43190)
    with pytest.raises(ClientError) as err:
        clock_sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=handle,
                                            VisibilityTimeout=43191)
    assert error_of(err) == ("InvalidParameterValue", 400)


def test_a_message_whose_visibility_is_extended_stays_in_flight(
        clock_sqs: Any, clock_server: RunningServer) -> None:
    """ChangeMessageVisibility keeps a received message in flight: it counts in
    ApproximateNumberOfMessagesNotVisible, not Delayed, until its new timeout passes.
    https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html"""
    url = clock_sqs.create_queue(QueueName=fresh_name())["QueueUrl"]
    clock_sqs.send_message(QueueUrl=url, MessageBody="x")
    handle = clock_sqs.receive_message(QueueUrl=url)["Messages"][0]["ReceiptHandle"]
    clock_sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=handle, VisibilityTimeout=300)
    assert _counts(clock_sqs, url) == ("0", "1", "0")
    clock_server.advance_clock(301)
    assert _counts(clock_sqs, url) == ("1", "0", "0")
