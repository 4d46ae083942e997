"""The plain HTTP request and response the edge works with (no framework)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from urllib.parse import parse_qsl


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
