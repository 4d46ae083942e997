"""Time and ids, injected so tests can control them.

Everything that waits for *time* (a retry backoff, a queue's delay or visibility timeout,
a schedule, a Step Functions Wait, a TTL sweep) asks the server's ``Clock``: ``now()``,
``await sleep(s)``, ``await sleep_until(t)`` and ``await wait(event, timeout)`` (an
``asyncio.Event`` or the timeout, whichever comes first; ``wait_until(event, when)`` with an
absolute deadline). Waiting for *work* (a wake-up
after a write) stays an ``asyncio.Event``.

``ManualClock`` is the clock of ``cloudlet start --clock manual``: time stands still until
``advance(seconds)`` or ``set(epoch)`` moves it (``POST /_cloudlet/clock`` with
``{"advance": 60}`` or ``{"set": 1767225600}``; ``GET`` answers ``{"now": ...}``), and every
sleeper whose deadline has passed wakes. A test drives an hourly schedule or Lambda's
one-minute retry in milliseconds that way.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import time
import uuid


class Clock:
    """Wall-clock and monotonic time, and sleeping on them."""

    manual = False

    def now(self) -> float:
        return time.time()

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))

    async def sleep_until(self, when: float) -> None:
        await self.sleep(when - self.now())

    async def wait(self, event: asyncio.Event, timeout: float | None) -> bool:
        """Wait for ``event`` at most ``timeout`` seconds (forever with ``None``); whether
        it was set."""
        return await self.wait_until(event, None if timeout is None else self.now() + timeout)

    async def wait_until(self, event: asyncio.Event, when: float | None) -> bool:
        """Wait for ``event`` until the clock reads ``when`` (forever with ``None``);
        whether it was set. The deadline is fixed before anything else runs, so a move of
        a manual clock in the meantime cannot push it later."""
        if event.is_set():
            return True
        if when is None:
            await event.wait()
            return True
        waiter = asyncio.ensure_future(event.wait())
        sleeper = asyncio.ensure_future(self.sleep_until(when))
        try:
            await asyncio.wait((waiter, sleeper), return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (waiter, sleeper):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        return event.is_set()


class ManualClock(Clock):
    """Time that moves only when told to (tests, ``--clock manual``)."""

    manual = True

    def __init__(self, start: float | None = None) -> None:
        self._now = time.time() if start is None else start
        self._offset = self._now - time.monotonic()
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def now(self) -> float:
        return self._now

    def monotonic(self) -> float:
        return self._now - self._offset

    async def sleep(self, seconds: float) -> None:
        await self.sleep_until(self._now + seconds)

    async def sleep_until(self, when: float) -> None:
        if when <= self._now:
            await asyncio.sleep(0)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (when, next(self._order), future))
        await future

    def advance(self, seconds: float) -> None:
        self.set(self._now + max(0.0, seconds))

    def set(self, when: float) -> None:
        """Move time to ``when`` (never backwards) and wake every sleeper now due."""
        self._now = max(self._now, when)
        while self._sleepers and self._sleepers[0][0] <= self._now:
            _, _, future = heapq.heappop(self._sleepers)
            if not future.done():
                future.set_result(None)


def new_id() -> str:
    return str(uuid.uuid4())
