"""Fixtures for REST API protection: a backend function that echoes its proxy event, a
Lambda authorizer steered by its token, and APIs with one protected method."""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.conftest import make_client
from tests.e2e.apigateway_support import RestApi, deleted_after, lambda_uri, session_function
from tests.e2e.gateway_rest.conftest import Reply, call
from tests.server import RunningServer

ECHO = """
    import json

    def handler(event, context):
        return {"statusCode": 200, "headers": {"Content-Type": "application/json"},
                "body": json.dumps(event)}
"""

# The token (TOKEN) or the X-Token header (REQUEST) says what to answer: "allow:NAME",
# "deny:NAME", "other:NAME" (allows only POST), "key:VALUE" (allow, usageIdentifierKey
# VALUE), "unauthorized", "fail", "bad" (no policy), "nested" (an object in context),
# "event" (allow, the whole event in context as JSON).
AUTHORIZER = """
    import json

    def handler(event, context):
        token = event.get("authorizationToken")
        if token is None:
            token = (event.get("headers") or {}).get("X-Token", "")
        mode, _, arg = token.partition(":")
        arn = event["methodArn"]
        if mode == "unauthorized":
            raise Exception("Unauthorized")
        if mode == "fail":
            raise RuntimeError("failing on purpose")
        if mode == "bad":
            return {"statusCode": 401}
        effect = "Deny" if mode == "deny" else "Allow"
        resource = arn
        if mode == "other":
            api_stage = arn.split("/")[:2]
            resource = "/".join(api_stage) + "/POST/*"
        out = {
            "principalId": "user-" + arg,
            "policyDocument": {"Version": "2012-10-17", "Statement": [
                {"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}]},
            "context": {"who": arg, "n": 7, "ok": True, "call": context.aws_request_id},
        }
        if mode == "key":
            out["usageIdentifierKey"] = arg
        if mode == "nested":
            out["context"] = {"x": {"y": 1}}
        if mode == "event":
            out["context"]["event"] = json.dumps(event)
        return out
"""


@pytest.fixture(scope="session")
def apigw(server: RunningServer) -> Any:
    return make_client(server, "apigateway")


@pytest.fixture(scope="session")
def echo_arn(server: RunningServer) -> Iterator[str]:
    yield from session_function(server, ECHO, "gp")


@pytest.fixture(scope="session")
def authorizer_arn(server: RunningServer) -> Iterator[str]:
    yield from session_function(server, AUTHORIZER, "gp")


class Api(RestApi):
    """A REST API whose methods all proxy to the echo function."""

    def __init__(self, client: Any, echo_arn: str, **kwargs: Any):
        super().__init__(client, "gp" + uuid.uuid4().hex[:8], **kwargs)
        self.echo_arn = echo_arn

    def method(self, path: str = "/pets", verb: str = "GET", **method: Any) -> str:
        return self.put_method(path, verb, method, {
            "type": "AWS_PROXY", "integrationHttpMethod": "POST",
            "uri": lambda_uri(self.echo_arn)})

    def authorizer(self, fn_arn: str, **kwargs: Any) -> str:
        kwargs.setdefault("type", "TOKEN")
        kwargs.setdefault("identitySource", "method.request.header.Authorization")
        out = self.client.create_authorizer(restApiId=self.id, name="a" + uuid.uuid4().hex[:6],
                                            authorizerUri=lambda_uri(fn_arn), **kwargs)
        return str(out["id"])


@pytest.fixture
def new_api(apigw: Any, echo_arn: str) -> Iterator[Callable[..., Api]]:
    yield from deleted_after(lambda **kwargs: Api(apigw, echo_arn, **kwargs))


@pytest.fixture
def keys_and_plans(apigw: Any) -> Iterator[dict[str, list[str]]]:
    """Ids of API keys and usage plans a test made, deleted after it."""
    made: dict[str, list[str]] = {"keys": [], "plans": []}
    yield made
    for plan in made["plans"]:
        with contextlib.suppress(Exception):
            out = apigw.get_usage_plan_keys(usagePlanId=plan)
            for key in out.get("items", []):
                apigw.delete_usage_plan_key(usagePlanId=plan, keyId=key["id"])
            apigw.delete_usage_plan(usagePlanId=plan)
    for key in made["keys"]:
        with contextlib.suppress(Exception):
            apigw.delete_api_key(apiKey=key)


def get(server: RunningServer, api: Api, path: str = "/pets", stage: str = "test",
        method: str = "GET", headers: dict[str, str] | None = None,
        body: bytes | None = None) -> Reply:
    return call(server, api.id, stage, path, method, headers=list((headers or {}).items()),
                body=body)


def event_of(reply: Reply) -> dict[str, Any]:
    """The proxy event the echo function saw."""
    assert reply.status == 200, reply.body
    found: dict[str, Any] = json.loads(reply.body)
    return found
