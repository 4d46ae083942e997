"""Pure logic of the sandbox's limits: CPU in proportion to memory, log events cut at 256 KB."""

from __future__ import annotations

from cloudlet.runtime import sandbox
from cloudlet.runtime.logstream import MAX_EVENT_BYTES, LineSplitter


def test_one_vcpu_at_1769_mb_and_less_below() -> None:
    assert sandbox.cpu_quota_us(1769) == sandbox.CPU_PERIOD_US
    assert sandbox.cpu_quota_us(3538) == 2 * sandbox.CPU_PERIOD_US
    assert sandbox.cpu_quota_us(128) == 128 * sandbox.CPU_PERIOD_US // 1769 < sandbox.cpu_quota_us(512)
    assert sandbox.cpu_quota_us(1) == 1000  # the kernel's minimum


def test_a_long_line_is_cut_and_the_rest_dropped_without_being_held() -> None:
    splitter = LineSplitter()
    assert splitter.feed(b"a" * (MAX_EVENT_BYTES + 10)) == []
    assert splitter.feed(b"b" * (10 * MAX_EVENT_BYTES)) == []  # dropped, not buffered
    assert len(splitter._partial) == MAX_EVENT_BYTES
    events = splitter.feed(b"bbb\nnext\n")
    assert [m for _, m in events] == ["a" * MAX_EVENT_BYTES, "next"]


def test_a_complete_long_line_is_cut_too() -> None:
    events = LineSplitter().feed(b"c" * (MAX_EVENT_BYTES * 2) + b"\nshort\n")
    assert [len(m) for _, m in events] == [MAX_EVENT_BYTES, 5]


def test_flush_after_a_cut_line_starts_clean() -> None:
    splitter = LineSplitter()
    splitter.feed(b"d" * (MAX_EVENT_BYTES + 1))
    assert [len(m) for _, m in splitter.flush()] == [MAX_EVENT_BYTES]
    assert [m for _, m in splitter.feed(b"e\n")] == ["e"]
