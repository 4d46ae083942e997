"""Fixtures for the CloudWatch Logs tests: a fresh log group (and stream) per test."""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def group(logs_client: Any) -> Iterator[str]:
    name = f"/test/{uuid.uuid4().hex[:12]}"
    logs_client.create_log_group(logGroupName=name)
    yield name
    with contextlib.suppress(logs_client.exceptions.ResourceNotFoundException):
        logs_client.delete_log_group(logGroupName=name)


@pytest.fixture
def stream(logs_client: Any, group: str) -> str:
    logs_client.create_log_stream(logGroupName=group, logStreamName="main")
    return "main"


def now_ms() -> int:
    return int(time.time() * 1000)


def put(logs_client: Any, group: str, stream: str, messages: list[str],
        start: int | None = None) -> list[int]:
    """Put messages one millisecond apart; returns their timestamps."""
    base = start if start is not None else now_ms() - len(messages)
    stamps = [base + i for i in range(len(messages))]
    logs_client.put_log_events(
        logGroupName=group, logStreamName=stream,
        logEvents=[{"timestamp": ts, "message": m} for ts, m in zip(stamps, messages, strict=True)])
    return stamps
