"""Durable queues: "deliver this later, at least once".

Every delivery path stands on this module: Lambda's asynchronous invokes and their
destinations, SQS queues, SNS and EventBridge deliveries and their retries, S3 event
notifications, schedules and Step Functions timers. A ``Queues`` is a set of named queues
in one SQLite database (the service's own connection, so a service can enqueue in the same
transaction as the change that causes it - an S3 object write and its notification)::

    queues = Queues(conn, state.clock)
    queues.put("lambda.async", payload, target="arn:aws:lambda:...", delay_s=0)
    for message in queues.lease("lambda.async", max_count=10, visibility_s=30):
        ...                               # work on it, then one of:
        queues.ack(message.receipt)       # done: gone for good
        queues.release(message.receipt, after_s=60, attributes={"attempts": 1})
        queues.extend(message.receipt, after_s=30)   # or: keep it hidden longer

- ``put`` is committed before it returns (or with the caller's open transaction): an
  acknowledged message survives SIGKILL.
- ``lease`` hands out due messages (``due <= now``), oldest first, and hides each for
  ``visibility_s`` under a fresh receipt; a lease that is neither acknowledged nor released
  in time expires and the message is due again (at-least-once). ``receives`` counts leases.
- With ``fifo=True`` a lease follows message groups: only a group's oldest message (and the
  due ones after it, in order) can be leased, and nothing more of a group while one of its
  messages is leased.
- ``dedup`` ids make ``put`` idempotent for ``dedup_window_s`` (SQS FIFO's 5 minutes).
- ``wait(queue, timeout)`` sleeps until something is put or released in that queue (or
  the timeout passes on the server's clock), for long polling and consumers.

``consume`` runs a consumer loop (under ``cloudlet.workers``): it leases what is due,
runs ``handle`` on each message (at most ``parallel`` at a time) and acknowledges it
(``handle`` returns ``None``) or releases it (``handle`` returns ``Later``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import sqlite3
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from cloudlet.clock import Clock, new_id
from cloudlet.storage import connect

log = logging.getLogger("cloudlet")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS queue_messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    queue TEXT NOT NULL, id TEXT NOT NULL, target TEXT NOT NULL, payload BLOB NOT NULL,
    attributes BLOB NOT NULL, grp TEXT, sent REAL NOT NULL, due REAL NOT NULL,
    receives INTEGER NOT NULL DEFAULT 0, first_received REAL, receipt TEXT,
    leased INTEGER NOT NULL DEFAULT 0,
    UNIQUE (queue, id));
CREATE INDEX IF NOT EXISTS queue_messages_due ON queue_messages (queue, due);
CREATE INDEX IF NOT EXISTS queue_messages_receipt ON queue_messages (receipt);
CREATE INDEX IF NOT EXISTS queue_messages_group ON queue_messages (queue, grp, seq);
CREATE INDEX IF NOT EXISTS queue_messages_sent ON queue_messages (queue, sent);
CREATE TABLE IF NOT EXISTS queue_dedup (
    queue TEXT NOT NULL, dedup TEXT NOT NULL, id TEXT NOT NULL, expires REAL NOT NULL,
    PRIMARY KEY (queue, dedup));
"""

_COLUMNS = ("queue, id, target, payload, attributes, grp, sent, due, receives,"
            " first_received, receipt, seq")


@dataclass(frozen=True, slots=True)
class Message:
    queue: str
    id: str
    target: str  # opaque to the queue: whom the message is for
    payload: bytes
    attributes: dict[str, Any]  # JSON-able; the owner's bookkeeping (attempts, headers...)
    group: str | None
    sent: float  # when it was put
    due: float  # when it is (or was) next visible
    receives: int  # leases so far, this one included
    first_received: float | None
    receipt: str | None  # the current lease's token
    seq: int  # position in put order


@dataclass(frozen=True, slots=True)
class Later:
    """What a consumer's handler answers to have a message delivered again."""

    after_s: float
    attributes: dict[str, Any] | None = None  # replaces the message's attributes if set


