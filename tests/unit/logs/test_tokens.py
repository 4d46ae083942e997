"""Position tokens (cloudlet.services.logs.tokens)."""

from __future__ import annotations

import pytest

from cloudlet.services.logs import tokens
from cloudlet.services.logs.errors import InvalidToken


def test_stream_tokens_round_trip() -> None:
    assert tokens.parse_stream_token(tokens.forward((1700000000000, 42))) == ("f", (1700000000000, 42))
    assert tokens.parse_stream_token(tokens.backward((5, 6))) == ("b", (5, 6))


def test_event_ids_are_56_digits_and_sort_like_positions() -> None:
    a, b = tokens.event_id(10, 99), tokens.event_id(11, 1)
    assert len(a) == len(b) == 56
    assert a < b


def test_opaque_tokens_round_trip() -> None:
    assert tokens.decode(tokens.encode("/a/group")) == "/a/group"
    assert tokens.decode_position(tokens.encode_position((3, 4))) == (3, 4)


@pytest.mark.parametrize("token", ["x/123", "f/abc", "f/" + "1" * 10])
def test_bad_stream_tokens_are_refused(token: str) -> None:
    with pytest.raises(InvalidToken):
        tokens.parse_stream_token(token)
