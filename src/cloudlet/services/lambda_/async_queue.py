"""Asynchronous invocations (InvocationType=Event) waiting to run, on ``cloudlet.queue``.

Each event is a message of the ``lambda.async`` queue in ``<data>/lambda-events.sqlite``
from the moment Invoke answers 202 until its last attempt ends, so a server restart loses
none: events still queued or running when the server stopped run again after the next
start (at least once, as on Lambda). The ``lambda.async`` worker hands due events to
``deliver`` (at most ``PARALLEL`` at a time); ``deliver`` answers ``None`` (done) or a
``Retry`` (the event waits ``after_s``, and counts one more attempt if ``counts`` is set).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from cloudlet.clock import Clock
from cloudlet.queue import Later, Message, Queues, consume
from cloudlet.storage import transaction

PARALLEL = 64
NAME = "lambda.async"


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


def _event(message: Message) -> QueuedEvent:
    a = message.attributes
    return QueuedEvent(message.id, a["account"], a["region"], a["name"], a["qualifier"],
                       message.payload, int(a.get("attempts", 0)), message.sent)


class EventQueue:
    def __init__(self, path: Path, deliver: Deliver, clock: Clock) -> None:
        self.queues = Queues.open(path, clock)
        self.deliver = deliver
        self._adopt_earlier_rows()

    def _adopt_earlier_rows(self) -> None:
        """Move the events an earlier cloudlet queued in its own ``events`` table."""
        conn = self.queues.conn
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'events'").fetchone() is None:
            return
        with transaction(conn):
            for row in conn.execute("SELECT id, account, region, name, qualifier, payload,"
                                    " attempts, enqueued FROM events").fetchall():
                self.put(QueuedEvent(*row))
            conn.execute("DROP TABLE events")

    def put(self, event: QueuedEvent) -> None:
        """Store an event (committed before returning); a repeated id is stored once."""
        self.queues.put(NAME, event.payload, id=event.id, target=f"{event.name}:{event.qualifier}",
                        attributes={"account": event.account, "region": event.region,
                                    "name": event.name, "qualifier": event.qualifier,
                                    "attempts": event.attempts})

    def pending(self) -> int:
        return sum(self.queues.counts(NAME))

    async def run(self) -> None:
        """Deliver events until cancelled (the ``lambda.async`` worker)."""
        await consume(self.queues, NAME, self._handle, parallel=PARALLEL)

    async def _handle(self, message: Message) -> Later | None:
        event = _event(message)
        outcome = await self.deliver(event)
        if outcome is None:
            return None
        attempts = event.attempts + (1 if outcome.counts else 0)
        return Later(outcome.after_s, {**message.attributes, "attempts": attempts})
