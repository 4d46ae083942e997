"""SQS's state: one database for the whole server (``DATA_DIR/sqs.sqlite``).

Queue definitions live in ``sqs_queues`` keyed by account, region and name; their messages
ARE ``cloudlet.queue`` messages, in the same database, under the key
``ACCOUNT/REGION/NAME``. What a message carries beyond its body (message attributes, the
checksums, the sender, the deduplication id, the queue it was moved from) is the queue
message's ``attributes`` document. Tables of our own hold what ``Queues`` does not: recently
deleted names, ReceiveRequestAttemptIds, message move tasks.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.queue import Queues
from cloudlet.server.state import ServerWide
from cloudlet.storage import connect, transaction

if TYPE_CHECKING:
    from cloudlet.clock import Clock
    from cloudlet.server.state import ServerState

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sqs_queues (
    account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL,
    attributes BLOB NOT NULL, tags BLOB NOT NULL, permissions BLOB NOT NULL,
    created REAL NOT NULL, modified REAL NOT NULL, purged REAL,
    PRIMARY KEY (account, region, name));
CREATE TABLE IF NOT EXISTS sqs_deleted (
    account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, deleted REAL NOT NULL,
    PRIMARY KEY (account, region, name));
CREATE TABLE IF NOT EXISTS sqs_attempts (
    queue TEXT NOT NULL, attempt TEXT NOT NULL, receipts BLOB NOT NULL, expires REAL NOT NULL,
    PRIMARY KEY (queue, attempt));
CREATE TABLE IF NOT EXISTS sqs_move_tasks (
    handle TEXT PRIMARY KEY, source_arn TEXT NOT NULL, destination_arn TEXT,
    rate INTEGER, status TEXT NOT NULL, started REAL NOT NULL, to_move INTEGER NOT NULL,
    moved INTEGER NOT NULL DEFAULT 0, failure TEXT);
"""

ATTEMPT_WINDOW_S = 300.0


@dataclass(slots=True)
class QueueRecord:
    account: str
    region: str
    name: str
    attributes: dict[str, str]  # the settable attributes, as AWS answers them (text)
    tags: dict[str, str]
    permissions: dict[str, Any]  # label -> {"accounts": [...], "actions": [...]}
    created: float
    modified: float
    purged: float | None = None

    @property
    def key(self) -> str:
        """The queue's name in ``cloudlet.queue``."""
        return f"{self.account}/{self.region}/{self.name}"

    @property
    def arn(self) -> str:
        return f"arn:aws:sqs:{self.region}:{self.account}:{self.name}"

    @property
    def fifo(self) -> bool:
        return self.attributes.get("FifoQueue") == "true"

    def number(self, name: str) -> int:
        return int(self.attributes[name])


@dataclass(slots=True)
class MoveTask:
    handle: str
    source_arn: str
    destination_arn: str | None
    rate: int | None
    status: str
    started: float
    to_move: int
    moved: int = 0
    failure: str | None = None


def _record(row: tuple[Any, ...]) -> QueueRecord:
    return QueueRecord(row[0], row[1], row[2], orjson.loads(row[3]), orjson.loads(row[4]),
                       orjson.loads(row[5]), row[6], row[7], row[8])


_QUEUE_COLUMNS = "account, region, name, attributes, tags, permissions, created, modified, purged"
_TASK_COLUMNS = ("handle, source_arn, destination_arn, rate, status, started, to_move, moved,"
                 " failure")


