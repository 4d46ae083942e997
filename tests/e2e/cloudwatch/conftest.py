"""A CloudWatch client for the session server, unique namespaces, and time helpers."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.server import RunningServer


@pytest.fixture(scope="session")
def cw(server: RunningServer) -> Any:
    return make_client(server, "cloudwatch")


@pytest.fixture
def namespace() -> str:
    return f"Test/{uuid.uuid4().hex[:10]}"


def window(minutes: int = 10) -> dict[str, datetime]:
    """StartTime and EndTime around now (the last ``minutes`` and the next one)."""
    now = datetime.now(UTC)
    return {"StartTime": now - timedelta(minutes=minutes), "EndTime": now + timedelta(minutes=1)}


def error_of(call: Any, **kwargs: Any) -> tuple[str, int, str]:
    """The code, status and message of the ClientError ``call(**kwargs)`` raises."""
    with pytest.raises(ClientError) as err:
        call(**kwargs)
    resp = err.value.response
    return resp["Error"]["Code"], resp["ResponseMetadata"]["HTTPStatusCode"], resp["Error"]["Message"]
