"""Shard iterators: opaque, signed strings naming a stream, a shard and a position.

https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html
- "A shard iterator expires 5 minutes after it is returned to the requester":
  ExpiredIteratorException.
- A string that is not an iterator of this server: InvalidArgumentException.
The position is a record counter: GetRecords reads the records above it. The stream is
named by its StreamId, so an iterator of a deleted stream does not read a new stream of
the same name.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import struct
from dataclasses import dataclass
from datetime import UTC, datetime

from cloudlet.services.kinesis.errors import ExpiredIteratorException, InvalidArgumentException

LIFETIME_S = 300.0
_SECRET = b"cloudlet-kinesis-iterator"
_MAC_BYTES = 10
# shard index, position (counter), issue time in milliseconds
_LAYOUT = struct.Struct(">QqQ")


@dataclass(slots=True)
class Cursor:
    stream_id: str
    shard: int
    after: int
    issued: float


def _mac(body: bytes) -> bytes:
    return hmac.new(_SECRET, body, hashlib.sha256).digest()[:_MAC_BYTES]


def issue(cursor: Cursor) -> str:
    body = _LAYOUT.pack(cursor.shard, cursor.after, int(cursor.issued * 1000))
    body += cursor.stream_id.encode("ascii")
    return base64.b64encode(_mac(body) + body).decode("ascii")


def read(text: str, now: float) -> Cursor:
    """The cursor of an iterator; InvalidArgumentException or ExpiredIteratorException."""
    try:
        raw = base64.b64decode(text, validate=True)
        mac, body = raw[:_MAC_BYTES], raw[_MAC_BYTES:]
        if len(body) <= _LAYOUT.size or not hmac.compare_digest(mac, _mac(body)):
            raise ValueError("not ours")
        shard, after, issued_ms = _LAYOUT.unpack(body[:_LAYOUT.size])
        cursor = Cursor(body[_LAYOUT.size:].decode("ascii"), shard, after, issued_ms / 1000)
    except (ValueError, binascii.Error, struct.error):
        raise InvalidArgumentException("Invalid ShardIterator.") from None
    if now - cursor.issued > LIFETIME_S:
        raise ExpiredIteratorException(
            f"Iterator expired. The iterator was created at time {_java_time(cursor.issued)} "
            f"while right now it is {_java_time(now)} which is further in the future than "
            "the tolerated delay of 300000 milliseconds.")
    return cursor


def _java_time(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%a %b %d %H:%M:%S UTC %Y")
