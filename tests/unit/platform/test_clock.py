"""cloudlet.clock: a manual clock wakes sleepers when moved."""

from __future__ import annotations

import asyncio

from cloudlet.clock import Clock, ManualClock


def test_manual_clock_wakes_sleepers_in_deadline_order() -> None:
    clock = ManualClock(100.0)
    woke: list[str] = []

    async def sleeper(name: str, seconds: float) -> None:
        await clock.sleep(seconds)
        woke.append(name)

    async def scenario() -> None:
        tasks = [asyncio.create_task(sleeper("late", 60)), asyncio.create_task(sleeper("soon", 5))]
        await asyncio.sleep(0)
        clock.advance(4)
        await asyncio.sleep(0)
        assert woke == []
        clock.advance(1)
        await asyncio.sleep(0)
        assert woke == ["soon"]
        clock.set(1000)
        await asyncio.gather(*tasks)

    asyncio.run(scenario())
    assert woke == ["soon", "late"]
    assert clock.now() == 1000


def test_wait_returns_on_the_event_or_the_timeout() -> None:
    async def scenario() -> tuple[bool, bool]:
        clock = Clock()
        event = asyncio.Event()
        timed_out = await clock.wait(event, 0.01)
        asyncio.get_running_loop().call_later(0.01, event.set)
        was_set = await clock.wait(event, 10)
        return timed_out, was_set

    assert asyncio.run(scenario()) == (False, True)
