"""Position tokens for reading events in order.

An event's position is ``(timestamp, id)``; ``id`` is its insertion order. GetLogEvents
hands out ``f/<56 digits>`` (read forward from just after a position) and ``b/<56 digits>``
(read backward from just before it), the shape AWS uses; FilterLogEvents and the
Describe* operations use opaque ``nextToken`` strings.
https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html
"""

from __future__ import annotations

import base64

from cloudlet.services.logs.errors import InvalidToken

Position = tuple[int, int]

_TS_DIGITS = 19
_ID_DIGITS = 37


def event_id(timestamp: int, row_id: int) -> str:
    """A 56-digit event id that sorts like the event's position."""
    return f"{timestamp:0{_TS_DIGITS}d}{row_id:0{_ID_DIGITS}d}"


def _digits_to_position(digits: str) -> Position:
    if len(digits) != _TS_DIGITS + _ID_DIGITS or not digits.isdigit():
        raise InvalidToken()
    return int(digits[:_TS_DIGITS]), int(digits[_TS_DIGITS:])


def forward(position: Position) -> str:
    return "f/" + event_id(*position)


def backward(position: Position) -> str:
    return "b/" + event_id(*position)


def parse_stream_token(token: str) -> tuple[str, Position]:
    """``("f" | "b", position)`` from a GetLogEvents token."""
    direction, _, digits = token.partition("/")
    if direction not in ("f", "b"):
        raise InvalidToken()
    return direction, _digits_to_position(digits)


def encode(text: str) -> str:
    """An opaque nextToken for a resume point (a name, an offset, a position)."""
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(token: str) -> str:
    try:
        return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        raise InvalidToken() from None


def encode_position(position: Position) -> str:
    return encode(event_id(*position))


def decode_position(token: str) -> Position:
    return _digits_to_position(decode(token))
