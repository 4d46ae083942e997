"""What the API Gateway tests share (tests/e2e/{apigateway,apigatewayv2,apigateway_openapi,
gateway_*}): error codes of boto3 errors, Lambda functions made for a test session, REST
APIs built resource by resource, HTTP APIs removed after a test, and plain HTTP requests to
a stage in the host form (``Host: {api_id}.execute-api.localhost``) or the path form
(``/restapis/{api_id}/{stage}/_user_request_/...``).

Plain functions and classes: each directory's conftest.py keeps its own fixture names and
builds them from these.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import pytest
from botocore.exceptions import ClientError

from cloudlet.testing import function_ready
from tests.conftest import make_client
from tests.e2e.lambda_.conftest import ROLE, python_zip
from tests.server import RunningServer

CreateApi = Callable[..., dict[str, Any]]


def error_of(err: pytest.ExceptionInfo[ClientError]) -> tuple[str, int]:
    """``(code, status)`` of a boto3 ClientError."""
    resp = err.value.response
    return resp["Error"]["Code"], resp["ResponseMetadata"]["HTTPStatusCode"]


def lambda_uri(fn_arn: str) -> str:
    """The integration URI that invokes a function."""
    return f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{fn_arn}/invocations"


def create_function(client: Any, source: str, prefix: str, **kwargs: Any) -> tuple[str, str]:
    """A python3.12 function running ``source`` as app.py; answers ``(name, arn)``."""
    name = prefix + uuid.uuid4().hex[:10]
    out = client.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE,
                                 Handler="app.handler", Timeout=10,
                                 Code={"ZipFile": python_zip(source)}, **kwargs)
    function_ready(client, name)
    return name, str(out["FunctionArn"])


def session_function(server: RunningServer, source: str, prefix: str) -> Iterator[str]:
    """For a fixture to ``yield from``: a function's ARN, the function deleted afterwards."""
    client = make_client(server, "lambda")
    name, arn = create_function(client, source, prefix)
    yield arn
    with contextlib.suppress(Exception):
        client.delete_function(FunctionName=name)


class RestApi:
    """A REST API built through the management API, resource by resource (subclasses add
    ``method`` as their tests need it)."""

    def __init__(self, client: Any, name: str, **kwargs: Any):
        self.client = client
        out = client.create_rest_api(name=name, **kwargs)
        self.id: str = out["id"]
        self.ids: dict[str, str] = {"/": out["rootResourceId"]}

    def resource(self, path: str) -> str:
        """The id of the resource at ``path``, made (with its parents) when missing."""
        if path not in self.ids:
            parent, _, part = path.rpartition("/")
            out = self.client.create_resource(restApiId=self.id,
                                              parentId=self.resource(parent or "/"),
                                              pathPart=part)
            self.ids[path] = str(out["id"])
        return self.ids[path]

    def put_method(self, path: str, verb: str, method: dict[str, Any],
                   integration: dict[str, Any]) -> str:
        """A method (``put_method`` args; authorizationType NONE unless given) and its
        integration (``put_integration`` args) on the resource at ``path``; its id."""
        rid = self.resource(path)
        self.client.put_method(restApiId=self.id, resourceId=rid, httpMethod=verb,
                               **{"authorizationType": "NONE", **method})
        self.client.put_integration(restApiId=self.id, resourceId=rid, httpMethod=verb,
                                    **integration)
        return rid

    def deploy(self, stage: str = "test", **kwargs: Any) -> str:
        """A deployment to ``stage``; its id."""
        out = self.client.create_deployment(restApiId=self.id, stageName=stage, **kwargs)
        return str(out["id"])

    def delete(self) -> None:
        with contextlib.suppress(Exception):
            self.client.delete_rest_api(restApiId=self.id)


A = TypeVar("A", bound=RestApi)


def deleted_after(make: Callable[..., A]) -> Iterator[Callable[..., A]]:
    """For a fixture to ``yield from``: ``make``, each API it made deleted afterwards."""
    made: list[A] = []

    def tracked(*args: Any, **kwargs: Any) -> A:
        api = make(*args, **kwargs)
        made.append(api)
        return api

    yield tracked
    for api in made:
        api.delete()


def http_apis(apigw2: Any, make: CreateApi | None = None) -> Iterator[CreateApi]:
    """For a fixture to ``yield from``: ``make`` (by default CreateApi with a unique
    ``Name`` and ``ProtocolType`` HTTP), each API it made deleted afterwards."""
    created: list[str] = []

    def create(**kwargs: Any) -> dict[str, Any]:
        args = {"Name": "t" + uuid.uuid4().hex[:10], "ProtocolType": "HTTP", **kwargs}
        return dict(apigw2.create_api(**args))

    def tracked(*args: Any, **kwargs: Any) -> dict[str, Any]:
        api = (make or create)(*args, **kwargs)
        created.append(api["ApiId"])
        return api

    yield tracked
    for api_id in created:
        with contextlib.suppress(ClientError):
            apigw2.delete_api(ApiId=api_id)


@dataclass
class Reply:
    """A plain HTTP answer: headers as sent, in order."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        """The first value of a header."""
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def all(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def json(self) -> Any:
        return json.loads(self.body)


def api_host(server: RunningServer, api_id: str) -> str:
    return f"{api_id}.execute-api.localhost:{server.port}"


def path_form(api_id: str, stage: str, path: str) -> str:
    """The path-form target of ``path`` (below the stage) on the edge port."""
    return f"/restapis/{api_id}/{stage}/_user_request_{path}"


def send(server: RunningServer, method: str, target: str, *, host: str | None = None,
         headers: list[tuple[str, str]] | None = None, body: bytes | None = None
         ) -> tuple[int, list[tuple[str, str]], bytes]:
    """One request over real HTTP (``Host`` the edge's own unless given; a
    ``Content-Length`` when ``body`` is not None): ``(status, headers, body)``."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", host or f"127.0.0.1:{server.port}")
        for name, value in headers or []:
            conn.putheader(name, value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        resp = conn.getresponse()
        return resp.status, resp.getheaders(), resp.read()
    finally:
        conn.close()
