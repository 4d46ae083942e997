"""SendMessage and ReceiveMessage: checksums, attributes, limits, long polling.

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-attributes.html
"""

from __future__ import annotations

import base64
import hashlib
import struct
import threading
import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.sqs.conftest import error_of


def _sized(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def expected_md5(attributes: dict[str, dict[str, Any]]) -> str:
    """The MD5 message digest as the SQS developer guide describes it."""
    out = b""
    for name in sorted(attributes):
        value = attributes[name]
        out += _sized(name.encode()) + _sized(value["DataType"].encode())
        if "StringValue" in value:
            out += b"\x01" + _sized(value["StringValue"].encode())
        else:
            out += b"\x02" + _sized(value["BinaryValue"])
    return hashlib.md5(out).hexdigest()


ATTRIBUTES = {
    "city": {"DataType": "String", "StringValue": "Zürich"},
    "count": {"DataType": "Number", "StringValue": "42"},
    "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01\x02"},
    "kind.sub": {"DataType": "String.custom", "StringValue": "x"},
}


def test_send_message_answers_the_checksums_aws_computes(sqs: Any, queue: str) -> None:
    """MD5OfMessageBody is the body's MD5, MD5OfMessageAttributes the documented digest."""
    sent = sqs.send_message(QueueUrl=queue, MessageBody="hello wörld",
                            MessageAttributes=ATTRIBUTES)
    assert sent["MD5OfMessageBody"] == hashlib.md5("hello wörld".encode()).hexdigest()
    assert sent["MD5OfMessageAttributes"] == expected_md5(ATTRIBUTES)
    got = sqs.receive_message(QueueUrl=queue, MessageAttributeNames=["All"])["Messages"][0]
    assert got["MessageId"] == sent["MessageId"]
    assert got["MD5OfBody"] == sent["MD5OfMessageBody"]
    assert got["MessageAttributes"] == ATTRIBUTES
    assert got["MD5OfMessageAttributes"] == sent["MD5OfMessageAttributes"]


def test_system_attribute_checksum_and_trace_header(sqs: Any, queue: str) -> None:
    """AWSTraceHeader is a system attribute: MD5OfMessageSystemAttributes, received back."""
    trace = {"AWSTraceHeader": {"DataType": "String", "StringValue": "Root=1-5759e988-bd862e3fe"}}
    sent = sqs.send_message(QueueUrl=queue, MessageBody="t", MessageSystemAttributes=trace)
    assert sent["MD5OfMessageSystemAttributes"] == expected_md5(trace)
    got = sqs.receive_message(QueueUrl=queue, MessageSystemAttributeNames=["AWSTraceHeader"])
    assert got["Messages"][0]["Attributes"] == {"AWSTraceHeader": "Root=1-5759e988-bd862e3fe"}


def test_message_attribute_names_select_by_name_and_prefix(sqs: Any, queue: str) -> None:
    """MessageAttributeNames takes names, ``prefix.*`` and ``All``; nothing asked, none given."""
    sqs.send_message(QueueUrl=queue, MessageBody="a", MessageAttributes=ATTRIBUTES)
    got = sqs.receive_message(QueueUrl=queue, MessageAttributeNames=["city", "kind.*"],
                              VisibilityTimeout=0)["Messages"][0]
    assert set(got["MessageAttributes"]) == {"city", "kind.sub"}
    assert got["MD5OfMessageAttributes"] == expected_md5(
        {k: ATTRIBUTES[k] for k in ("city", "kind.sub")})
    plain = sqs.receive_message(QueueUrl=queue)["Messages"][0]
    assert "MessageAttributes" not in plain


def test_system_attributes_of_a_received_message(sqs: Any, queue: str) -> None:
    """SentTimestamp, SenderId, ApproximateReceiveCount and ApproximateFirstReceiveTimestamp."""
    before = int(time.time() * 1000)
    sqs.send_message(QueueUrl=queue, MessageBody="x")
    first = sqs.receive_message(QueueUrl=queue, AttributeNames=["All"], VisibilityTimeout=0)
    again = sqs.receive_message(QueueUrl=queue, MessageSystemAttributeNames=["All"])
    attrs = first["Messages"][0]["Attributes"]
    assert attrs["SenderId"] == "000000000000"
    assert before - 1000 <= int(attrs["SentTimestamp"]) <= int(time.time() * 1000) + 1000
    assert attrs["ApproximateReceiveCount"] == "1"
    later = again["Messages"][0]["Attributes"]
    assert later["ApproximateReceiveCount"] == "2"
    assert later["ApproximateFirstReceiveTimestamp"] == attrs["ApproximateFirstReceiveTimestamp"]
    assert first["Messages"][0]["ReceiptHandle"] != again["Messages"][0]["ReceiptHandle"]


