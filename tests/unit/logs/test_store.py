"""The log store (cloudlet.services.logs.store): buffered appends, reads, retention."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from cloudlet.config import Config
from cloudlet.server.state import ServerState
from cloudlet.services.logs.errors import LogGroupNotFound, LogStreamNotFound
from cloudlet.services.logs.filter_pattern import compile_pattern
from cloudlet.services.logs.store import DAY_MS, LogStore


@pytest.fixture
def store(tmp_path: Path) -> LogStore:
    return LogStore(ServerState(Config(data_dir=tmp_path), {}), "000000000000", "us-east-1")


def now_ms() -> int:
    return int(time.time() * 1000)


def test_append_creates_group_and_stream_and_is_read_back(store: LogStore) -> None:
    t = now_ms()
    store.append("/aws/lambda/f", "s1", [(t, "START"), (t + 1, "END")])
    assert store.group("/aws/lambda/f")["stored_bytes"] == len("START") + len("END")
    events = store.stream_events("/aws/lambda/f", "s1", start=None, end=None, after=None,
                                 before=None, from_head=True, limit=10)
    assert [e.message for e in events] == ["START", "END"]


def test_appends_are_buffered_until_a_read(store: LogStore) -> None:
    # Outside an event loop append flushes at once; inside one it waits for the timer
    # or the next read. Either way a read sees everything appended before it.
    store.append("/g", "s", [(now_ms(), "one")])
    store.append("/g", "s", [(now_ms(), "two")])
    page = store.filter_events("/g", streams=None, prefix=None, start=None, end=None,
                               after=None, matcher=compile_pattern(""), limit=10)
    assert [e.message for e in page.events] == ["one", "two"]
    assert page.next_position is None


def test_reading_missing_group_or_stream(store: LogStore) -> None:
    with pytest.raises(LogGroupNotFound):
        store.group("/none")
    store.create_group("/g", None, "STANDARD")
    with pytest.raises(LogStreamNotFound):
        store.put_events("/g", "nope", [(now_ms(), "x")])


def test_retention_hides_and_deletes_old_events(store: LogStore) -> None:
    t = now_ms()
    store.append("/g", "s", [(t - 3 * DAY_MS, "old"), (t, "new")])
    store.set_retention("/g", 1)
    events = store.stream_events("/g", "s", start=None, end=None, after=None, before=None,
                                 from_head=True, limit=10)
    assert [e.message for e in events] == ["new"]


def test_filter_returns_a_resume_position_when_the_limit_is_reached(store: LogStore) -> None:
    t = now_ms()
    store.append("/g", "s", [(t + i, f"m{i}") for i in range(5)])
    first = store.filter_events("/g", streams=None, prefix=None, start=None, end=None, after=None,
                                matcher=compile_pattern(""), limit=2)
    assert [e.message for e in first.events] == ["m0", "m1"]
    rest = store.filter_events("/g", streams=None, prefix=None, start=None, end=None,
                               after=first.next_position, matcher=compile_pattern(""), limit=10)
    assert [e.message for e in rest.events] == ["m2", "m3", "m4"]


def test_events_survive_reopening(tmp_path: Path, store: LogStore) -> None:
    store.append("/g", "s", [(now_ms(), "kept")])
    store.flush()
    again = LogStore(ServerState(Config(data_dir=tmp_path), {}), "000000000000", "us-east-1")
    page = again.filter_events("/g", streams=None, prefix=None, start=None, end=None, after=None,
                               matcher=compile_pattern(""), limit=10)
    assert [e.message for e in page.events] == ["kept"]
