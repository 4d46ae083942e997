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


def test_a_wait_keeps_its_deadline_when_the_clock_moves_as_it_starts() -> None:
    """The deadline is fixed when ``wait`` is called: a manual clock moved in the loop turn
    before the wait's timer registers (a POST /_cloudlet/clock read meanwhile) must not push
    the wake-up later (a schedule due at the new time would be slept past)."""
    async def scenario() -> tuple[bool, bool]:
        clock = ManualClock(1000.0)
        changed = asyncio.Event()
        waiting = asyncio.ensure_future(clock.wait(changed, 10))
        await asyncio.sleep(0)  # the wait has begun; its timer has not run yet
        clock.set(1005.0)
        await asyncio.sleep(0.01)
        early = waiting.done()
        clock.set(1010.0)
        was_set = await asyncio.wait_for(waiting, 1.0)
        return early, was_set

    assert asyncio.run(scenario()) == (False, False)


def test_wait_until_ends_on_the_event_and_drops_its_timer() -> None:
    async def scenario() -> bool:
        clock = ManualClock(0.0)
        changed = asyncio.Event()
        waiting = asyncio.ensure_future(clock.wait_until(changed, 3600.0))
        await asyncio.sleep(0.01)
        changed.set()
        return await asyncio.wait_for(waiting, 1.0)

    assert asyncio.run(scenario()) is True