def test_receive_answers_at_most_max_number_of_messages(sqs: Any, queue: str) -> None:
    """MaxNumberOfMessages 1-10; a received message is invisible to the next receive."""
    for i in range(12):
        sqs.send_message(QueueUrl=queue, MessageBody=str(i))
    got = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]
    assert len(got) == 10
    rest = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]
    assert len(rest) == 2
    assert {m["Body"] for m in got + rest} == {str(i) for i in range(12)}
    with pytest.raises(ClientError) as err:
        sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=11)
    assert error_of(err) == ("InvalidParameterValue", 400)


def test_long_poll_returns_as_soon_as_a_message_arrives(sqs: Any, queue: str) -> None:
    """WaitTimeSeconds=20 answers when a message is sent, well before the 20 s."""
    def later() -> None:
        time.sleep(0.3)
        sqs.send_message(QueueUrl=queue, MessageBody="late")
    sender = threading.Thread(target=later)
    began = time.monotonic()
    sender.start()
    got = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=20)
    elapsed = time.monotonic() - began
    sender.join()
    assert got["Messages"][0]["Body"] == "late"
    assert elapsed < 1.0


def test_long_poll_without_messages_waits_the_time(sqs: Any, queue: str) -> None:
    """With nothing to receive, the call answers no messages after WaitTimeSeconds."""
    began = time.monotonic()
    got = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=1)
    assert "Messages" not in got
    assert 0.9 <= time.monotonic() - began < 3


def test_wait_time_above_20_is_invalid(sqs: Any, queue: str) -> None:
    with pytest.raises(ClientError) as err:
        sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=21)
    assert error_of(err) == ("InvalidParameterValue", 400)


def test_message_larger_than_maximum_message_size_is_rejected(sqs: Any) -> None:
    """A body over MaximumMessageSize: InvalidParameterValue."""
    url = sqs.create_queue(QueueName=f"small{time.time_ns()}",
                           Attributes={"MaximumMessageSize": "1024"})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="x" * 1024)
    with pytest.raises(ClientError) as err:
        sqs.send_message(QueueUrl=url, MessageBody="x" * 1025)
    assert error_of(err) == ("InvalidParameterValue", 400)
    assert "1024 bytes" in err.value.response["Error"]["Message"]


def test_default_limit_is_one_mebibyte(sqs: Any, queue: str) -> None:
    """MaximumMessageSize defaults to 1,048,576 bytes (1 MiB)."""
    sqs.send_message(QueueUrl=queue, MessageBody="y" * 1048576)
    with pytest.raises(ClientError) as err:
        sqs.send_message(QueueUrl=queue, MessageBody="y" * 1048577)
    assert error_of(err)[0] == "InvalidParameterValue"


def test_invalid_characters_are_invalid_message_contents(sqs: Any, queue: str) -> None:
    """Only #x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD #x10000-#x10FFFF are allowed."""
    with pytest.raises(sqs.exceptions.InvalidMessageContents) as err:
        sqs.send_message(QueueUrl=queue, MessageBody="bell\x07")
    assert error_of(err) == ("InvalidMessageContents", 400)
    sqs.send_message(QueueUrl=queue, MessageBody="tab\tnewline\n😀")


@pytest.mark.parametrize("attributes", [
    {"a": {"DataType": "Text", "StringValue": "x"}},
    {"a": {"DataType": "Number", "StringValue": "abc"}},
    {"a": {"DataType": "String", "StringValue": ""}},
    {"AWS.x": {"DataType": "String", "StringValue": "x"}},
    {f"a{i}": {"DataType": "String", "StringValue": "x"} for i in range(11)},
])
def test_bad_message_attributes_are_invalid(sqs: Any, queue: str,
                                            attributes: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as err:
        sqs.send_message(QueueUrl=queue, MessageBody="x", MessageAttributes=attributes)
    assert error_of(err) == ("InvalidParameterValue", 400)


def test_delay_seconds_out_of_range_is_invalid(sqs: Any, queue: str) -> None:
    with pytest.raises(ClientError) as err:
        sqs.send_message(QueueUrl=queue, MessageBody="x", DelaySeconds=901)
    assert error_of(err) == ("InvalidParameterValue", 400)


def test_delete_message_removes_it(sqs: Any, queue: str) -> None:
    """A deleted message is never received again; a stale handle deletes nothing, quietly;
    a malformed one is ReceiptHandleIsInvalid."""
    sqs.send_message(QueueUrl=queue, MessageBody="x")
    handle = sqs.receive_message(QueueUrl=queue)["Messages"][0]["ReceiptHandle"]
    sqs.delete_message(QueueUrl=queue, ReceiptHandle=handle)
    sqs.delete_message(QueueUrl=queue, ReceiptHandle=handle)
    attrs = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]
    assert attrs["ApproximateNumberOfMessages"] == "0"
    assert attrs["ApproximateNumberOfMessagesNotVisible"] == "0"
    with pytest.raises(sqs.exceptions.ReceiptHandleIsInvalid) as err:
        sqs.delete_message(QueueUrl=queue, ReceiptHandle="garbage")
    assert error_of(err) == ("ReceiptHandleIsInvalid", 400)


