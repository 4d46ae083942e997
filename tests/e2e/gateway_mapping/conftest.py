"""Fixtures for non-proxy REST integrations: APIs built with boto3, functions, a loopback
HTTP endpoint that records what it is sent, and plain HTTP calls to a stage."""

from __future__ import annotations

import contextlib
import http.client
import json
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.conftest import make_client
from tests.e2e.lambda_.conftest import ROLE, python_zip
from tests.server import RunningServer

# The function's result depends on its event: {"fail": "message"} raises with that
# message, {"result": x} answers x, anything else is echoed back.
FUNCTION = """
    def handler(event, context):
        if isinstance(event, dict) and "fail" in event:
            raise RuntimeError(event["fail"])
        if isinstance(event, dict) and "result" in event:
            return event["result"]
        return event
"""


def _send_integration_method_by_member_name(params: Any, **_: Any) -> None:
    """TEMPORARY (see the report): the server's rest-json parser reads body members by
    member name, so PutIntegration's ``integrationHttpMethod`` (sent as ``httpMethod``) is
    lost; send it under both names. Harmless once the parser honours locationName."""
    body = json.loads(params.get("body") or b"{}")
    if "httpMethod" in body:
        body["integrationHttpMethod"] = body["httpMethod"]
        params["body"] = json.dumps(body).encode()


@pytest.fixture(scope="session")
def apigw(server: RunningServer) -> Any:
    client = make_client(server, "apigateway")
    client.meta.events.register("before-call.api-gateway.PutIntegration",
                                _send_integration_method_by_member_name)
    return client


@pytest.fixture(scope="session")
def fn_arn(server: RunningServer) -> Iterator[str]:
    client = make_client(server, "lambda")
    name = "map" + uuid.uuid4().hex[:10]
    out = client.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE,
                                 Handler="app.handler", Timeout=10,
                                 Code={"ZipFile": python_zip(FUNCTION)})
    yield str(out["FunctionArn"])
    with contextlib.suppress(Exception):
        client.delete_function(FunctionName=name)


def lambda_uri(arn: str) -> str:
    return f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{arn}/invocations"


class Api:
    """A REST API built through the management API."""

    def __init__(self, client: Any, name: str):
        self.client = client
        self.id: str = client.create_rest_api(name=name)["id"]
        self.ids = {i["path"]: i["id"] for i in client.get_resources(restApiId=self.id)["items"]}

    def resource(self, path: str) -> str:
        if path not in self.ids:
            parent, _, part = path.rpartition("/")
            out = self.client.create_resource(restApiId=self.id,
                                              parentId=self.resource(parent or "/"),
                                              pathPart=part)
            self.ids[path] = out["id"]
        return self.ids[path]

    def method(self, path: str, verb: str, kind: str, uri: str | None = None,
               responses: dict[str, dict[str, Any]] | None = None,
               method_request: dict[str, bool] | None = None, **integration: Any) -> str:
        """A method with its integration and, for each ``responses`` status, a method
        response and an integration response (``put_integration_response`` args)."""
        rid = self.resource(path)
        self.client.put_method(restApiId=self.id, resourceId=rid, httpMethod=verb,
                               authorizationType="NONE",
                               requestParameters=method_request or {})
        args: dict[str, Any] = {"type": kind, **integration}
        if uri is not None:
            args["uri"] = uri
        if kind in ("AWS", "HTTP", "HTTP_PROXY") and "integrationHttpMethod" not in args:
            args["integrationHttpMethod"] = "POST"
        self.client.put_integration(restApiId=self.id, resourceId=rid, httpMethod=verb, **args)
        for status, response in (responses or {}).items():
            headers = {k: False for k in response.get("responseParameters", {})}
            self.client.put_method_response(restApiId=self.id, resourceId=rid, httpMethod=verb,
                                            statusCode=status, responseParameters=headers)
            self.client.put_integration_response(restApiId=self.id, resourceId=rid,
                                                 httpMethod=verb, statusCode=status, **response)
        return rid

    def deploy(self, stage: str = "test", **kwargs: Any) -> None:
        self.client.create_deployment(restApiId=self.id, stageName=stage, **kwargs)

    def delete(self) -> None:
        with contextlib.suppress(Exception):
            self.client.delete_rest_api(restApiId=self.id)


@pytest.fixture
def new_api(apigw: Any) -> Iterator[Any]:
    made: list[Api] = []

    def make() -> Api:
        api = Api(apigw, "map" + uuid.uuid4().hex[:8])
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

    def json(self) -> Any:
        return json.loads(self.body)


def call(server: RunningServer, api_id: str, path: str = "/", method: str = "GET", *,
         stage: str = "test", headers: list[tuple[str, str]] | None = None,
         body: bytes | None = None) -> Reply:
    """One request to a stage in the host form; ``path`` below the stage, query included."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.putrequest(method, f"/{stage}{path}", skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", f"{api_id}.execute-api.localhost:{server.port}")
        for name, value in headers or []:
            conn.putheader(name, value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        resp = conn.getresponse()
        return Reply(resp.status, resp.getheaders(), resp.read())
    finally:
        conn.close()


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]  # names lower-cased
    body: bytes


@dataclass
class Endpoint:
    """A loopback HTTP server: records each request, answers ``status``/``headers``/``body``
    (after ``delay`` seconds)."""

    url: str
    seen: list[Seen] = field(default_factory=list)
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    body: bytes = b'{"ok": true}'
    delay: float = 0.0


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    state: dict[str, Endpoint] = {}

    class Handler(BaseHTTPRequestHandler):
        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            target = state["ep"]
            target.seen.append(Seen(self.command, self.path,
                                    {k.lower(): v for k, v in self.headers.items()}, body))
            if target.delay:
                time.sleep(target.delay)
            self.send_response(target.status)
            for name, value in target.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(target.body)))
            self.end_headers()
            self.wfile.write(target.body)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _any

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    state["ep"] = Endpoint(f"http://127.0.0.1:{httpd.server_address[1]}")
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state["ep"]
    httpd.shutdown()
    httpd.server_close()
