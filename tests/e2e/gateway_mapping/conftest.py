"""Fixtures for non-proxy REST integrations: APIs built with boto3, functions, a loopback
HTTP endpoint that records what it is sent, and plain HTTP calls to a stage."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.conftest import make_client
from tests.e2e.apigateway_support import (
    Reply,
    RestApi,
    api_host,
    deleted_after,
    lambda_uri,
    send,
    session_function,
)
from tests.server import RunningServer

__all__ = ["Endpoint", "call", "lambda_uri"]

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


@pytest.fixture(scope="session")
def apigw(server: RunningServer) -> Any:
    return make_client(server, "apigateway")


@pytest.fixture(scope="session")
def fn_arn(server: RunningServer) -> Iterator[str]:
    yield from session_function(server, FUNCTION, "map")


class Api(RestApi):
    """A REST API built through the management API."""

    def method(self, path: str, verb: str, kind: str, uri: str | None = None,
               responses: dict[str, dict[str, Any]] | None = None,
               method_request: dict[str, bool] | None = None, **integration: Any) -> str:
        """A method with its integration and, for each ``responses`` status, a method
        response and an integration response (``put_integration_response`` args)."""
        args: dict[str, Any] = {"type": kind, **integration}
        if uri is not None:
            args["uri"] = uri
        if kind in ("AWS", "HTTP", "HTTP_PROXY") and "integrationHttpMethod" not in args:
            args["integrationHttpMethod"] = "POST"
        rid = self.put_method(path, verb, {"requestParameters": method_request or {}}, args)
        for status, response in (responses or {}).items():
            headers = {k: False for k in response.get("responseParameters", {})}
            self.client.put_method_response(restApiId=self.id, resourceId=rid, httpMethod=verb,
                                            statusCode=status, responseParameters=headers)
            self.client.put_integration_response(restApiId=self.id, resourceId=rid,
                                                 httpMethod=verb, statusCode=status, **response)
        return rid


@pytest.fixture
def new_api(apigw: Any) -> Iterator[Any]:
    yield from deleted_after(lambda: Api(apigw, "map" + uuid.uuid4().hex[:8]))


def call(server: RunningServer, api_id: str, path: str = "/", method: str = "GET", *,
         stage: str = "test", headers: list[tuple[str, str]] | None = None,
         body: bytes | None = None) -> Reply:
    """One request to a stage in the host form; ``path`` below the stage, query included."""
    return Reply(*send(server, method, f"/{stage}{path}", host=api_host(server, api_id),
                       headers=headers, body=body))


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
