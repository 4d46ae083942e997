"""Fixtures for the OpenAPI import/export tests: an ``apigateway`` client, helpers to read
what an import created."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import make_client
from tests.server import RunningServer


@pytest.fixture(scope="session")
def apigw(server: RunningServer) -> Any:
    return make_client(server, "apigateway")


@pytest.fixture
def imported(apigw: Any) -> Iterator[list[str]]:
    """Ids of APIs a test creates, deleted afterwards."""
    ids: list[str] = []
    yield ids
    for api_id in ids:
        with contextlib.suppress(Exception):  # best-effort clean-up
            apigw.delete_rest_api(restApiId=api_id)


def import_api(apigw: Any, ids: list[str], definition: dict[str, Any] | str,
               **kwargs: Any) -> dict[str, Any]:
    body = definition if isinstance(definition, str) else json.dumps(definition)
    api: dict[str, Any] = apigw.import_rest_api(body=body.encode(), **kwargs)
    ids.append(api["id"])
    return api


def resources_by_path(apigw: Any, api_id: str) -> dict[str, dict[str, Any]]:
    items = apigw.get_resources(restApiId=api_id, limit=500)["items"]
    return {r["path"]: r for r in items}
