"""Fixtures for the REST API data plane: one multi-purpose function, APIs built with boto3,
and plain HTTP calls in both URL forms (host and path)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import make_client
from tests.e2e.apigateway_support import (
    Reply,
    RestApi,
    api_host,
    deleted_after,
    lambda_uri,
    path_form,
    send,
    session_function,
)
from tests.server import RunningServer

__all__ = ["Reply", "call", "lambda_uri"]

# What the function does depends on ?mode=: echo (the event as the JSON body), result (the
# request body, parsed, is the function's result), fail (an unhandled error), sleep.
FUNCTION = """
    import json, time

    def handler(event, context):
        mode = (event.get("queryStringParameters") or {}).get("mode", "echo")
        if mode == "result":
            return json.loads(event["body"])
        if mode == "fail":
            raise RuntimeError("failing on purpose")
        if mode == "sleep":
            time.sleep(1.0)
            return {"statusCode": 200, "body": "late"}
        return {"statusCode": 200, "headers": {"Content-Type": "application/json"},
                "body": json.dumps(event)}
"""


@pytest.fixture(scope="session")
def apigw(server: RunningServer) -> Any:
    return make_client(server, "apigateway")


@pytest.fixture(scope="session")
def logs(logs_client: Any) -> Any:
    return logs_client


@pytest.fixture(scope="session")
def function_arn(server: RunningServer) -> Iterator[str]:
    yield from session_function(server, FUNCTION, "gw")


class Api(RestApi):
    """A REST API built through the management API, resource by resource."""

    def method(self, path: str, verb: str, uri: str, kind: str = "AWS_PROXY",
               **integration: Any) -> None:
        self.put_method(path, verb, {}, {"type": kind, "integrationHttpMethod": "POST",
                                         "uri": uri, **integration})


@pytest.fixture
def new_api(apigw: Any) -> Iterator[Any]:
    """``new_api(**create_rest_api_args)``: a fresh API, deleted after the test."""
    yield from deleted_after(lambda **kwargs: Api(apigw, "gw" + uuid.uuid4().hex[:8], **kwargs))


@pytest.fixture
def api(new_api: Any, function_arn: str) -> Any:
    """An API whose ``GET /pets`` proxies to the function, deployed to ``test``."""
    api = new_api()
    api.method("/pets", "GET", lambda_uri(function_arn))
    api.deploy("test")
    return api


def call(server: RunningServer, api_id: str, stage: str, path: str = "/", method: str = "GET",
         *, headers: list[tuple[str, str]] | None = None, body: bytes | None = None,
         form: str = "host", host: str | None = None) -> Reply:
    """One request to a stage over real HTTP; ``path`` below the stage, query included."""
    if form == "host":
        target = f"/{stage}{path}" if stage else path
        host = host or api_host(server, api_id)
    else:
        target, host = path_form(api_id, stage, path), None
    return Reply(*send(server, method, target, host=host, headers=headers, body=body))
