"""The Lambda Runtime API (2018-06-01), one HTTP/1.1 listener per execution environment.

Custom runtimes (``provided.al2``/``provided.al2023``), AWS's runtime interface clients and
our Node bootstrap talk to ``http://$AWS_LAMBDA_RUNTIME_API``; as on Lambda, each
environment has its own endpoint (here a port on 127.0.0.1).
https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html

- ``GET /2018-06-01/runtime/invocation/next`` blocks until an event arrives; 200 with the
  event and ``Lambda-Runtime-Aws-Request-Id``, ``-Deadline-Ms``, ``-Invoked-Function-Arn``,
  ``-Trace-Id``, and ``-Client-Context``/``-Cognito-Identity`` when given. The first call
  ends the init phase.
- ``POST /2018-06-01/runtime/invocation/{id}/response``: 202 ``{"status":"OK"}``; 400
  ``InvalidRequestID`` for an id that is not the current invocation; 403
  ``InvalidStateTransition`` for a second answer; 413 ``RequestEntityTooLarge`` above 6 MB
  (the invocation then fails with ``Function.ResponseSizeTooLarge``).
- ``POST /2018-06-01/runtime/invocation/{id}/error``: the body (JSON error) is what the
  invoke returns, with ``X-Amz-Function-Error: Unhandled``;
  ``Lambda-Runtime-Function-Error-Type`` names the error type.
- ``POST /2018-06-01/runtime/init/error``: reports an init failure; 403 after init.

LIMITATIONS: no Extensions or Telemetry API; response streaming is not supported.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from dataclasses import dataclass
from typing import Any, Protocol, cast

import httptools

PREFIX = b"/2018-06-01/runtime/"
MAX_RESPONSE_BYTES = 6291556
_REASONS = {200: "OK", 202: "Accepted", 400: "Bad Request", 403: "Forbidden", 404: "Not Found",
            405: "Method Not Allowed", 413: "Request Entity Too Large", 500: "Internal Server Error"}


@dataclass
class Invocation:
    """One event on its way to a runtime."""

    request_id: str
    payload: bytes
    deadline_ms: int
    invoked_arn: str
    trace_id: str
    client_context: str | None = None
    cognito_identity: str | None = None

    def header(self) -> dict[str, Any]:
        """The private channel's INVOKE header."""
        return {
            "request_id": self.request_id,
            "deadline_ms": self.deadline_ms,
            "invoked_arn": self.invoked_arn,
            "trace_id": self.trace_id,
            "client_context": self.client_context,
            "cognito_identity": self.cognito_identity,
        }


class ApiListener(Protocol):
    """What the environment does with the runtime's calls."""

    def on_runtime_ready(self) -> None: ...
    def on_init_error(self, body: bytes, error_type: str | None) -> None: ...
    def on_response(self, request_id: str, body: bytes, content_type: str | None) -> None: ...
    def on_error(self, request_id: str, body: bytes, error_type: str | None) -> None: ...
    def on_response_too_large(self, request_id: str) -> None: ...


def _error_body(error_type: str, message: str) -> bytes:
    return json.dumps({"errorMessage": message, "errorType": error_type}).encode()


