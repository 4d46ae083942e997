"""Fixtures of the messaging provider tests (S3, SNS, SQS, EventBridge, Scheduler):
clients of the session's server, skipped while the stack engine's API is not there."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.server import RunningServer


@pytest.fixture(scope="session")
def cfn(server: RunningServer) -> Any:
    client = make_client(server, "cloudformation")
    try:
        client.list_stacks()
    except ClientError as error:
        pytest.skip(f"the engine's CloudFormation API is not there yet: {error}")
    return client


def _client(name: str) -> Any:
    @pytest.fixture(scope="session")
    def fixture(server: RunningServer, cfn: Any) -> Any:
        return make_client(server, name)
    return fixture


sqs = _client("sqs")
sns = _client("sns")
s3 = _client("s3")
events = _client("events")
lam = _client("lambda")
scheduler = _client("scheduler")


def receive(sqs: Any, url: str, count: int = 1, timeout: float = 10.0) -> list[dict[str, Any]]:
    """At least ``count`` messages from the queue (deleted as read), within ``timeout``."""
    got: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while len(got) < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"{len(got)} of {count} messages after {timeout}s")
        out = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1,
                                  MessageAttributeNames=["All"])
        for message in out.get("Messages", []):
            got.append(message)
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return got


def bodies(messages: list[dict[str, Any]]) -> list[Any]:
    return [json.loads(m["Body"]) for m in messages]


def error_code(err: pytest.ExceptionInfo[ClientError]) -> str:
    return str(err.value.response["Error"]["Code"])


def allow_all(service: str, resource: Any) -> dict[str, Any]:
    """A policy document letting ``service`` (a service principal) act on ``resource``."""
    return {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": service},
        "Action": "*", "Resource": resource}]}
