"""The persistent event queue (cloudlet.services.lambda_.async_queue)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from cloudlet.clock import Clock
from cloudlet.services.lambda_.async_queue import EventQueue, QueuedEvent, Retry


def _event(event_id: str) -> QueuedEvent:
    return QueuedEvent(event_id, "000000000000", "us-east-1", "f", "$LATEST", b"{}", 0, Clock().now())


def test_events_are_delivered_and_retried_until_done(tmp_path: Path) -> None:
    attempts: list[tuple[str, int]] = []

    async def deliver(event: QueuedEvent) -> Retry | None:
        attempts.append((event.id, event.attempts))
        return Retry(0.01, counts=True) if event.attempts < 2 else None

    async def scenario() -> int:
        queue = EventQueue(tmp_path / "q.sqlite", deliver, Clock())
        queue.start()
        queue.put(_event("a"))
        for _ in range(200):
            await asyncio.sleep(0.01)
            if queue.pending() == 0:
                break
        await queue.stop()
        return queue.pending()

    assert asyncio.run(scenario()) == 0
    assert attempts == [("a", 0), ("a", 1), ("a", 2)]


def test_throttles_do_not_count_as_attempts(tmp_path: Path) -> None:
    seen: list[int] = []

    async def deliver(event: QueuedEvent) -> Retry | None:
        seen.append(event.attempts)
        return Retry(0.01, counts=False) if len(seen) < 3 else None

    async def scenario() -> None:
        queue = EventQueue(tmp_path / "q.sqlite", deliver, Clock())
        queue.start()
        queue.put(_event("b"))
        for _ in range(200):
            await asyncio.sleep(0.01)
            if queue.pending() == 0:
                break
        await queue.stop()

    asyncio.run(scenario())
    assert seen == [0, 0, 0]


def test_events_not_finished_stay_queued_for_the_next_start(tmp_path: Path) -> None:
    async def hang(event: QueuedEvent) -> Retry | None:
        await asyncio.sleep(60)
        return None

    async def first() -> None:
        queue = EventQueue(tmp_path / "q.sqlite", hang, Clock())
        queue.start()
        queue.put(_event("c"))
        await asyncio.sleep(0.05)
        await queue.stop()

    asyncio.run(first())
    delivered: list[str] = []

    async def done(event: QueuedEvent) -> Retry | None:
        delivered.append(event.id)
        return None

    async def second() -> None:
        queue = EventQueue(tmp_path / "q.sqlite", done, Clock())
        queue.start()
        for _ in range(100):
            await asyncio.sleep(0.01)
            if delivered:
                break
        await queue.stop()

    asyncio.run(second())
    assert delivered == ["c"]
