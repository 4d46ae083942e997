"""Fixtures for the HTTP API (``apigatewayv2``) tests: a client, APIs removed after each test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import make_client
from tests.e2e.apigateway_support import CreateApi, error_of, http_apis
from tests.server import RunningServer

__all__ = ["FUNCTION_ARN", "CreateApi", "error_of"]

FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:handler"


@pytest.fixture(scope="session")
def apigw2(server: RunningServer) -> Any:
    return make_client(server, "apigatewayv2")


@pytest.fixture
def create_api(apigw2: Any) -> Iterator[CreateApi]:
    """Create HTTP APIs (``Name`` unique by default) and delete them after the test."""
    yield from http_apis(apigw2)


@pytest.fixture
def api_id(create_api: CreateApi) -> str:
    return str(create_api()["ApiId"])


@pytest.fixture
def lambda_integration(apigw2: Any, api_id: str) -> str:
    return str(apigw2.create_integration(
        ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=FUNCTION_ARN,
        PayloadFormatVersion="2.0")["IntegrationId"])