@dataclass
class SqsStore:
    path: Path
    clock: Clock
    queues: Queues = field(init=False)
    # Set when a move task starts or is cancelled (the move worker waits on it).
    moves_changed: asyncio.Event = field(init=False, default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        self.conn = connect(self.path)
        self.conn.executescript(_SCHEMA)
        self.queues = Queues(self.conn, self.clock)

    # -- queues ----------------------------------------------------------------------

    def get(self, account: str, region: str, name: str) -> QueueRecord | None:
        row = self.conn.execute(
            f"SELECT {_QUEUE_COLUMNS} FROM sqs_queues WHERE account = ? AND region = ?"
            " AND name = ?", (account, region, name)).fetchone()
        return _record(row) if row else None

    def named(self, account: str, region: str, prefix: str = "") -> list[QueueRecord]:
        rows = self.conn.execute(
            f"SELECT {_QUEUE_COLUMNS} FROM sqs_queues WHERE account = ? AND region = ?"
            " AND substr(name, 1, ?) = ? ORDER BY name",
            (account, region, len(prefix), prefix)).fetchall()
        return [_record(r) for r in rows]

    def all(self) -> Iterator[QueueRecord]:
        for row in self.conn.execute(f"SELECT {_QUEUE_COLUMNS} FROM sqs_queues").fetchall():
            yield _record(row)

    def save(self, record: QueueRecord) -> None:
        self.conn.execute(
            f"INSERT OR REPLACE INTO sqs_queues ({_QUEUE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?,"
            " ?, ?)", (record.account, record.region, record.name,
                       orjson.dumps(record.attributes), orjson.dumps(record.tags),
                       orjson.dumps(record.permissions), record.created, record.modified,
                       record.purged))

    def delete(self, record: QueueRecord) -> None:
        with transaction(self.conn):
            self.conn.execute("DELETE FROM sqs_queues WHERE account = ? AND region = ? AND"
                              " name = ?", (record.account, record.region, record.name))
            self.conn.execute("INSERT OR REPLACE INTO sqs_deleted VALUES (?, ?, ?, ?)",
                              (record.account, record.region, record.name, self.clock.now()))
            self.queues.purge(record.key)
            self.conn.execute("DELETE FROM sqs_attempts WHERE queue = ?", (record.key,))
        self.queues.notify(record.key)

    def deleted_at(self, account: str, region: str, name: str) -> float | None:
        row = self.conn.execute("SELECT deleted FROM sqs_deleted WHERE account = ? AND"
                                " region = ? AND name = ?", (account, region, name)).fetchone()
        return None if row is None else float(row[0])

    # -- ReceiveRequestAttemptId ------------------------------------------------------

    def attempt(self, queue: str, attempt: str) -> list[str] | None:
        now = self.clock.now()
        self.conn.execute("DELETE FROM sqs_attempts WHERE expires <= ?", (now,))
        row = self.conn.execute("SELECT receipts FROM sqs_attempts WHERE queue = ? AND"
                                " attempt = ?", (queue, attempt)).fetchone()
        return None if row is None else list(orjson.loads(row[0]))

    def remember_attempt(self, queue: str, attempt: str, receipts: list[str]) -> None:
        self.conn.execute("INSERT OR REPLACE INTO sqs_attempts VALUES (?, ?, ?, ?)",
                          (queue, attempt, orjson.dumps(receipts),
                           self.clock.now() + ATTEMPT_WINDOW_S))

    # -- message move tasks ------------------------------------------------------------

    def add_task(self, task: MoveTask) -> None:
        self.conn.execute(f"INSERT INTO sqs_move_tasks ({_TASK_COLUMNS}) VALUES (?, ?, ?, ?, ?,"
                          " ?, ?, ?, ?)", (task.handle, task.source_arn, task.destination_arn,
                                           task.rate, task.status, task.started, task.to_move,
                                           task.moved, task.failure))
        self.moves_changed.set()

    def update_task(self, task: MoveTask) -> None:
        self.conn.execute("UPDATE sqs_move_tasks SET status = ?, moved = ?, failure = ?"
                          " WHERE handle = ?", (task.status, task.moved, task.failure,
                                                task.handle))

    def task(self, handle: str) -> MoveTask | None:
        row = self.conn.execute(f"SELECT {_TASK_COLUMNS} FROM sqs_move_tasks WHERE handle = ?",
                                (handle,)).fetchone()
        return MoveTask(*row) if row else None

    def tasks(self, source_arn: str | None = None, status: str | None = None) -> list[MoveTask]:
        rows = self.conn.execute(
            f"SELECT {_TASK_COLUMNS} FROM sqs_move_tasks WHERE (? IS NULL OR source_arn = ?)"
            " AND (? IS NULL OR status = ?) ORDER BY started DESC, rowid DESC",
            (source_arn, source_arn, status, status)).fetchall()
        return [MoveTask(*r) for r in rows]


stores: ServerWide[SqsStore] = ServerWide(
    lambda state: SqsStore(state.data_dir / "sqs.sqlite", state.clock))


def store_of(state: ServerState) -> SqsStore:
    """The server's one SQS store (every account and region is in it)."""
    return stores.get(state)
