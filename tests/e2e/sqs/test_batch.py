"""SendMessageBatch, DeleteMessageBatch and ChangeMessageVisibilityBatch.

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessageBatch.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibilityBatch.html
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from tests.e2e.sqs.conftest import error_of


def test_send_batch_answers_each_entry(sqs: Any, queue: str) -> None:
    """Successful entries carry their Id, MessageId and MD5; a bad entry fails alone."""
    out = sqs.send_message_batch(QueueUrl=queue, Entries=[
        {"Id": "a", "MessageBody": "first"},
        {"Id": "b", "MessageBody": "second", "DelaySeconds": 0},
        {"Id": "bad", "MessageBody": "x", "DelaySeconds": 901},
    ])
    ok = {e["Id"]: e for e in out["Successful"]}
    assert set(ok) == {"a", "b"}
    assert ok["a"]["MD5OfMessageBody"] == hashlib.md5(b"first").hexdigest()
    assert out["Failed"] == [{"Id": "bad", "SenderFault": True, "Code": "InvalidParameterValue",
                              "Message": out["Failed"][0]["Message"]}]
    got = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]
    assert sorted(m["Body"] for m in got) == ["first", "second"]


def test_empty_batch_is_empty_batch_request(sqs: Any, queue: str) -> None:
    with pytest.raises(sqs.exceptions.EmptyBatchRequest) as err:
        sqs.send_message_batch(QueueUrl=queue, Entries=[])
    assert error_of(err) == ("EmptyBatchRequest", 400)


def test_more_than_ten_entries_is_too_many(sqs: Any, queue: str) -> None:
    entries = [{"Id": str(i), "MessageBody": "x"} for i in range(11)]
    with pytest.raises(sqs.exceptions.TooManyEntriesInBatchRequest) as err:
        sqs.send_message_batch(QueueUrl=queue, Entries=entries)
    assert error_of(err) == ("TooManyEntriesInBatchRequest", 400)


def test_repeated_ids_are_not_distinct(sqs: Any, queue: str) -> None:
    with pytest.raises(sqs.exceptions.BatchEntryIdsNotDistinct) as err:
        sqs.send_message_batch(QueueUrl=queue, Entries=[{"Id": "a", "MessageBody": "x"},
                                                        {"Id": "a", "MessageBody": "y"}])
    assert error_of(err) == ("BatchEntryIdsNotDistinct", 400)


def test_bad_entry_id_is_invalid_batch_entry_id(sqs: Any, queue: str) -> None:
    with pytest.raises(sqs.exceptions.InvalidBatchEntryId) as err:
        sqs.send_message_batch(QueueUrl=queue, Entries=[{"Id": "no spaces", "MessageBody": "x"}])
    assert error_of(err) == ("InvalidBatchEntryId", 400)


def test_batch_over_the_size_limit_is_too_long(sqs: Any, queue: str) -> None:
    """All entries together are at most MaximumMessageSize (1 MiB by default)."""
    entries = [{"Id": str(i), "MessageBody": "x" * 300_000} for i in range(4)]
    with pytest.raises(sqs.exceptions.BatchRequestTooLong) as err:
        sqs.send_message_batch(QueueUrl=queue, Entries=entries)
    assert error_of(err) == ("BatchRequestTooLong", 400)


def test_delete_and_change_visibility_batches(sqs: Any, queue: str) -> None:
    """Each entry succeeds or fails on its own (a malformed handle: ReceiptHandleIsInvalid)."""
    sqs.send_message_batch(QueueUrl=queue, Entries=[{"Id": str(i), "MessageBody": str(i)}
                                                    for i in range(3)])
    got = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]
    assert len(got) == 3
    changed = sqs.change_message_visibility_batch(QueueUrl=queue, Entries=[
        {"Id": "v", "ReceiptHandle": got[0]["ReceiptHandle"], "VisibilityTimeout": 0}])
    assert [e["Id"] for e in changed["Successful"]] == ["v"]
    deleted = sqs.delete_message_batch(QueueUrl=queue, Entries=[
        {"Id": "x", "ReceiptHandle": got[1]["ReceiptHandle"]},
        {"Id": "y", "ReceiptHandle": got[2]["ReceiptHandle"]},
        {"Id": "z", "ReceiptHandle": "not-a-handle"}])
    assert sorted(e["Id"] for e in deleted["Successful"]) == ["x", "y"]
    assert deleted["Failed"][0]["Id"] == "z"
    assert deleted["Failed"][0]["Code"] == "ReceiptHandleIsInvalid"
    left = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]
    assert [m["Body"] for m in left] == [got[0]["Body"]]
