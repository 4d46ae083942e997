"""The plain HTTP request and response the edge works with (no framework)."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qsl

Receive = Callable[[], Awaitable[dict[str, Any]]]
# A streamed request body stays in memory up to this size, then goes to a file.
SPOOL_IN_MEMORY = 1 << 20


@dataclass(slots=True)
class Request:
    method: str
    path: str  # percent-decoded
    raw_path: str  # as sent, percent-encoded
    query_string: str
    headers: dict[str, str]  # lower-cased names; repeated headers joined with ","
    body: bytes
    host: str = ""
    # Every header as sent, in order, names lower-cased; repeated headers stay separate.
    raw_headers: list[tuple[str, str]] = field(default_factory=list)
    client: tuple[str, int] | None = None  # the peer's address and port
    # The body, for a request a service streams (``Service.streams_body``): a file
    # positioned at its start (``body`` is then empty); kept in memory up to 1 MiB.
    body_file: IO[bytes] | None = None

    def header(self, name: str, default: str | None = None) -> str | None:
        return self.headers.get(name.lower(), default)

    def query(self) -> list[tuple[str, str]]:
        return parse_qsl(self.query_string, keep_blank_values=True)


@dataclass(slots=True)
class Response:
    status: int = 200
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)
    # A streamed body, sent chunk by chunk after ``body`` (which may be empty).
    stream: AsyncIterator[bytes] | None = None

    @classmethod
    def json(cls, body: bytes, status: int = 200, content_type: str = "application/json") -> Response:
        return cls(status, body, [("content-type", content_type)])


class BodyTooLarge(Exception):
    """The request body passed the limit it was read with (what was read is dropped)."""


class BodyIdle(Exception):
    """The request body stopped arriving (``server.http_limits.BODY_IDLE_S`` without a
    byte), or the client went away before sending all of it."""


async def _chunk(receive: Receive, idle: Callable[[], bool] | None) -> tuple[bytes, bool]:
    """The next piece of the body and whether more follows; ``BodyIdle`` if it will not."""
    message = await receive()
    if message["type"] != "http.request":
        raise BodyIdle  # http.disconnect
    chunk: bytes = message.get("body", b"")
    more: bool = message.get("more_body", False)
    if more and not chunk and idle is not None and idle():
        raise BodyIdle
    return chunk, more


async def read_body(receive: Receive, limit: int | None = None,
                    idle: Callable[[], bool] | None = None) -> bytes:
    """The whole request body from ASGI ``receive``; ``BodyTooLarge`` as soon as it
    passes ``limit`` bytes, ``BodyIdle`` once ``idle()`` says it stopped arriving."""
    first, more = await _chunk(receive, idle)
    if not more:  # most bodies come whole with their headers: one message
        if limit is not None and len(first) > limit:
            raise BodyTooLarge
        return first
    chunks = [first]
    size = len(first)
    while more:
        chunk, more = await _chunk(receive, idle)
        size += len(chunk)
        if limit is not None and size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


async def spool_body(receive: Receive, directory: Path, limit: int | None = None,
                     idle: Callable[[], bool] | None = None) -> IO[bytes]:
    """The request body in a temporary file (in memory while small), at position 0;
    ``BodyTooLarge`` or ``BodyIdle`` (the file removed) as in ``read_body``."""
    directory.mkdir(parents=True, exist_ok=True)
    spooled = tempfile.SpooledTemporaryFile(  # noqa: SIM115 (the request owns it)
        max_size=SPOOL_IN_MEMORY, mode="w+b", dir=str(directory))
    size = 0
    more = True
    try:
        while more:
            chunk, more = await _chunk(receive, idle)
            size += len(chunk)
            if limit is not None and size > limit:
                raise BodyTooLarge
            if chunk:
                spooled.write(chunk)
    except BaseException:
        spooled.close()
        raise
    spooled.seek(0)
    return spooled
