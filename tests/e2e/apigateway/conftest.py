"""Fixtures for the REST API management tests: a boto3 client, fresh APIs and helpers."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.apigateway_support import error_of
from tests.server import RunningServer

__all__ = ["add_mock_method", "error_of"]


@pytest.fixture(scope="session")
def apigw(server: RunningServer) -> Any:
    return make_client(server, "apigateway")


@pytest.fixture
def api(apigw: Any) -> Iterator[dict[str, Any]]:
    """A fresh REST API (deleted afterwards)."""
    created = apigw.create_rest_api(name="t" + uuid.uuid4().hex[:10])
    yield created
    with contextlib.suppress(ClientError):
        apigw.delete_rest_api(restApiId=created["id"])


def add_mock_method(apigw: Any, api_id: str, resource_id: str, verb: str = "GET") -> None:
    """A method with a MOCK integration, enough to deploy."""
    apigw.put_method(restApiId=api_id, resourceId=resource_id, httpMethod=verb,
                     authorizationType="NONE")
    apigw.put_integration(restApiId=api_id, resourceId=resource_id, httpMethod=verb,
                          type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'})
