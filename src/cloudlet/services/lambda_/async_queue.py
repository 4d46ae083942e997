"""A persistent queue of asynchronous invocations (InvocationType=Event).

Each event is a row in ``<data>/lambda-events.sqlite`` from the moment Invoke answers
202 until its last attempt ends, so a server restart loses none: events still queued or
running when the server stopped run again after the next start (at least once, as on
Lambda). One worker task hands due events to ``deliver`` (at most ``PARALLEL`` at a
time); ``deliver`` answers ``None`` (done: the row goes) or a ``Retry`` (the row waits
``after_s``, and counts one more attempt if ``counts`` is set).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from cloudlet.clock import Clock
from cloudlet.storage import connect

log = logging.getLogger("cloudlet")

PARALLEL = 64
IDLE_WAIT_S = 5.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY, account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL,
    qualifier TEXT NOT NULL, payload BLOB NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    enqueued REAL NOT NULL, not_before REAL NOT NULL);
CREATE INDEX IF NOT EXISTS events_due ON events (not_before);
"""


@dataclass(frozen=True, slots=True)
class QueuedEvent:
    id: str  # the invocation's request id, the same on every attempt
    account: str
    region: str
    name: str
    qualifier: str
    payload: bytes
    attempts: int  # attempts already made that failed
    enqueued: float


@dataclass(frozen=True, slots=True)
class Retry:
    after_s: float
    counts: bool  # a failed attempt (True) or a throttle (False)


Deliver = Callable[[QueuedEvent], Awaitable[Retry | None]]


class EventQueue:
    def __init__(self, path: Path, deliver: Deliver, clock: Clock) -> None:
        self.conn = connect(path)
        self.conn.executescript(_SCHEMA)
        self.deliver = deliver
        self.clock = clock
        self._wake = asyncio.Event()
        self._inflight: dict[str, asyncio.Task[None]] = {}
        self._worker: asyncio.Task[None] | None = None

    def put(self, event: QueuedEvent) -> None:
        """Store an event (committed before returning) and wake the worker."""
        self.conn.execute(
            "INSERT OR IGNORE INTO events (id, account, region, name, qualifier, payload,"
            " attempts, enqueued, not_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (event.id, event.account, event.region, event.name, event.qualifier, event.payload,
             event.attempts, event.enqueued, event.enqueued))
        self._wake.set()

    def pending(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM events").fetchone()[0])

    def start(self) -> None:
        if self._worker is None:
            self._worker = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        """Stop taking events; running attempts are cancelled and stay queued."""
        tasks = list(self._inflight.values())
        if self._worker is not None:
            tasks.append(self._worker)
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._worker = None
        self._inflight.clear()

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            wait = self._dispatch_due()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), wait)

    def _dispatch_due(self) -> float:
        """Start due events; answer how long to sleep before the next one is due."""
        now = self.clock.now()
        room = PARALLEL - len(self._inflight)
        if room > 0:
            rows = self.conn.execute(
                "SELECT id, account, region, name, qualifier, payload, attempts, enqueued"
                " FROM events WHERE not_before <= ? ORDER BY not_before LIMIT ?",
                (now, room + len(self._inflight))).fetchall()
            for row in rows:
                if row[0] in self._inflight or len(self._inflight) >= PARALLEL:
                    continue
                event = QueuedEvent(*row)
                task = asyncio.get_running_loop().create_task(self._attempt(event))
                self._inflight[event.id] = task
        if len(self._inflight) >= PARALLEL:
            return IDLE_WAIT_S
        upcoming = self.conn.execute(
            "SELECT min(not_before) FROM events WHERE not_before > ?", (now,)).fetchone()[0]
        if upcoming is None:
            return IDLE_WAIT_S
        return max(0.0, min(IDLE_WAIT_S, float(upcoming) - now))

    async def _attempt(self, event: QueuedEvent) -> None:
        try:
            outcome = await self.deliver(event)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("asynchronous invocation %s failed to run", event.id)
            outcome = Retry(1.0, counts=True)
        finally:
            self._inflight.pop(event.id, None)
            self._wake.set()
        if outcome is None:
            self.conn.execute("DELETE FROM events WHERE id = ?", (event.id,))
        else:
            self.conn.execute(
                "UPDATE events SET attempts = attempts + ?, not_before = ? WHERE id = ?",
                (1 if outcome.counts else 0, self.clock.now() + outcome.after_s, event.id))
