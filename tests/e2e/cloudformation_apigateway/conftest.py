"""Fixtures and template pieces for the API Gateway provider tests: clients for the
session-wide server, one Lambda function answering API Gateway proxy events (made with
boto3, so most stacks take its ARN as a parameter), and plain HTTP calls to deployed
stages."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import make_client
from tests.e2e.apigateway_support import Reply, api_host, send, session_function
from tests.server import RunningServer

ROLE = "arn:aws:iam::000000000000:role/apigw-stack-role"

# Answers a REST (1.0) or HTTP API (2.0) proxy event with what it was asked.
PROXY_SOURCE = """\
import json

def handler(event, context):
    method = event.get("httpMethod") or event["requestContext"]["http"]["method"]
    path = event.get("path") or event.get("rawPath")
    body = {"method": method, "path": path, "version": event.get("version", "1.0"),
            "params": event.get("pathParameters"),
            "stageVariables": event.get("stageVariables")}
    return {"statusCode": 200, "headers": {"content-type": "application/json"},
            "body": json.dumps(body)}
"""


# A TOKEN authorizer: allows the token "allow", denies any other.
AUTHORIZER_SOURCE = """\
def handler(event, context):
    effect = "Allow" if event.get("authorizationToken") == "allow" else "Deny"
    return {"principalId": "user", "policyDocument": {"Version": "2012-10-17", "Statement": [
        {"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}]}}
"""


@pytest.fixture(scope="session")
def apigw(server: RunningServer) -> Any:
    return make_client(server, "apigateway")


@pytest.fixture(scope="session")
def apigw2(server: RunningServer) -> Any:
    return make_client(server, "apigatewayv2")


@pytest.fixture(scope="session")
def proxy_fn(server: RunningServer) -> Iterator[str]:
    """The ARN of a function answering proxy events (see ``PROXY_SOURCE``)."""
    yield from session_function(server, PROXY_SOURCE, "cfnapigw")


@pytest.fixture(scope="session")
def authorizer_fn(server: RunningServer) -> Iterator[str]:
    """The ARN of a TOKEN authorizer function (see ``AUTHORIZER_SOURCE``)."""
    yield from session_function(server, AUTHORIZER_SOURCE, "cfnauth")


def function_uri(arn: Any) -> dict[str, Any]:
    """The integration URI invoking function ``arn`` (a value or an intrinsic)."""
    return {"Fn::Sub": ["arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/"
                        "functions/${Fn}/invocations", {"Fn": arn}]}


def call(server: RunningServer, api_id: str, path: str, method: str = "GET",
         headers: list[tuple[str, str]] | None = None, body: bytes | None = None,
         expect: int | None = None, timeout: float = 5.0) -> Reply:
    """``method path`` on the API in the host form. With ``expect``, retried until that
    status comes back (a freshly made route is served at once; the retry only absorbs a
    cold function)."""
    deadline = time.monotonic() + timeout
    while True:
        status, got, data = send(server, method, path, host=api_host(server, api_id),
                                 headers=headers, body=body)
        reply = Reply(status, got, data)
        if expect is None or status == expect or time.monotonic() > deadline:
            return reply
        time.sleep(0.1)


def answer(reply: Reply) -> dict[str, Any]:
    """The proxy function's JSON answer, with the status checked."""
    assert reply.status == 200, (reply.status, reply.body)
    found: dict[str, Any] = json.loads(reply.body)
    return found
