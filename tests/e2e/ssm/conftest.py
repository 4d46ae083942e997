"""An SSM client for the session server, and unique parameter paths."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.conftest import make_client
from tests.server import RunningServer


@pytest.fixture(scope="session")
def ssm(server: RunningServer) -> Any:
    return make_client(server, "ssm")


@pytest.fixture
def base() -> str:
    """A fresh hierarchy for one test."""
    return f"/t{uuid.uuid4().hex[:10]}"
