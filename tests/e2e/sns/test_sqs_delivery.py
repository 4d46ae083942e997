"""Fan-out to SQS queues: the notification JSON, raw delivery, FIFO topics, dead-letter queues.
https://docs.aws.amazon.com/sns/latest/dg/sns-sqs-as-subscriber.html
https://docs.aws.amazon.com/sns/latest/dg/sns-large-payload-raw-message-delivery.html
https://docs.aws.amazon.com/sns/latest/dg/fifo-message-dedup.html
https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from aws_lambda_powertools.utilities.parser.models import SqsModel
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.sns.conftest import wait_for
from tests.server import RunningServer


@pytest.fixture(scope="session")
def sqs(server: RunningServer) -> Any:
    return make_client(server, "sqs")


@pytest.fixture
def queue(sqs: Any, unique_name: str, cleanup: list[Callable[[], Any]]) -> Callable[..., tuple[str, str]]:
    """Make a queue; its (url, arn)."""
    def make(suffix: str = "", **attributes: str) -> tuple[str, str]:
        url = sqs.create_queue(QueueName=unique_name + suffix, Attributes=attributes)["QueueUrl"]
        cleanup.append(lambda: sqs.delete_queue(QueueUrl=url))
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
            "Attributes"]["QueueArn"]
        return url, arn
    return make


def _receive(sqs: Any, url: str, count: int = 1, **kwargs: Any) -> list[dict[str, Any]]:
    """Receive (and delete: a FIFO group stays locked while a message is in flight) until
    ``count`` messages came."""
    got: list[dict[str, Any]] = []

    def poll() -> bool:
        resp = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1,
                                   MessageAttributeNames=["All"], AttributeNames=["All"], **kwargs)
        for message in resp.get("Messages", []):
            got.append(message)
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        return len(got) >= count
    wait_for(poll, 20)
    return got


def test_queue_gets_the_notification_json(sns: Any, sqs: Any, topic: str,
                                          queue: Callable[..., tuple[str, str]]) -> None:
    url, arn = queue()
    sub = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)["SubscriptionArn"]
    resp = sns.publish(TopicArn=topic, Message="to sqs", Subject="s", MessageAttributes={
        "k": {"DataType": "String", "StringValue": "v"}})
    message = _receive(sqs, url)[0]
    doc = json.loads(message["Body"])
    assert doc["Type"] == "Notification"
    assert doc["MessageId"] == resp["MessageId"]
    assert (doc["Message"], doc["Subject"], doc["TopicArn"]) == ("to sqs", "s", topic)
    assert doc["MessageAttributes"] == {"k": {"Type": "String", "Value": "v"}}
    assert sub.split(":")[-1] in doc["UnsubscribeURL"]
    record = {"messageId": message["MessageId"], "receiptHandle": message["ReceiptHandle"],
              "body": message["Body"], "attributes": message["Attributes"],
              "messageAttributes": {}, "md5OfBody": message["MD5OfBody"],
              "eventSource": "aws:sqs", "eventSourceARN": arn, "awsRegion": "us-east-1"}
    SqsModel.model_validate({"Records": [record]})


def test_raw_delivery_sends_the_message_and_its_attributes(
        sns: Any, sqs: Any, topic: str, queue: Callable[..., tuple[str, str]]) -> None:
    url, arn = queue()
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn,
                  Attributes={"RawMessageDelivery": "true"})
    sns.publish(TopicArn=topic, Message="raw body", MessageAttributes={
        "s": {"DataType": "String", "StringValue": "v"},
        "n": {"DataType": "Number", "StringValue": "1.5"},
        "b": {"DataType": "Binary", "BinaryValue": b"\x01\x02"}})
    message = _receive(sqs, url)[0]
    assert message["Body"] == "raw body"
    attrs = message["MessageAttributes"]
    assert attrs["s"] == {"DataType": "String", "StringValue": "v"}
    assert attrs["n"] == {"DataType": "Number", "StringValue": "1.5"}
    assert attrs["b"] == {"DataType": "Binary", "BinaryValue": b"\x01\x02"}


def test_fifo_topic_to_fifo_queue_keeps_order_and_deduplicates(
        sns: Any, sqs: Any, unique_name: str, queue: Callable[..., tuple[str, str]],
        cleanup: list[Callable[[], Any]]) -> None:
    topic = sns.create_topic(Name=unique_name + ".fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
    cleanup.append(lambda: sns.delete_topic(TopicArn=topic))
    url, arn = queue(".fifo", FifoQueue="true")
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    with pytest.raises(ClientError) as err:
        sns.publish(TopicArn=topic, Message="m", MessageDeduplicationId="d")
    assert err.value.response["Error"]["Message"] == (
        "Invalid parameter: The MessageGroupId parameter is required for FIFO topics")
    with pytest.raises(ClientError) as err:
        sns.publish(TopicArn=topic, Message="m", MessageGroupId="g")
    assert err.value.response["Error"]["Code"] == "InvalidParameter"
    sent = [sns.publish(TopicArn=topic, Message=f"m{i}", MessageGroupId="g",
                        MessageDeduplicationId=f"d{i}") for i in range(5)]
    again = sns.publish(TopicArn=topic, Message="m0 again", MessageGroupId="g",
                        MessageDeduplicationId="d0")
    assert again["MessageId"] == sent[0]["MessageId"]
    assert again["SequenceNumber"] == sent[0]["SequenceNumber"]
    sequences = [int(s["SequenceNumber"]) for s in sent]
    assert sequences == sorted(sequences) and len(set(sequences)) == 5
    got: list[str] = []
    def drain() -> bool:
        resp = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
        for m in resp.get("Messages", []):
            got.append(json.loads(m["Body"])["Message"])
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
        return len(got) >= 5
    wait_for(drain, 20)
    assert got == [f"m{i}" for i in range(5)]


def test_content_based_deduplication(sns: Any, unique_name: str,
                                     cleanup: list[Callable[[], Any]]) -> None:
    topic = sns.create_topic(Name=unique_name + ".fifo", Attributes={
        "FifoTopic": "true", "ContentBasedDeduplication": "true"})["TopicArn"]
    cleanup.append(lambda: sns.delete_topic(TopicArn=topic))
    first = sns.publish(TopicArn=topic, Message="same", MessageGroupId="g")
    second = sns.publish(TopicArn=topic, Message="same", MessageGroupId="g")
    third = sns.publish(TopicArn=topic, Message="other", MessageGroupId="g")
    assert first["MessageId"] == second["MessageId"]
    assert third["MessageId"] != first["MessageId"]


def test_fifo_queue_cannot_subscribe_to_a_standard_topic(
        sns: Any, topic: str, queue: Callable[..., tuple[str, str]]) -> None:
    _, arn = queue(".fifo", FifoQueue="true")
    with pytest.raises(ClientError) as err:
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    assert err.value.response["Error"]["Code"] == "InvalidParameter"


def test_missing_queue_sends_the_message_to_the_dead_letter_queue(
        sns: Any, sqs: Any, topic: str, queue: Callable[..., tuple[str, str]]) -> None:
    """A deleted queue is a client-side error: no retries, straight to the DLQ."""
    dlq_url, dlq_arn = queue("-dlq")
    gone = dlq_arn.rsplit(":", 1)[0] + ":does-not-exist-queue"
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=gone, Attributes={
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn})})
    resp = sns.publish(TopicArn=topic, Message="lost")
    doc = json.loads(_receive(sqs, dlq_url)[0]["Body"])
    assert doc["MessageId"] == resp["MessageId"]
    assert doc["Message"] == "lost"


def test_missing_function_sends_the_message_to_the_dead_letter_queue(
        sns: Any, sqs: Any, topic: str, queue: Callable[..., tuple[str, str]]) -> None:
    dlq_url, dlq_arn = queue("-dlq")
    sns.subscribe(TopicArn=topic, Protocol="lambda",
                  Endpoint="arn:aws:lambda:us-east-1:000000000000:function:no-such-function",
                  Attributes={"RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn})})
    resp = sns.publish(TopicArn=topic, Message="for nobody")
    assert json.loads(_receive(sqs, dlq_url)[0]["Body"])["MessageId"] == resp["MessageId"]


def test_publish_batch_to_a_fifo_topic(sns: Any, sqs: Any, unique_name: str,
                                       queue: Callable[..., tuple[str, str]],
                                       cleanup: list[Callable[[], Any]]) -> None:
    topic = sns.create_topic(Name=unique_name + ".fifo", Attributes={
        "FifoTopic": "true", "ContentBasedDeduplication": "true"})["TopicArn"]
    cleanup.append(lambda: sns.delete_topic(TopicArn=topic))
    url, arn = queue(".fifo", FifoQueue="true")
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn,
                  Attributes={"RawMessageDelivery": "true"})
    resp = sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[
        {"Id": "a", "Message": "one", "MessageGroupId": "g"},
        {"Id": "b", "Message": "two"},
        {"Id": "c", "Message": "three", "MessageGroupId": "g"}])
    assert [e["Id"] for e in resp["Successful"]] == ["a", "c"]
    assert all("SequenceNumber" in e for e in resp["Successful"])
    assert resp["Failed"][0]["Id"] == "b"
    bodies = [m["Body"] for m in _receive(sqs, url, 2)]
    assert bodies == ["one", "three"]


def test_fifo_subscription_dead_letters_to_a_fifo_queue(
        sns: Any, sqs: Any, unique_name: str, queue: Callable[..., tuple[str, str]],
        cleanup: list[Callable[[], Any]]) -> None:
    """A FIFO topic's subscription uses a FIFO dead-letter queue (same group and dedup id)."""
    topic = sns.create_topic(Name=unique_name + ".fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
    cleanup.append(lambda: sns.delete_topic(TopicArn=topic))
    dlq_url, dlq_arn = queue("-dlq.fifo", FifoQueue="true")
    gone = dlq_arn.rsplit(":", 1)[0] + ":gone-queue.fifo"
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=gone, Attributes={
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn})})
    sns.publish(TopicArn=topic, Message="fifo lost", MessageGroupId="grp",
                MessageDeduplicationId="dd")
    message = _receive(sqs, dlq_url)[0]
    assert json.loads(message["Body"])["Message"] == "fifo lost"
    assert message["Attributes"]["MessageGroupId"] == "grp"
