"""Fixtures for the DynamoDB conformance tests: fresh tables per test (unique names on a
session-wide server, so nothing needs cleaning up)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.dynamodb.support import create_table


@pytest.fixture
def make_table(ddb: Any) -> Callable[..., str]:
    def make(**kwargs: Any) -> str:
        return create_table(ddb, **kwargs)

    return make


@pytest.fixture
def table(make_table: Callable[..., str]) -> str:
    """A table keyed by ``pk`` (S)."""
    return make_table()


@pytest.fixture
def sorted_table(make_table: Callable[..., str]) -> str:
    """A table keyed by ``pk`` (S) and ``sk`` (N)."""
    return make_table(range_key="sk", range_type="N")
