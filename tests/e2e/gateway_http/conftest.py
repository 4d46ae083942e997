"""Fixtures for the HTTP API data plane tests: a shared function that answers by mode, APIs
made through the apigatewayv2 API, and plain HTTP calls in the host and path forms."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.apigateway_support import (
    Reply,
    api_host,
    create_function,
    http_apis,
    path_form,
    send,
)
from tests.server import RunningServer

# One function for most tests: the request's ``x-mode`` header says how it answers.
HANDLER = """
    import base64, json, time

    def handler(event, context):
        headers = event.get("headers") or {}
        mode = headers.get("x-mode") or headers.get("X-Mode") or "echo"
        if mode == "echo":
            return {"statusCode": 200, "headers": {"content-type": "application/json"},
                    "body": json.dumps(event)}
        if mode == "bare":
            return {"hello": "world"}
        if mode == "string":
            return "just text"
        if mode == "full":
            return {"statusCode": 201, "headers": {"x-custom": "yes"},
                    "cookies": ["a=1; Path=/", "b=2"], "body": "created"}
        if mode == "nocontenttype":
            return {"statusCode": 200, "body": "plain"}
        if mode == "binary":
            return {"statusCode": 200, "headers": {"content-type": "image/png"},
                    "isBase64Encoded": True, "body": base64.b64encode(b"\\x89PNG").decode()}
        if mode == "multi":
            return {"statusCode": 200, "headers": {"x-one": "a"},
                    "multiValueHeaders": {"x-many": ["1", "2"]}, "body": "m"}
        if mode == "malformed":
            return {"statusCode": "not a number", "body": {"not": "a string"}}
        if mode == "error":
            raise RuntimeError("failing on purpose")
        if mode == "sleep":
            time.sleep(1.5)
            return {"statusCode": 200, "body": "late"}
        if mode == "cors":
            return {"statusCode": 200, "headers": {"access-control-allow-origin": "https://evil.example"},
                    "body": "c"}
        return {"statusCode": 400, "body": "unknown mode"}
"""


class Answer(Reply):
    """A plain HTTP answer; ``header`` joins repeated values with commas."""

    def header(self, name: str) -> str | None:
        found = self.all(name)
        return ",".join(found) if found else None


Call = Callable[..., Answer]


def request(server: RunningServer, api_id: str, method: str, path: str, *,
            headers: list[tuple[str, str]] | None = None, body: bytes = b"",
            stage: str | None = None) -> Answer:
    """One plain HTTP request: the host form, or the path form when ``stage`` is given."""
    if stage is None:
        target, host = path, api_host(server, api_id)
    else:
        target, host = path_form(api_id, stage, path), None
    sent = body if body or method in ("POST", "PUT", "PATCH") else None
    return Answer(*send(server, method, target, host=host, headers=headers, body=sent))


@pytest.fixture
def call(server: RunningServer) -> Call:
    def do(api_id: str, method: str, path: str, **kwargs: Any) -> Answer:
        return request(server, api_id, method, path, **kwargs)

    return do


@pytest.fixture(scope="session")
def apigw2(server: RunningServer) -> Any:
    return make_client(server, "apigatewayv2")


@pytest.fixture(scope="session")
def make_function(lambda_client: Any) -> Iterator[Callable[..., str]]:
    """Create functions (removed at the end of the session); answers the function ARN."""
    created: list[str] = []

    def create(source: str, **kwargs: Any) -> str:
        name, arn = create_function(lambda_client, source, "gwh", **kwargs)
        created.append(name)
        lambda_client.add_permission(FunctionName=name, StatementId="apigateway",
                                     Action="lambda:InvokeFunction",
                                     Principal="apigateway.amazonaws.com")
        return arn

    yield create
    for name in created:
        with contextlib.suppress(ClientError):
            lambda_client.delete_function(FunctionName=name)


@pytest.fixture(scope="session")
def handler_arn(make_function: Callable[..., str]) -> str:
    return make_function(HANDLER)


@pytest.fixture
def create_api(apigw2: Any) -> Iterator[Callable[..., dict[str, Any]]]:
    """Create HTTP APIs and delete them after the test."""
    yield from http_apis(apigw2)


@pytest.fixture
def quick_api(create_api: Callable[..., dict[str, Any]], handler_arn: str) -> str:
    """A quick-created API: ``$default`` route to the shared function, ``$default`` stage
    with AutoDeploy."""
    return str(create_api(Target=handler_arn)["ApiId"])


def lambda_integration(apigw2: Any, api_id: str, fn_arn: str, version: str = "2.0",
                       **kwargs: Any) -> str:
    return str(apigw2.create_integration(
        ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=fn_arn,
        PayloadFormatVersion=version, **kwargs)["IntegrationId"])


def route(apigw2: Any, api_id: str, key: str, integration_id: str, **kwargs: Any) -> str:
    return str(apigw2.create_route(ApiId=api_id, RouteKey=key,
                                   Target=f"integrations/{integration_id}",
                                   **kwargs)["RouteId"])


def auto_stage(apigw2: Any, api_id: str, name: str = "$default", **kwargs: Any) -> None:
    apigw2.create_stage(ApiId=api_id, StageName=name, AutoDeploy=True, **kwargs)