class RuntimeApi:
    """State of one environment's Runtime API: at most one invocation in flight."""

    def __init__(self, listener: ApiListener) -> None:
        self.listener = listener
        self.initialized = False
        self.init_failed = False
        self.queued: Invocation | None = None
        self.current: str | None = None
        self.answered: set[str] = set()
        self.waiting: list[_Connection] = []
        self.connections: set[_Connection] = set()
        self.closed = False
        self.listener_sock: socket.socket | None = None
        self.port = 0
        self._accepting: set[asyncio.Task[Any]] = set()

    async def start(self) -> int:
        """Listen on 127.0.0.1 (any port).

        Accepting is done here rather than with ``loop.create_server``: in Python 3.11 a
        connection the kernel accepted just before ``Server.close()`` leaves a transport
        half-built (``Server._attach`` asserts) and its socket open.
        """
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        sock.setblocking(False)
        self.listener_sock = sock
        self.port = sock.getsockname()[1]
        asyncio.get_running_loop().add_reader(sock.fileno(), self._accept)
        return self.port

    def _accept(self) -> None:
        assert self.listener_sock is not None
        loop = asyncio.get_running_loop()
        while True:
            try:
                conn, _addr = self.listener_sock.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                return
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            task = loop.create_task(loop.connect_accepted_socket(lambda: _Connection(self), conn))
            self._accepting.add(task)
            task.add_done_callback(self._accepting.discard)

    def close(self) -> None:
        self.closed = True
        if self.listener_sock is not None:
            with contextlib.suppress(Exception):
                asyncio.get_running_loop().remove_reader(self.listener_sock.fileno())
            self.listener_sock.close()
            self.listener_sock = None
        for conn in list(self.connections):
            conn.abort()
        self.connections.clear()
        self.waiting.clear()

    def submit(self, invocation: Invocation) -> None:
        self.queued = invocation
        self._deliver()

    def _deliver(self) -> None:
        while self.queued is not None and self.waiting:
            conn = self.waiting.pop(0)
            if conn.closed:
                continue
            invocation, self.queued = self.queued, None
            self.current = invocation.request_id
            headers = [
                ("Content-Type", "application/json"),
                ("Lambda-Runtime-Aws-Request-Id", invocation.request_id),
                ("Lambda-Runtime-Deadline-Ms", str(invocation.deadline_ms)),
                ("Lambda-Runtime-Invoked-Function-Arn", invocation.invoked_arn),
                ("Lambda-Runtime-Trace-Id", invocation.trace_id),
            ]
            if invocation.client_context:
                headers.append(("Lambda-Runtime-Client-Context", invocation.client_context))
            if invocation.cognito_identity:
                headers.append(("Lambda-Runtime-Cognito-Identity", invocation.cognito_identity))
            conn.respond(200, invocation.payload, headers)

    # --- request handling -------------------------------------------------------------------
    def handle(self, conn: _Connection, method: bytes, path: bytes, headers: dict[str, str], body: bytes) -> None:
        path = path.split(b"?", 1)[0]
        if not path.startswith(PREFIX):
            conn.respond_error(404, "InvalidURL", "Not Found")
            return
        rest = path[len(PREFIX):].decode("utf-8", "replace").strip("/").split("/")
        if rest == ["invocation", "next"]:
            if method != b"GET":
                conn.respond_error(405, "MethodNotAllowed", "Method Not Allowed")
                return
            self._next(conn)
        elif rest == ["init", "error"] and method == b"POST":
            if self.initialized or self.init_failed:
                conn.respond_error(403, "InvalidStateTransition", "Init error reported after init")
                return
            self.init_failed = True
            conn.respond_accepted()
            self.listener.on_init_error(body, headers.get("lambda-runtime-function-error-type"))
        elif len(rest) == 3 and rest[0] == "invocation" and rest[2] in ("response", "error") and method == b"POST":
            self._answer(conn, rest[1], rest[2], headers, body)
        else:
            conn.respond_error(404, "InvalidURL", "Not Found")

    def _next(self, conn: _Connection) -> None:
        if self.init_failed:
            conn.respond_error(403, "InvalidStateTransition", "Init failed")
            return
        if not self.initialized:
            self.initialized = True
            self.listener.on_runtime_ready()
        self.current = None
        self.waiting.append(conn)
        self._deliver()

    def _answer(self, conn: _Connection, request_id: str, kind: str, headers: dict[str, str], body: bytes) -> None:
        if request_id in self.answered:
            conn.respond_error(403, "InvalidStateTransition", "Invocation already answered")
            return
        if request_id != self.current:
            conn.respond_error(400, "InvalidRequestID", "Invalid request ID")
            return
        self.answered.add(request_id)
        self.current = None
        if kind == "response" and len(body) > MAX_RESPONSE_BYTES:
            conn.respond_error(
                413,
                "RequestEntityTooLarge",
                f"Exceeded maximum allowed payload size ({MAX_RESPONSE_BYTES} bytes).",
            )
            self.listener.on_response_too_large(request_id)
            return
        conn.respond_accepted()
        if kind == "response":
            self.listener.on_response(request_id, body, headers.get("content-type"))
        else:
            self.listener.on_error(request_id, body, headers.get("lambda-runtime-function-error-type"))


class _Connection(asyncio.Protocol):
    """One HTTP/1.1 connection from the runtime (keep-alive, parsed by httptools)."""

    def __init__(self, api: RuntimeApi) -> None:
        self.api = api
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpRequestParser(self)
        self.closed = False
        self._url = b""
        self._headers: dict[str, str] = {}
        self._body: list[bytes] = []
        self._keep_alive = True

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses, but behave as one.
        self.transport = cast(asyncio.Transport, transport)
        if self.api.closed:
            self.abort()
        else:
            self.api.connections.add(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.api.connections.discard(self)

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError:
            self.respond_error(400, "InvalidRequest", "Bad Request")
            self.close()

    # httptools callbacks
    def on_message_begin(self) -> None:
        self._url, self._headers, self._body = b"", {}, []

    def on_url(self, url: bytes) -> None:
        self._url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        self._headers[name.decode("latin-1").lower()] = value.decode("latin-1")

    def on_body(self, body: bytes) -> None:
        self._body.append(body)

    def on_message_complete(self) -> None:
        self._keep_alive = self.parser.should_keep_alive()
        self.api.handle(self, self.parser.get_method(), self._url, self._headers, b"".join(self._body))

    # responses
    def respond(self, status: int, body: bytes, headers: list[tuple[str, str]] | None = None) -> None:
        if self.closed or self.transport is None:
            return
        lines = [f"HTTP/1.1 {status} {_REASONS.get(status, '')}"]
        for name, value in headers or [("Content-Type", "application/json")]:
            lines.append(f"{name}: {value}")
        lines.append(f"Content-Length: {len(body)}")
        if not self._keep_alive:
            lines.append("Connection: close")
        self.transport.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        if not self._keep_alive:
            self.close()

    def respond_accepted(self) -> None:
        self.respond(202, b'{"status":"OK"}')

    def respond_error(self, status: int, error_type: str, message: str) -> None:
        self.respond(status, _error_body(error_type, message))

    def close(self) -> None:
        """Close after what was written is sent (``Connection: close``)."""
        self.closed = True
        if self.transport is not None:
            self.transport.close()

    def abort(self) -> None:
        """The environment is torn down: drop the connection now."""
        self.closed = True
        if self.transport is not None:
            self.transport.abort()
