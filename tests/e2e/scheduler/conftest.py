"""Fixtures for the EventBridge Scheduler tests: one server on a manual clock
(``--clock manual``), moved by ``POST /_cloudlet/clock``, so schedules fire in
milliseconds; SQS queues as the targets whose messages show what fired."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.lambda_.conftest import shared_dir  # noqa: F401 (a fixture)
from tests.server import RunningServer

ROLE = "arn:aws:iam::000000000000:role/scheduler-role"
ACCOUNT = "000000000000"
REGION = "us-east-1"


def manual_server(data: Path) -> RunningServer:
    return RunningServer(data, "--clock", "manual", "--idle-timeout", "30").start()


@pytest.fixture(scope="session")
def sched_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    running = manual_server(tmp_path_factory.mktemp("scheduler") / "data")
    yield running
    running.stop()


@pytest.fixture(scope="session")
def scheduler(sched_server: RunningServer) -> Any:
    return make_client(sched_server, "scheduler")


@pytest.fixture(scope="session")
def sqs(sched_server: RunningServer) -> Any:
    return make_client(sched_server, "sqs")


@pytest.fixture(scope="session")
def lambda_(sched_server: RunningServer) -> Any:
    return make_client(sched_server, "lambda")


def error(err: pytest.ExceptionInfo[ClientError]) -> tuple[str, int]:
    """An error's code and HTTP status."""
    return (err.value.response["Error"]["Code"],
            err.value.response["ResponseMetadata"]["HTTPStatusCode"])


def queue_arn(name: str) -> str:
    return f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"


@pytest.fixture
def queue(sqs: Any, unique_name: str) -> Iterator[tuple[str, str]]:
    """A fresh SQS queue: (url, arn)."""
    url = sqs.create_queue(QueueName=unique_name)["QueueUrl"]
    yield url, queue_arn(unique_name)
    sqs.delete_queue(QueueUrl=url)


@pytest.fixture
def schedules(scheduler: Any) -> Iterator[Callable[..., str]]:
    """Create schedules (OFF window, default group) and delete them after the test, so
    their firings do not leak into later tests sharing the clock."""
    made: list[tuple[str, str]] = []

    def create(name: str, expression: str, target: dict[str, Any], **kwargs: Any) -> str:
        kwargs.setdefault("FlexibleTimeWindow", {"Mode": "OFF"})
        arn: str = scheduler.create_schedule(Name=name, ScheduleExpression=expression,
                                             Target={"RoleArn": ROLE, **target}, **kwargs)[
            "ScheduleArn"]
        made.append((kwargs.get("GroupName", "default"), name))
        return arn

    yield create
    for group, name in made:
        with contextlib.suppress(scheduler.exceptions.ResourceNotFoundException):
            scheduler.delete_schedule(Name=name, GroupName=group)


def receive(sqs: Any, url: str, count: int, timeout: float = 10.0,
            **kwargs: Any) -> list[dict[str, Any]]:
    """Wait (real time) until ``count`` messages were received from ``url`` (more
    ReceiveMessage members in ``kwargs``), deleting them; all received by then."""
    got: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while len(got) < count and time.monotonic() < deadline:
        resp = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0,
                                   MessageAttributeNames=["All"], **kwargs)
        for message in resp.get("Messages", []):
            got.append(message)
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        if len(got) < count:
            time.sleep(0.05)
    return got


def nothing_arrives(sqs: Any, url: str, settle: float = 0.5) -> bool:
    """Whether ``url`` stays empty for ``settle`` seconds of real time."""
    return not receive(sqs, url, 1, timeout=settle)
