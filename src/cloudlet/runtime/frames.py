"""The private channel between the manager and an execution environment.

A stream socket (``socketpair``) carrying length-prefixed frames: a 4-byte big-endian
length of what follows, a 1-byte frame type, a 4-byte length of a JSON header, the JSON
header, then an opaque body (event or response bytes, never re-encoded). One frame per
message; the environment handles one invocation at a time, so there is no multiplexing.
"""

from __future__ import annotations

import json
import struct
from typing import Any

import orjson

INVOKE = 1  # manager -> environment: header {request_id, deadline_ms, ...}, body = event
READY = 2  # environment -> manager: init done; header {"error": body | None}
RESULT = 3  # environment -> manager: header {"error": body | None, "maxrss_kb", ...}
OOM = 4  # environment -> manager: MemoryError under RLIMIT_AS; the process exits next
EXIT = 5  # init process -> manager: the runtime process ended; header {"status": wait status}
STARTED = 6  # init process -> manager: header {"pid": the runtime's pid as the manager sees it}

_OUTER = struct.Struct(">IBI")


def encode(kind: int, header: dict[str, Any] | None = None, body: bytes = b"") -> bytes:
    """One frame: length, type, header length, JSON header, body. (orjson: ~1 us a header
    instead of ~10; the standard encoder for what orjson refuses, a lone surrogate in an
    error message, say.)"""
    try:
        head = orjson.dumps(header or {})
    except TypeError:
        head = json.dumps(header or {}, separators=(",", ":")).encode()
    return b"".join((_OUTER.pack(1 + 4 + len(head) + len(body), kind, len(head)), head, body))


def _header(data: bytes | bytearray) -> Any:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:  # what only the standard encoder writes (lone surrogates)
        return json.loads(data)


class FrameReader:
    """Incremental decoder: feed bytes, take whole frames."""

    def __init__(self) -> None:
        self._buf = bytearray()

    def feed(self, data: bytes) -> list[tuple[int, dict[str, Any], bytes]]:
        if not self._buf and len(data) >= _OUTER.size:  # the usual case: one whole frame
            length, kind, head_len = _OUTER.unpack_from(data)
            if len(data) == 4 + length:
                head_end = _OUTER.size + head_len
                return [(kind, _header(data[_OUTER.size : head_end]), data[head_end:])]
        self._buf += data
        frames: list[tuple[int, dict[str, Any], bytes]] = []
        buf = self._buf
        while len(buf) >= _OUTER.size:
            length, kind, head_len = _OUTER.unpack_from(buf)
            end = 4 + length
            if len(buf) < end:
                break
            head_end = _OUTER.size + head_len
            header = _header(buf[_OUTER.size : head_end])
            frames.append((kind, header, bytes(buf[head_end:end])))
            del buf[:end]
        return frames
