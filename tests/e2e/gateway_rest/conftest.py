"""Fixtures for the REST API data plane: one multi-purpose function, APIs built with boto3,
and plain HTTP calls in both URL forms (host and path)."""

from __future__ import annotations

import contextlib
import http.client
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.conftest import make_client
from tests.e2e.lambda_.conftest import ROLE, python_zip
from tests.server import RunningServer

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
def logs(server: RunningServer) -> Any:
    return make_client(server, "logs")


@pytest.fixture(scope="session")
def function_arn(server: RunningServer) -> Iterator[str]:
    client = make_client(server, "lambda")
    name = "gw" + uuid.uuid4().hex[:10]
    out = client.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE,
                                 Handler="app.handler", Timeout=10,
                                 Code={"ZipFile": python_zip(FUNCTION)})
    yield str(out["FunctionArn"])
    with contextlib.suppress(Exception):
        client.delete_function(FunctionName=name)


def lambda_uri(fn_arn: str) -> str:
    return f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{fn_arn}/invocations"


class Api:
    """A REST API built through the management API, resource by resource."""

    def __init__(self, client: Any, name: str, **kwargs: Any):
        self.client = client
        out = client.create_rest_api(name=name, **kwargs)
        self.id: str = out["id"]
        self.ids: dict[str, str] = {"/": out["rootResourceId"]}

    def resource(self, path: str) -> str:
        if path in self.ids:
            return self.ids[path]
        parent, _, part = path.rpartition("/")
        parent_id = self.resource(parent or "/")
        out = self.client.create_resource(restApiId=self.id, parentId=parent_id, pathPart=part)
        self.ids[path] = out["id"]
        return str(out["id"])

    def method(self, path: str, verb: str, uri: str, kind: str = "AWS_PROXY",
               **integration: Any) -> None:
        rid = self.resource(path)
        self.client.put_method(restApiId=self.id, resourceId=rid, httpMethod=verb,
                               authorizationType="NONE")
        self.client.put_integration(restApiId=self.id, resourceId=rid, httpMethod=verb,
                                    type=kind, integrationHttpMethod="POST", uri=uri,
                                    **integration)

    def deploy(self, stage: str = "test", **kwargs: Any) -> str:
        out = self.client.create_deployment(restApiId=self.id, stageName=stage, **kwargs)
        return str(out["id"])

    def delete(self) -> None:
        with contextlib.suppress(Exception):
            self.client.delete_rest_api(restApiId=self.id)


@pytest.fixture
def new_api(apigw: Any) -> Iterator[Any]:
    """``new_api(**create_rest_api_args)``: a fresh API, deleted after the test."""
    made: list[Api] = []

    def make(**kwargs: Any) -> Api:
        api = Api(apigw, "gw" + uuid.uuid4().hex[:8], **kwargs)
        made.append(api)
        return api

    yield make
    for api in made:
        api.delete()


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def all(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def json(self) -> Any:
        return json.loads(self.body)


def call(server: RunningServer, api_id: str, stage: str, path: str = "/", method: str = "GET",
         *, headers: list[tuple[str, str]] | None = None, body: bytes | None = None,
         form: str = "host", host: str | None = None) -> Reply:
    """One request to a stage over real HTTP; ``path`` below the stage, query included."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        if form == "host":
            url = f"/{stage}{path}" if stage else path
            conn.putrequest(method, url, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", host or f"{api_id}.execute-api.localhost:{server.port}")
        else:
            url = f"/restapis/{api_id}/{stage}/_user_request_{path}"
            conn.putrequest(method, url, skip_accept_encoding=True)
        for name, value in headers or []:
            conn.putheader(name, value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        resp = conn.getresponse()
        return Reply(resp.status, resp.getheaders(), resp.read())
    finally:
        conn.close()
