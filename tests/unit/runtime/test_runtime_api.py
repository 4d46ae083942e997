"""runtime_api.py: the Runtime API over real HTTP, with a recording listener."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from cloudlet.runtime.runtime_api import Invocation, RuntimeApi


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def on_runtime_ready(self) -> None:
        self.calls.append(("ready",))

    def on_init_error(self, body: bytes, error_type: str | None) -> None:
        self.calls.append(("init_error", body, error_type))

    def on_response(self, request_id: str, body: bytes, content_type: str | None) -> None:
        self.calls.append(("response", request_id, body))

    def on_error(self, request_id: str, body: bytes, error_type: str | None) -> None:
        self.calls.append(("error", request_id, body, error_type))

    def on_response_too_large(self, request_id: str) -> None:
        self.calls.append(("too_large", request_id))


async def _http(port: int, method: str, path: str, body: bytes = b"", headers: str = "") -> tuple[int, dict[str, str], bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\n{headers}Connection: close\r\n\r\n".encode()
        + body
    )
    data = await reader.read()
    writer.close()
    head, _, payload = data.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    found = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), found, payload


def test_next_blocks_until_an_event_then_response() -> None:
    async def main() -> None:
        rec = Recorder()
        api = RuntimeApi(rec)
        port = await api.start()
        waiting = asyncio.ensure_future(_http(port, "GET", "/2018-06-01/runtime/invocation/next"))
        await asyncio.sleep(0.05)
        assert rec.calls == [("ready",)] and not waiting.done()
        api.submit(Invocation("rid", b'{"a":1}', 1234, "arn:x", "Root=1", client_context='{"c":1}'))
        status, headers, body = await waiting
        assert status == 200 and body == b'{"a":1}'
        assert headers["Lambda-Runtime-Aws-Request-Id"] == "rid"
        assert headers["Lambda-Runtime-Deadline-Ms"] == "1234"
        assert headers["Lambda-Runtime-Invoked-Function-Arn"] == "arn:x"
        assert headers["Lambda-Runtime-Trace-Id"] == "Root=1"
        assert headers["Lambda-Runtime-Client-Context"] == '{"c":1}'
        assert "Lambda-Runtime-Cognito-Identity" not in headers
        status, _, body = await _http(port, "POST", "/2018-06-01/runtime/invocation/other/response", b"1")
        assert (status, json.loads(body)) == (
            400, {"errorMessage": "Invalid request ID", "errorType": "InvalidRequestID"}
        )
        status, _, body = await _http(port, "POST", "/2018-06-01/runtime/invocation/rid/response", b'"ok"')
        assert (status, json.loads(body)) == (202, {"status": "OK"})
        status, _, body = await _http(port, "POST", "/2018-06-01/runtime/invocation/rid/response", b'"again"')
        assert status == 403 and json.loads(body)["errorType"] == "InvalidStateTransition"
        status, _, _ = await _http(port, "POST", "/2018-06-01/runtime/init/error", b"{}")
        assert status == 403
        status, _, _ = await _http(port, "GET", "/2018-06-01/runtime/nothing")
        assert status == 404
        assert ("response", "rid", b'"ok"') in rec.calls
        api.close()

    asyncio.run(main())


def test_error_and_init_error() -> None:
    async def main() -> None:
        rec = Recorder()
        api = RuntimeApi(rec)
        port = await api.start()
        status, _, _ = await _http(
            port, "POST", "/2018-06-01/runtime/init/error", b'{"errorType":"X"}',
            "Lambda-Runtime-Function-Error-Type: X\r\n",
        )
        assert status == 202 and rec.calls == [("init_error", b'{"errorType":"X"}', "X")]
        status, _, _ = await _http(port, "GET", "/2018-06-01/runtime/invocation/next")
        assert status == 403
        api.close()

        rec2 = Recorder()
        api2 = RuntimeApi(rec2)
        port2 = await api2.start()
        waiting = asyncio.ensure_future(_http(port2, "GET", "/2018-06-01/runtime/invocation/next"))
        api2.submit(Invocation("r2", b"{}", 1, "arn", "t"))
        await waiting
        status, _, _ = await _http(
            port2, "POST", "/2018-06-01/runtime/invocation/r2/error", b'{"errorMessage":"m"}',
            "Lambda-Runtime-Function-Error-Type: Boom\r\n",
        )
        assert status == 202 and rec2.calls[-1] == ("error", "r2", b'{"errorMessage":"m"}', "Boom")
        api2.close()

    asyncio.run(main())


def test_response_too_large() -> None:
    async def main() -> None:
        rec = Recorder()
        api = RuntimeApi(rec)
        port = await api.start()
        waiting = asyncio.ensure_future(_http(port, "GET", "/2018-06-01/runtime/invocation/next"))
        api.submit(Invocation("r", b"{}", 1, "arn", "t"))
        await waiting
        status, _, body = await _http(port, "POST", "/2018-06-01/runtime/invocation/r/response", b"x" * 6291557)
        assert status == 413 and json.loads(body)["errorType"] == "RequestEntityTooLarge"
        assert rec.calls[-1] == ("too_large", "r")
        api.close()

    asyncio.run(main())


def test_close_drops_open_connections() -> None:
    async def main() -> bytes:
        api = RuntimeApi(Recorder())
        port = await api.start()
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET /2018-06-01/runtime/nothing HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        await reader.readuntil(b"\r\n\r\n")  # a keep-alive connection, now idle
        await reader.readexactly(len(b'{"errorMessage": "Not Found", "errorType": "InvalidURL"}'))
        api.close()
        try:
            return await asyncio.wait_for(reader.read(), 1.0)
        finally:
            writer.close()

    assert asyncio.run(main()) == b""