def test_change_visibility_to_zero_makes_it_visible_again(sqs: Any, queue: str) -> None:
    """ChangeMessageVisibility 0: receivable at once; of a visible message:
    MessageNotInflight."""
    sqs.send_message(QueueUrl=queue, MessageBody="x")
    handle = sqs.receive_message(QueueUrl=queue)["Messages"][0]["ReceiptHandle"]
    assert "Messages" not in sqs.receive_message(QueueUrl=queue)
    sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=handle, VisibilityTimeout=0)
    with pytest.raises(sqs.exceptions.MessageNotInflight) as err:
        sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=handle,
                                      VisibilityTimeout=10)
    assert error_of(err) == ("MessageNotInflight", 400)
    assert sqs.receive_message(QueueUrl=queue)["Messages"][0]["Body"] == "x"


def test_purge_queue_deletes_messages_once_a_minute(sqs: Any, queue: str) -> None:
    """PurgeQueue empties the queue; another within 60 s is PurgeQueueInProgress."""
    sqs.send_message(QueueUrl=queue, MessageBody="x")
    sqs.purge_queue(QueueUrl=queue)
    assert "Messages" not in sqs.receive_message(QueueUrl=queue)
    with pytest.raises(sqs.exceptions.PurgeQueueInProgress) as err:
        sqs.purge_queue(QueueUrl=queue)
    assert error_of(err) == ("PurgeQueueInProgress", 400)


def test_received_message_fills_lambdas_sqs_event_record(sqs: Any, queue: str) -> None:
    """What an event source mapping builds from ReceiveMessage validates as Powertools'
    SqsModel (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html)."""
    from aws_lambda_powertools.utilities.parser.models import SqsModel

    sqs.send_message(QueueUrl=queue, MessageBody='{"k": 1}', MessageAttributes=ATTRIBUTES)
    message = sqs.receive_message(QueueUrl=queue, AttributeNames=["All"],
                                  MessageAttributeNames=["All"])["Messages"][0]
    arn = sqs.get_queue_attributes(QueueUrl=queue,
                                   AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    record = {
        "messageId": message["MessageId"], "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"], "attributes": message["Attributes"],
        "messageAttributes": {
            name: {"dataType": v["DataType"], "stringValue": v.get("StringValue"),
                   "binaryValue": (base64.b64encode(v["BinaryValue"]).decode()
                                   if "BinaryValue" in v else None),
                   "stringListValues": [], "binaryListValues": []}
            for name, v in message["MessageAttributes"].items()},
        "md5OfBody": message["MD5OfBody"],
        "md5OfMessageAttributes": message["MD5OfMessageAttributes"],
        "eventSource": "aws:sqs", "eventSourceARN": arn, "awsRegion": "us-east-1"}
    parsed = SqsModel.model_validate({"Records": [record]})
    assert parsed.Records[0].attributes.ApproximateReceiveCount == "1"


def test_queue_receive_wait_time_makes_receives_long_polls(sqs: Any) -> None:
    """ReceiveMessageWaitTimeSeconds is the default WaitTimeSeconds."""
    url = sqs.create_queue(QueueName=f"lp{time.time_ns()}",
                           Attributes={"ReceiveMessageWaitTimeSeconds": "1"})["QueueUrl"]
    began = time.monotonic()
    assert "Messages" not in sqs.receive_message(QueueUrl=url)
    assert time.monotonic() - began >= 0.9
    began = time.monotonic()
    assert "Messages" not in sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0)
    assert time.monotonic() - began < 0.5


def test_attribute_checksum_matches_the_published_vector(sqs: Any, queue: str) -> None:
    """A Number attribute ``timestamp`` = 1493147359900 digests to the value SDK test
    suites pin as AWS's answer."""
    sent = sqs.send_message(QueueUrl=queue, MessageBody="x", MessageAttributes={
        "timestamp": {"DataType": "Number", "StringValue": "1493147359900"}})
    assert sent["MD5OfMessageAttributes"] == "235c5c510d26fb653d073faed50ae77c"


def test_standard_queue_keeps_a_message_group_id(sqs: Any, queue: str) -> None:
    """Standard queues accept MessageGroupId (fair queues) and answer it back."""
    sqs.send_message(QueueUrl=queue, MessageBody="x", MessageGroupId="tenant-1")
    got = sqs.receive_message(QueueUrl=queue, MessageSystemAttributeNames=["MessageGroupId"])
    assert got["Messages"][0]["Attributes"] == {"MessageGroupId": "tenant-1"}
