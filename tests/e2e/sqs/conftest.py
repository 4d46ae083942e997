"""Fixtures for the SQS tests: clients, a fresh queue per test, and a server on a manual
clock (``--clock manual``) for delays, visibility timeouts and retention."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.server import RunningServer, serving


@pytest.fixture(scope="session")
def sqs(server: RunningServer) -> Any:
    return make_client(server, "sqs")


def fresh_name(suffix: str = "") -> str:
    return f"q{uuid.uuid4().hex[:12]}{suffix}"


@pytest.fixture
def queue(sqs: Any) -> Iterator[str]:
    url: str = sqs.create_queue(QueueName=fresh_name())["QueueUrl"]
    yield url
    with contextlib.suppress(ClientError):
        sqs.delete_queue(QueueUrl=url)


@pytest.fixture
def fifo_queue(sqs: Any) -> Iterator[str]:
    url: str = sqs.create_queue(QueueName=fresh_name(".fifo"),
                                Attributes={"FifoQueue": "true"})["QueueUrl"]
    yield url
    with contextlib.suppress(ClientError):
        sqs.delete_queue(QueueUrl=url)


@pytest.fixture(scope="module")
def clock_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    yield from serving(tmp_path_factory, "sqs-clock", "--clock", "manual")


@pytest.fixture(scope="module")
def clock_sqs(clock_server: RunningServer) -> Any:
    return make_client(clock_server, "sqs")


def error_of(err: pytest.ExceptionInfo[ClientError]) -> tuple[str, int]:
    """The error's code as the model names it (the shape; the SDK keeps it as
    QueryErrorCode when the x-amzn-query-error header names the query code) and status."""
    error = err.value.response["Error"]
    return (error.get("QueryErrorCode", error["Code"]),
            err.value.response["ResponseMetadata"]["HTTPStatusCode"])


def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"
