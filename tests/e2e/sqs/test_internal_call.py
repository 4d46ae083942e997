"""Other services reach SQS through ``cloudlet.server.internal.call`` (SNS, S3 and
EventBridge send; Lambda's event source mappings receive, delete and change visibility):
the same handlers and checks as HTTP, run in-process on a real server state.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest

from cloudlet.config import Config
from cloudlet.server.context import Principal
from cloudlet.server.internal import call
from cloudlet.server.state import ServerState
from cloudlet.services.sqs import service
from cloudlet.services.sqs.errors import QueueDoesNotExist


def _run(tmp_path: Path, scenario: Any) -> Any:
    async def main() -> Any:
        state = ServerState(Config(data_dir=tmp_path / "data"), {"sqs": service})
        return await scenario(state)
    return asyncio.run(main())


def test_send_receive_and_delete_through_internal_call(tmp_path: Path) -> None:
    async def scenario(state: ServerState) -> None:
        sns = Principal.service("123456789012", "sns.amazonaws.com")
        url = (await call(state, "sqs", "CreateQueue", {"QueueName": "events"},
                          account="123456789012", region="eu-west-1"))["QueueUrl"]
        found = await call(state, "sqs", "GetQueueUrl", {
            "QueueName": "events", "QueueOwnerAWSAccountId": "123456789012"},
            principal=sns, region="eu-west-1")
        assert found["QueueUrl"] == url
        await call(state, "sqs", "SendMessage", {
            "QueueUrl": url, "MessageBody": '{"a": 1}',
            "MessageAttributes": {"bin": {"DataType": "Binary", "BinaryValue": b"\x00"}}},
            principal=sns, region="eu-west-1")
        got = await call(state, "sqs", "ReceiveMessage", {
            "QueueUrl": url, "AttributeNames": ["All"], "MessageAttributeNames": ["All"],
            "MaxNumberOfMessages": 10, "WaitTimeSeconds": 1}, region="eu-west-1",
            account="123456789012")
        message = got["Messages"][0]
        assert message["Body"] == '{"a": 1}'
        assert message["MessageAttributes"]["bin"]["BinaryValue"] == b"\x00"
        assert message["Attributes"]["SenderId"] == "sns.amazonaws.com"
        await call(state, "sqs", "ChangeMessageVisibility", {
            "QueueUrl": url, "ReceiptHandle": message["ReceiptHandle"], "VisibilityTimeout": 0},
            account="123456789012", region="eu-west-1")
        again = (await call(state, "sqs", "ReceiveMessage", {"QueueUrl": url},
                            account="123456789012", region="eu-west-1"))["Messages"][0]
        deleted = await call(state, "sqs", "DeleteMessageBatch", {"QueueUrl": url, "Entries": [
            {"Id": "1", "ReceiptHandle": again["ReceiptHandle"]}]},
            account="123456789012", region="eu-west-1")
        assert [e["Id"] for e in deleted["Successful"]] == ["1"]
        wire = await call(state, "sqs", "GetQueueAttributes", {
            "QueueUrl": url, "AttributeNames": ["ApproximateNumberOfMessages"]},
            account="123456789012", region="eu-west-1", wire=True)
        assert wire == {"Attributes": {"ApproximateNumberOfMessages": "0"}}
    _run(tmp_path, scenario)


def test_long_poll_through_internal_call_wakes_on_send(tmp_path: Path) -> None:
    async def scenario(state: ServerState) -> float:
        url = (await call(state, "sqs", "CreateQueue", {"QueueName": "poll"}))["QueueUrl"]

        async def send_later() -> None:
            await asyncio.sleep(0.2)
            await call(state, "sqs", "SendMessage", {"QueueUrl": url, "MessageBody": "x"})
        began = time.monotonic()
        sender = asyncio.ensure_future(send_later())
        got = await call(state, "sqs", "ReceiveMessage", {"QueueUrl": url, "WaitTimeSeconds": 20})
        await sender
        assert got["Messages"][0]["Body"] == "x"
        return time.monotonic() - began
    assert _run(tmp_path, scenario) < 1.0


def test_errors_are_raised_as_service_errors(tmp_path: Path) -> None:
    async def scenario(state: ServerState) -> None:
        with pytest.raises(QueueDoesNotExist):
            await call(state, "sqs", "GetQueueUrl", {"QueueName": "missing"})
    _run(tmp_path, scenario)