def _message(row: tuple[Any, ...]) -> Message:
    return Message(row[0], row[1], row[2], bytes(row[3]), orjson.loads(row[4]), row[5], row[6],
                   row[7], row[8], row[9], row[10], row[11])


class Queues:
    def __init__(self, conn: sqlite3.Connection, clock: Clock) -> None:
        self.conn = conn
        self.clock = clock
        conn.executescript(_SCHEMA)
        self._wakes: dict[str, asyncio.Event] = {}

    @classmethod
    def open(cls, path: Path, clock: Clock) -> Queues:
        """Queues in a database of their own at ``path``."""
        return cls(connect(path), clock)

    @contextlib.contextmanager
    def _savepoint(self) -> Iterator[sqlite3.Connection]:
        """All-or-nothing, inside the caller's transaction if one is open."""
        name = f"q{secrets.token_hex(4)}"
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute(f"ROLLBACK TO {name}")
            self.conn.execute(f"RELEASE {name}")
            raise
        self.conn.execute(f"RELEASE {name}")

    # -- producing -------------------------------------------------------------------

    def put(self, queue: str, payload: bytes, *, target: str = "",
            attributes: dict[str, Any] | None = None, delay_s: float = 0.0,
            group: str | None = None, id: str | None = None, dedup: str | None = None,
            dedup_window_s: float = 300.0) -> Message:
        """Store a message; the stored one (the earlier message when ``dedup`` or ``id``
        repeats one still known)."""
        now = self.clock.now()
        due = now + max(0.0, delay_s)
        attributes = attributes or {}
        message_id = id or new_id()
        # One INSERT is atomic by itself; deduplication takes a savepoint.
        with self._savepoint() if dedup is not None else contextlib.nullcontext():
            if dedup is not None:
                earlier = self._deduplicate(queue, dedup, message_id, now, dedup_window_s)
                if earlier is not None:
                    return self.get(queue, earlier) or Message(
                        queue, earlier, target, payload, attributes, group, now, due, 0, None,
                        None, 0)
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO queue_messages (queue, id, target, payload, attributes,"
                " grp, sent, due) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (queue, message_id, target, payload, orjson.dumps(attributes), group, now, due))
        if cur.rowcount == 0:  # ``id`` names a message already stored
            existing = self.get(queue, message_id)
            assert existing is not None
            return existing
        self._wake(queue)
        return Message(queue, message_id, target, payload, attributes, group, now, due, 0, None,
                       None, int(cur.lastrowid or 0))

    def _deduplicate(self, queue: str, dedup: str, message_id: str, now: float,
                     window_s: float) -> str | None:
        """The id of the message ``dedup`` already named in its window, else None (and the
        window starts for ``message_id``)."""
        self.conn.execute("DELETE FROM queue_dedup WHERE queue = ? AND expires <= ?", (queue, now))
        seen = self.conn.execute("SELECT id FROM queue_dedup WHERE queue = ? AND dedup = ?",
                                 (queue, dedup)).fetchone()
        if seen is not None:
            return str(seen[0])
        self.conn.execute("INSERT INTO queue_dedup VALUES (?, ?, ?, ?)",
                          (queue, dedup, message_id, now + window_s))
        return None

    # -- consuming -------------------------------------------------------------------

    def lease(self, queue: str, *, max_count: int = 1, visibility_s: float = 30.0,
              fifo: bool = False, one_per_group: bool = False) -> list[Message]:
        """Up to ``max_count`` due messages, hidden for ``visibility_s`` under new receipts
        (with ``one_per_group``, only each free group's oldest message), in put order."""
        now = self.clock.now()
        if fifo:
            seqs = self._fifo_due(queue, now, max_count, 1 if one_per_group else max_count)
            if not seqs:
                return []
            chosen = f"seq IN ({', '.join('?' * len(seqs))})"
            args: list[Any] = list(seqs)
        else:
            chosen = ("seq IN (SELECT seq FROM queue_messages WHERE queue = ? AND due <= ?"
                      " ORDER BY due, seq LIMIT ?)")
            args = [queue, now, max_count]
        # One statement: the chosen messages, each under a receipt of its own.
        rows = self.conn.execute(
            "UPDATE queue_messages SET due = ?, receives = receives + 1,"
            " first_received = coalesce(first_received, ?),"
            f" receipt = lower(hex(randomblob(18))), leased = 1 WHERE {chosen}"
            f" RETURNING {_COLUMNS}", (now + visibility_s, now, *args)).fetchall()
        return sorted((_message(row) for row in rows), key=lambda m: m.seq)

    def _fifo_due(self, queue: str, now: float, max_count: int, per_group: int) -> list[int]:
        """The seqs of due messages at the heads of groups with nothing in flight, in order."""
        out: list[int] = []
        heads = self.conn.execute(
            "SELECT grp, min(seq) FROM queue_messages WHERE queue = ? GROUP BY grp"
            " ORDER BY min(seq)", (queue,)).fetchall()
        for group, _ in heads:
            if len(out) >= max_count:
                break
            rows = self.conn.execute(
                "SELECT seq, due FROM queue_messages WHERE queue = ? AND grp IS ?"
                " ORDER BY seq LIMIT ?", (queue, group, min(per_group, max_count - len(out)))
            ).fetchall()
            for seq, due in rows:
                if due > now:  # in flight or delayed: the rest of the group waits
                    break
                out.append(int(seq))
        return out

    def ack(self, receipt: str) -> bool:
        """Delete the leased message; whether the receipt was current."""
        cur = self.conn.execute("DELETE FROM queue_messages WHERE receipt = ?", (receipt,))
        return cur.rowcount > 0

    def release(self, receipt: str, *, after_s: float = 0.0,
                attributes: dict[str, Any] | None = None) -> bool:
        """Give the lease up: the message is due again ``after_s`` from now (0: at once),
        waiting as a delayed message until then."""
        return self._move(receipt, after_s, attributes, leased=0)

    def extend(self, receipt: str, *, after_s: float) -> bool:
        """Keep the lease, hidden until ``after_s`` from now (SQS ChangeMessageVisibility);
        0 gives it up at once."""
        return self._move(receipt, after_s, None, leased=1 if after_s > 0 else 0)

    def _move(self, receipt: str, after_s: float, attributes: dict[str, Any] | None,
              leased: int) -> bool:
        due = self.clock.now() + max(0.0, after_s)
        replaced = None if attributes is None else orjson.dumps(attributes)
        row = self.conn.execute(
            "UPDATE queue_messages SET due = ?, leased = ?, attributes = coalesce(?, attributes)"
            " WHERE receipt = ? RETURNING queue", (due, leased, replaced, receipt)).fetchone()
        if row is None:
            return False
        self._wake(row[0])  # waiters recompute when the next message is due
        return True

    def release_all(self, queue: str) -> int:
        """Make every message of ``queue`` still leased due now (a consumer that owned all
        the leases restarts and knows none of them is being worked on); released ones keep
        their due time."""
        now = self.clock.now()
        cur = self.conn.execute(
            "UPDATE queue_messages SET due = ?, leased = 0 WHERE queue = ? AND leased = 1"
            " AND due > ?", (now, queue, now))
        return cur.rowcount

    # -- managing --------------------------------------------------------------------

    def get(self, queue: str, id: str) -> Message | None:
        row = self.conn.execute(f"SELECT {_COLUMNS} FROM queue_messages WHERE queue = ? AND id = ?",
                                (queue, id)).fetchone()
        return _message(row) if row else None

    def by_receipt(self, receipt: str) -> Message | None:
        row = self.conn.execute(f"SELECT {_COLUMNS} FROM queue_messages WHERE receipt = ?",
                                (receipt,)).fetchone()
        return _message(row) if row else None

    def delete(self, queue: str, id: str) -> bool:
        cur = self.conn.execute("DELETE FROM queue_messages WHERE queue = ? AND id = ?", (queue, id))
        return cur.rowcount > 0

    def purge(self, queue: str) -> int:
        with self._savepoint() as conn:
            cur = conn.execute("DELETE FROM queue_messages WHERE queue = ?", (queue,))
            conn.execute("DELETE FROM queue_dedup WHERE queue = ?", (queue,))
        return cur.rowcount

    def expire(self, queue: str, sent_before: float) -> int:
        """Drop messages put before ``sent_before`` (retention)."""
        cur = self.conn.execute("DELETE FROM queue_messages WHERE queue = ? AND sent < ?",
                                (queue, sent_before))
        return cur.rowcount

    def counts(self, queue: str) -> tuple[int, int, int]:
        """(visible, in flight, delayed) message counts."""
        now = self.clock.now()
        row = self.conn.execute(
            "SELECT coalesce(sum(due <= ?), 0),"
            " coalesce(sum(due > ? AND leased = 1), 0),"
            " coalesce(sum(due > ? AND leased = 0), 0)"
            " FROM queue_messages WHERE queue = ?", (now, now, now, queue)).fetchone()
        return int(row[0]), int(row[1]), int(row[2])

    def next_due(self, queue: str) -> float | None:
        row = self.conn.execute("SELECT min(due) FROM queue_messages WHERE queue = ?",
                                (queue,)).fetchone()
        return None if row[0] is None else float(row[0])

    # -- waiting ---------------------------------------------------------------------

    def _wake(self, queue: str) -> None:
        event = self._wakes.get(queue)
        if event is not None:
            event.set()

    def notify(self, queue: str) -> None:
        """Wake whoever waits on ``queue`` (after a change made outside ``put``)."""
        self._wake(queue)

    async def wait(self, queue: str, timeout: float | None) -> None:
        """Sleep until something is put or released in ``queue``, or ``timeout`` passes
        (on the server's clock); at most until the next delayed message is due."""
        upcoming = self.next_due(queue)
        if upcoming is not None:
            until_due = max(0.0, upcoming - self.clock.now())
            timeout = until_due if timeout is None else min(timeout, until_due)
        event = self._wakes.setdefault(queue, asyncio.Event())
        event.clear()
        await self.clock.wait(event, timeout)


Handle = Callable[[Message], Awaitable[Later | None]]


# A consumer's lease lasts until it acknowledges or releases the message: it is the only
# reader of its queue, and ``release_all`` at its next start frees what a crash left leased.
# (An expiring lease would hand a message still being delivered out again when a manual
# clock jumps ahead.)
CONSUMER_LEASE_S = 10 * 365 * 86400.0


async def consume(queues: Queues, queue: str, handle: Handle, *, parallel: int = 64,
                  idle_s: float = 5.0, fifo: bool = False) -> None:
    """Deliver ``queue``'s messages to ``handle`` forever (run it as a worker).

    At most ``parallel`` run at once; each stays leased while ``handle`` runs (so it is
    never handed out twice), acknowledged when ``handle`` returns ``None`` and released
    when it returns ``Later``. A handler that raises is logged and the message is tried
    again after a second. Messages leased by an earlier
    run (a crash, a restart) are due again at once. With ``fifo`` each message group is
    delivered in order, one message at a time (groups side by side).
    """
    queues.release_all(queue)
    running: set[asyncio.Task[None]] = set()

    async def deliver(message: Message) -> None:
        try:
            outcome = await handle(message)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("delivering %s from %s failed", message.id, queue)
            outcome = Later(1.0)
        assert message.receipt is not None
        if outcome is None:
            queues.ack(message.receipt)
        else:
            queues.release(message.receipt, after_s=outcome.after_s,
                           attributes=outcome.attributes)

    try:
        while True:
            room = parallel - len(running)
            batch = queues.lease(queue, max_count=room, visibility_s=CONSUMER_LEASE_S,
                                 fifo=fifo, one_per_group=True) if room else []
            for message in batch:
                task = asyncio.get_running_loop().create_task(deliver(message))
                running.add(task)
                task.add_done_callback(running.discard)
            if len(running) >= parallel:
                await asyncio.wait(set(running), return_when=asyncio.FIRST_COMPLETED)
            elif not batch:
                await queues.wait(queue, idle_s)
    finally:
        for task in list(running):
            task.cancel()
        for task in list(running):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
