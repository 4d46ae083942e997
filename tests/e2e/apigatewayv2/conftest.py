"""Fixtures for the HTTP API (``apigatewayv2``) tests: a client, APIs removed after each test."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.server import RunningServer

FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:handler"

CreateApi = Callable[..., dict[str, Any]]


@pytest.fixture(scope="session")
def apigw2(server: RunningServer) -> Any:
    return make_client(server, "apigatewayv2")


@pytest.fixture
def create_api(apigw2: Any) -> Iterator[CreateApi]:
    """Create HTTP APIs (``Name`` unique by default) and delete them after the test."""
    created: list[str] = []

    def create(**kwargs: Any) -> dict[str, Any]:
        args = {"Name": "t" + uuid.uuid4().hex[:10], "ProtocolType": "HTTP", **kwargs}
        api: dict[str, Any] = apigw2.create_api(**args)
        created.append(api["ApiId"])
        return api

    yield create
    for api_id in created:
        with contextlib.suppress(ClientError):
            apigw2.delete_api(ApiId=api_id)


@pytest.fixture
def api_id(create_api: CreateApi) -> str:
    return str(create_api()["ApiId"])


@pytest.fixture
def lambda_integration(apigw2: Any, api_id: str) -> str:
    return str(apigw2.create_integration(
        ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=FUNCTION_ARN,
        PayloadFormatVersion="2.0")["IntegrationId"])


def error_of(err: pytest.ExceptionInfo[ClientError]) -> tuple[str, int]:
    resp = err.value.response
    return resp["Error"]["Code"], resp["ResponseMetadata"]["HTTPStatusCode"]
