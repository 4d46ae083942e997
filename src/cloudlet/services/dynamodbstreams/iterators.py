"""Shard iterators: opaque strings naming a stream, a shard and a position in it.

https://docs.aws.amazon.com/amazondynamodbstreams/latest/APIReference/API_GetShardIterator.html
- An iterator expires 15 minutes after it is returned (ExpiredIteratorException).
- A string that is not an iterator of this server is a ValidationException.
The position is the sequence number after which GetRecords reads.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass

import orjson

from cloudlet.services.dynamodbstreams.errors import ExpiredIteratorException, ValidationException

LIFETIME_S = 15 * 60
_KEY = b"cloudlet-dynamodb-streams"


@dataclass(slots=True)
class Position:
    arn: str
    shard_id: str
    after: int
    issued: float


def encode(position: Position) -> str:
    body = orjson.dumps([position.arn, position.shard_id, position.after, position.issued])
    mac = hmac.new(_KEY, body, hashlib.sha256).digest()[:12]
    return base64.urlsafe_b64encode(mac + body).decode("ascii")


def decode(text: str, now: float) -> Position:
    try:
        raw = base64.urlsafe_b64decode(text.encode("ascii"))
        mac, body = raw[:12], raw[12:]
        if not hmac.compare_digest(mac, hmac.new(_KEY, body, hashlib.sha256).digest()[:12]):
            raise ValueError("bad mac")
        arn, shard_id, after, issued = orjson.loads(body)
        position = Position(str(arn), str(shard_id), int(after), float(issued))
    except (ValueError, TypeError, binascii.Error, UnicodeEncodeError, orjson.JSONDecodeError):
        raise ValidationException("Invalid ShardIterator") from None
    if now - position.issued > LIFETIME_S:
        raise ExpiredIteratorException(
            "Iterator expired. The iterator was created at time "
            f"{_iso(position.issued)} while right now it is {_iso(now)} which is further in the "
            "future than the tolerated delay of 900000 milliseconds.")
    return position


def _iso(t: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(t, UTC).strftime("%a %b %d %H:%M:%S UTC %Y")
