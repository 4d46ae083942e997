"""logstream.py: pipe bytes to log events."""

from __future__ import annotations

from cloudlet.runtime.logstream import LineSplitter


def test_lines_split_on_newline_and_partial_kept() -> None:
    splitter = LineSplitter()
    assert [m for _, m in splitter.feed(b"one\ntw")] == ["one"]
    assert [m for _, m in splitter.feed(b"o\nthree")] == ["two"]
    assert [m for _, m in splitter.flush()] == ["three"]
    assert splitter.flush() == []


def test_carriage_returns_join_one_multi_line_event() -> None:
    events = LineSplitter().feed(b"[ERROR] E: x\rTraceback (most recent call last):\r\n")
    assert [m for _, m in events] == ["[ERROR] E: x\nTraceback (most recent call last):"]


def test_invalid_utf8_is_replaced() -> None:
    assert [m for _, m in LineSplitter().feed(b"\xff\n")] == ["\ufffd"]
