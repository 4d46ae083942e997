"""The private channel's frames (``runtime/frames.py``): pure encoding and decoding."""

from __future__ import annotations

from cloudlet.runtime import frames


def test_frames_round_trip_whole_split_and_several_at_once() -> None:
    one = frames.encode(frames.INVOKE, {"request_id": "r1", "deadline_ms": 5, "none": None}, b'{"n": 1}')
    two = frames.encode(frames.RESULT, {"error": False, "maxrss_kb": 7}, b"")
    reader = frames.FrameReader()
    assert reader.feed(one) == [(frames.INVOKE, {"request_id": "r1", "deadline_ms": 5, "none": None},
                                 b'{"n": 1}')]
    assert reader.feed(one + two) == [(frames.INVOKE, {"request_id": "r1", "deadline_ms": 5, "none": None},
                                       b'{"n": 1}'), (frames.RESULT, {"error": False, "maxrss_kb": 7}, b"")]
    data = one + two
    got = []
    for i in range(0, len(data), 3):  # byte by byte, nearly
        got += reader.feed(data[i:i + 3])
    assert [kind for kind, _, _ in got] == [frames.INVOKE, frames.RESULT]
    assert reader.feed(b"") == []


def test_a_header_with_a_lone_surrogate_still_travels() -> None:
    """An error message may hold one (a file name decoded with surrogateescape): the
    standard encoder writes what orjson refuses, and the reader reads it back."""
    header = {"error": {"errorMessage": "bad name \udcff é", "errorType": "OSError"}}
    assert frames.FrameReader().feed(frames.encode(frames.READY, header)) == [(frames.READY, header, b"")]
