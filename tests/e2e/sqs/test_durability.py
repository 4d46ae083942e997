"""An acknowledged SendMessage survives the server being killed.

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/welcome.html
(messages are stored redundantly before SendMessage succeeds)
"""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

from tests.conftest import make_client
from tests.server import RunningServer


def test_sent_message_survives_sigkill_and_restart(tmp_path: Path) -> None:
    running = RunningServer(tmp_path / "data").start()
    try:
        sqs = make_client(running, "sqs")
        url = sqs.create_queue(QueueName="durable")["QueueUrl"]
        sent = sqs.send_message(QueueUrl=url, MessageBody="keep me",
                                MessageAttributes={"a": {"DataType": "Number",
                                                         "StringValue": "1"}})
        fifo = sqs.create_queue(QueueName="durable.fifo",
                                Attributes={"FifoQueue": "true"})["QueueUrl"]
        sqs.send_message(QueueUrl=fifo, MessageBody="f", MessageGroupId="g",
                         MessageDeduplicationId="d")
        running.stop(signal.SIGKILL)
        running.start()
        sqs = make_client(running, "sqs")
        url = sqs.get_queue_url(QueueName="durable")["QueueUrl"]
        got = sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"])["Messages"][0]
        assert got["MessageId"] == sent["MessageId"]
        assert got["Body"] == "keep me"
        assert got["MD5OfMessageAttributes"] == sent["MD5OfMessageAttributes"]
        again = sqs.send_message(QueueUrl=fifo, MessageBody="f", MessageGroupId="g",
                                 MessageDeduplicationId="d")
        assert len(sqs.receive_message(QueueUrl=fifo, MaxNumberOfMessages=10)["Messages"]) == 1
        assert again["MessageId"]
    finally:
        running.stop()


def test_running_move_task_resumes_after_sigkill(tmp_path: Path) -> None:
    """A RUNNING message move task is stored; after a restart the worker finishes it."""
    running = RunningServer(tmp_path / "data", "--clock", "manual").start()
    try:
        sqs = make_client(running, "sqs")
        dlq = sqs.create_queue(QueueName="dlq")["QueueUrl"]
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq,
                                           AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        policy = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 1})
        source = sqs.create_queue(QueueName="src", Attributes={"RedrivePolicy": policy})
        url = source["QueueUrl"]
        sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": str(i)}
                                                      for i in range(3)])
        for _ in range(2):
            sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0)
        sqs.start_message_move_task(SourceArn=dlq_arn, MaxNumberOfMessagesPerSecond=1)
        running.stop(signal.SIGKILL)
        running.start()
        sqs = make_client(running, "sqs")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            task = sqs.list_message_move_tasks(SourceArn=dlq_arn)["Results"][0]
            if task["Status"] == "COMPLETED":
                break
            running.advance_clock(31)  # past the lease of a message leased before the kill
            time.sleep(0.05)
        assert task["Status"] == "COMPLETED"
        back = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
        assert sorted(m["Body"] for m in back) == ["0", "1", "2"]
    finally:
        running.stop()
