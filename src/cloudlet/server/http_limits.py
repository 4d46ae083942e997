"""Limits on the request line and headers, answered before the app sees the request.

uvicorn's httptools protocol buffers a request's URL and headers without bound and answers
anything the parser rejects with ``400 Invalid HTTP request received.``. cloudlet serves it
through ``LimitedHttpToolsProtocol``, which applies the limits AWS's own front door (an
Application Load Balancer, https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html)
documents:

- a request line over 16 KiB: ``414 URI Too Long``;
- all the headers together over 64 KiB: ``431 Request Header Fields Too Large``.

Either answer is a complete HTTP response; the connection is then half-closed and what the
client still sends is read and dropped (never buffered) for a moment before it is closed,
so the client reads the answer instead of a reset.

A body that stops arriving (a ``Content-Length`` larger than what is sent, a chunked body
never ended) is given up after ``BODY_IDLE_S`` without a byte, as S3 gives one up: the
request's scope is marked (``BODY_IDLE``) and the app, waiting in ``receive()``, answers
``400 RequestTimeout`` in the service's shape and closes the connection
(``cloudlet.server.http.BodyIdle``). ``CLOUDLET_BODY_IDLE_SECONDS`` sets it (20 s, S3's).

LIMITATIONS: AWS's load balancers answer these with ``400``; cloudlet uses the more specific
statuses, with a one-line JSON ``message``.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

import orjson
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

MAX_REQUEST_LINE = 16 * 1024
MAX_HEADERS = 64 * 1024
# Bytes read while the head (request line and headers) is incomplete: past this, a single
# header the parser is still accumulating is answered without waiting for its end.
MAX_HEAD = MAX_REQUEST_LINE + MAX_HEADERS
# How long a rejected connection keeps draining what the client sends, in seconds.
LINGER = 2.0

# Seconds without a byte of a started body before it is given up (``BODY_IDLE``).
BODY_IDLE_S = float(os.environ.get("CLOUDLET_BODY_IDLE_SECONDS", "20"))
BODY_IDLE = "cloudlet.body_idle"  # scope key set when the body was given up

REASONS = {414: "URI Too Long", 431: "Request Header Fields Too Large"}
MESSAGES = {
    414: f"The request line is longer than {MAX_REQUEST_LINE} bytes",
    431: f"The request headers are larger than {MAX_HEADERS} bytes",
}


class HeadTooLarge(Exception):
    """Raised from a parser callback; the parser wraps it, ``send_400_response`` answers."""


def rejection(status: int) -> bytes:
    """The whole HTTP response for a head over its limit."""
    body = orjson.dumps({"message": MESSAGES[status]})
    head = (f"HTTP/1.1 {status} {REASONS[status]}\r\ncontent-type: application/json\r\n"
            f"content-length: {len(body)}\r\nconnection: close\r\n\r\n")
    return head.encode("ascii") + body


class LimitedHttpToolsProtocol(HttpToolsProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._in_head = True
        self._head_bytes = 0
        self._header_bytes = 0
        self._rejected: int | None = None
        self._draining = False
        self._body_timer: asyncio.TimerHandle | None = None
        self._body_seen = 0.0  # when a byte of an unfinished body last arrived

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True
        self._head_bytes = 0
        self._header_bytes = 0

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        if len(self.url) > MAX_REQUEST_LINE:
            self._rejected = 414
            raise HeadTooLarge

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_bytes += len(name) + len(value) + 4
        if self._header_bytes > MAX_HEADERS:
            self._rejected = 431
            raise HeadTooLarge
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def data_received(self, data: bytes) -> None:
        if self._draining:
            return
        super().data_received(data)
        cycle = self.cycle
        if cycle is not None and cycle.more_body and not cycle.response_complete:
            self._body_seen = self.loop.time()
            if self._body_timer is None:
                self._body_timer = self.loop.call_at(self._body_seen + BODY_IDLE_S,
                                                     self._check_body)
        if self._draining or not self._in_head or self.parser is None:
            return
        self._head_bytes += len(data)
        if self._head_bytes > MAX_HEAD:
            self._reject(414 if len(self.url) > MAX_REQUEST_LINE else 431)

    def _check_body(self) -> None:
        """The body timer: re-armed while bytes come (or the app is not reading); once
        ``BODY_IDLE_S`` passed without one, the waiting app is told."""
        self._body_timer = None
        cycle = self.cycle
        if cycle is None or not cycle.more_body or cycle.response_complete or cycle.disconnected:
            return
        due = self._body_seen + BODY_IDLE_S
        if self.flow.read_paused:  # the app is behind, not the client
            due = self.loop.time() + BODY_IDLE_S
        if due > self.loop.time():
            self._body_timer = self.loop.call_at(due, self._check_body)
            return
        cycle.scope[BODY_IDLE] = True  # type: ignore[literal-required]
        cycle.message_event.set()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._body_timer is not None:
            self._body_timer.cancel()
            self._body_timer = None
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        if self._rejected is None:
            super().send_400_response(msg)
        else:
            self._reject(self._rejected)

    def _reject(self, status: int) -> None:
        self._draining = True
        self.transport.write(rejection(status))
        if self.transport.can_write_eof():
            self.transport.write_eof()
        asyncio.get_running_loop().call_later(LINGER, self.transport.close)
