"""frames.py: the private channel's framing."""

from __future__ import annotations

from cloudlet.runtime import frames


def test_round_trip_in_pieces() -> None:
    data = frames.encode(frames.INVOKE, {"request_id": "r"}, b"\x00body") + frames.encode(frames.READY)
    reader = frames.FrameReader()
    got = []
    for i in range(len(data)):
        got.extend(reader.feed(data[i : i + 1]))
    assert got == [(frames.INVOKE, {"request_id": "r"}, b"\x00body"), (frames.READY, {}, b"")]


def test_large_body() -> None:
    body = b"x" * 6_000_000
    assert frames.FrameReader().feed(frames.encode(frames.RESULT, {"error": False}, body)) == [
        (frames.RESULT, {"error": False}, body)
    ]
