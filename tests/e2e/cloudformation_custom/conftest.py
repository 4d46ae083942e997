"""Fixtures for the custom resource, wait condition and nested stack tests: clients for
the session-wide server, and a queue where test functions report the events they got."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import make_client
from tests.server import RunningServer

ROLE = "arn:aws:iam::000000000000:role/custom-resource-role"


@pytest.fixture(scope="session")
def cfn(server: RunningServer) -> Any:
    return make_client(server, "cloudformation")


@pytest.fixture(scope="session")
def sqs(server: RunningServer) -> Any:
    return make_client(server, "sqs")


@pytest.fixture(scope="session")
def s3(server: RunningServer) -> Any:
    return make_client(server, "s3")


@pytest.fixture
def inbox(sqs: Any) -> Iterator[str]:
    """A fresh queue's URL, where handlers send each event they receive."""
    url = sqs.create_queue(QueueName=f"inbox-{uuid.uuid4().hex[:10]}")["QueueUrl"]
    yield url
    sqs.delete_queue(QueueUrl=url)


def received(sqs: Any, url: str, count: int, wait: int = 20) -> list[dict[str, Any]]:
    """The next ``count`` JSON messages on the queue (deleted as read)."""
    found: list[dict[str, Any]] = []
    for _ in range(wait):
        if len(found) >= count:
            break
        out = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
        for message in out.get("Messages", []):
            found.append(json.loads(message["Body"]))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return found

