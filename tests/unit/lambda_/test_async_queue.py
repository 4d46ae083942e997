"""Lambda's queue of asynchronous invocations (cloudlet.services.lambda_.async_queue), on
cloudlet.queue."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from cloudlet.clock import Clock
from cloudlet.services.lambda_.async_queue import EventQueue, QueuedEvent, Retry


def _event(event_id: str) -> QueuedEvent:
    return QueuedEvent(event_id, "000000000000", "us-east-1", "f", "$LATEST", b"{}", 0, Clock().now())


@contextlib.asynccontextmanager
async def running(queue: EventQueue) -> AsyncIterator[EventQueue]:
    """The queue's worker, running while the block runs (cancelled after, as at shutdown)."""
    task = asyncio.create_task(queue.run())
    try:
        yield queue
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def until(check: Callable[[], bool]) -> None:
    for _ in range(300):
        if check():
            return
        await asyncio.sleep(0.01)


def test_events_are_delivered_and_retried_until_done(tmp_path: Path) -> None:
    attempts: list[tuple[str, int]] = []

    async def deliver(event: QueuedEvent) -> Retry | None:
        attempts.append((event.id, event.attempts))
        return Retry(0.01, counts=True) if event.attempts < 2 else None

    async def scenario() -> int:
        async with running(EventQueue(tmp_path / "q.sqlite", deliver, Clock())) as queue:
            queue.put(_event("a"))
            await until(lambda: len(attempts) == 3 and queue.pending() == 0)
            return queue.pending()

    assert asyncio.run(scenario()) == 0
    assert attempts == [("a", 0), ("a", 1), ("a", 2)]


def test_throttles_do_not_count_as_attempts(tmp_path: Path) -> None:
    seen: list[int] = []

    async def deliver(event: QueuedEvent) -> Retry | None:
        seen.append(event.attempts)
        return Retry(0.01, counts=False) if len(seen) < 3 else None

    async def scenario() -> None:
        async with running(EventQueue(tmp_path / "q.sqlite", deliver, Clock())) as queue:
            queue.put(_event("b"))
            await until(lambda: len(seen) == 3 and queue.pending() == 0)

    asyncio.run(scenario())
    assert seen == [0, 0, 0]


def test_events_not_finished_stay_queued_for_the_next_start(tmp_path: Path) -> None:
    async def hang(event: QueuedEvent) -> Retry | None:
        await asyncio.sleep(60)
        return None

    async def first() -> None:
        async with running(EventQueue(tmp_path / "q.sqlite", hang, Clock())) as queue:
            queue.put(_event("c"))
            await asyncio.sleep(0.05)

    asyncio.run(first())
    delivered: list[str] = []

    async def done(event: QueuedEvent) -> Retry | None:
        delivered.append(event.id)
        return None

    async def second() -> None:
        async with running(EventQueue(tmp_path / "q.sqlite", done, Clock())):
            await until(lambda: bool(delivered))

    asyncio.run(second())
    assert delivered == ["c"]


def test_events_an_earlier_version_queued_are_adopted(tmp_path: Path) -> None:
    """Rows of the ``events`` table earlier cloudlets kept move onto the queue, once."""
    path = tmp_path / "q.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE events (id TEXT PRIMARY KEY, account TEXT, region TEXT,"
                     " name TEXT, qualifier TEXT, payload BLOB, attempts INTEGER,"
                     " enqueued REAL, not_before REAL)")
        conn.execute("INSERT INTO events VALUES ('old', '000000000000', 'us-east-1', 'f',"
                     " '$LATEST', x'7b7d', 1, 1.0, 1.0)")
    seen: list[tuple[str, int]] = []

    async def deliver(event: QueuedEvent) -> Retry | None:
        seen.append((event.id, event.attempts))
        return None

    async def scenario() -> None:
        async with running(EventQueue(path, deliver, Clock())):
            await until(lambda: bool(seen))

    asyncio.run(scenario())
    assert seen == [("old", 1)]
    assert EventQueue(path, deliver, Clock()).pending() == 0
