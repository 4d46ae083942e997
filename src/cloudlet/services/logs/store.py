"""One account's log groups, streams and events in one region, in SQLite.

Events are rows ordered by ``(timestamp, id)`` (``id`` is the insertion order), indexed
per stream and per group, so GetLogEvents and FilterLogEvents are index range scans.

Writes from Lambda (``append``) are buffered in memory and committed in one transaction
shortly after (``FLUSH_DELAY_S``), so the invoke path never waits on SQLite; every read
flushes the buffer first, so a reader always sees what was appended before it asked.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cloudlet.services.logs import tokens
from cloudlet.services.logs.errors import (
    LogGroupExists,
    LogGroupNotFound,
    LogStreamExists,
    LogStreamNotFound,
)
from cloudlet.storage import connect, transaction

if TYPE_CHECKING:
    import sqlite3

    from cloudlet.server.state import ServerState
    from cloudlet.services.logs.filter_pattern import Matcher

FLUSH_DELAY_S = 0.02
DAY_MS = 86_400_000
_FILTER_BATCH = 1000
_FILTER_SCAN_LIMIT = 100_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS groups (
    name TEXT PRIMARY KEY, created INTEGER NOT NULL, retention INTEGER,
    tags TEXT NOT NULL DEFAULT '{}', class TEXT NOT NULL DEFAULT 'STANDARD',
    stored_bytes INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS streams (
    grp TEXT NOT NULL, name TEXT NOT NULL, created INTEGER NOT NULL,
    first_ts INTEGER, last_ts INTEGER, last_ingest INTEGER,
    stored_bytes INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (grp, name));
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY, grp TEXT NOT NULL, stream TEXT NOT NULL,
    ts INTEGER NOT NULL, ingested INTEGER NOT NULL, message TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_by_stream ON events (grp, stream, ts, id);
CREATE INDEX IF NOT EXISTS events_by_group ON events (grp, ts, id);
"""


@dataclass(slots=True)
class Event:
    id: int
    stream: str
    timestamp: int
    ingestion_time: int
    message: str

    @property
    def position(self) -> tokens.Position:
        return self.timestamp, self.id


@dataclass(slots=True)
class Page:
    events: list[Event]
    next_position: tokens.Position | None


class LogStore:
    def __init__(self, state: ServerState, account: str, region: str) -> None:
        self.account = account
        self.region = region
        self.clock = state.clock
        self.conn: sqlite3.Connection = connect(state.db_path("logs", account, region))
        self.conn.executescript(_SCHEMA)
        self._lock = threading.RLock()
        self._pending: list[tuple[str, str, list[tuple[int, str]], int]] = []
        self._flush_scheduled = False

    # -- time ------------------------------------------------------------------------

    def now_ms(self) -> int:
        return int(self.clock.now() * 1000)

    def arn(self, group: str) -> str:
        return f"arn:aws:logs:{self.region}:{self.account}:log-group:{group}"

    # -- writes ------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock, transaction(self.conn) as conn:
            yield conn

    def append(self, group: str, stream: str, events: list[tuple[int, str]]) -> None:
        """Buffer events for a group and stream, both created if missing (as Lambda's
        log delivery does); committed within ``FLUSH_DELAY_S`` or at the next read."""
        if not events:
            return
        with self._lock:
            self._pending.append((group, stream, list(events), self.now_ms()))
            if self._flush_scheduled:
                return
            self._flush_scheduled = True
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.flush()
            return
        loop.call_later(FLUSH_DELAY_S, self.flush)

    def flush(self) -> None:
        with self._lock:
            batch, self._pending = self._pending, []
            self._flush_scheduled = False
            if not batch:
                return
            with self._transaction() as db:
                for group, stream, events, ingested in batch:
                    db.execute("INSERT OR IGNORE INTO groups (name, created) VALUES (?, ?)",
                               (group, ingested))
                    db.execute("INSERT OR IGNORE INTO streams (grp, name, created) VALUES (?, ?, ?)",
                               (group, stream, ingested))
                    self._insert(db, group, stream, events, ingested)

    def _insert(self, db: sqlite3.Connection, group: str, stream: str,
                events: list[tuple[int, str]], ingested: int) -> None:
        db.executemany(
            "INSERT INTO events (grp, stream, ts, ingested, message) VALUES (?, ?, ?, ?, ?)",
            [(group, stream, ts, ingested, message) for ts, message in events])
        size = sum(len(message) for _, message in events)
        first = min(ts for ts, _ in events)
        last = max(ts for ts, _ in events)
        db.execute(
            "UPDATE streams SET first_ts = min(coalesce(first_ts, ?), ?),"
            " last_ts = max(coalesce(last_ts, ?), ?), last_ingest = ?,"
            " stored_bytes = stored_bytes + ? WHERE grp = ? AND name = ?",
            (first, first, last, last, ingested, size, group, stream))
        db.execute("UPDATE groups SET stored_bytes = stored_bytes + ? WHERE name = ?", (size, group))

    def put_events(self, group: str, stream: str, events: list[tuple[int, str]]) -> None:
        """Store events in an existing stream (PutLogEvents)."""
        self.flush()
        with self._transaction() as db:
            self._require_stream(group, stream)
            if events:
                self._insert(db, group, stream, events, self.now_ms())

    # -- groups ------------------------------------------------------------------------

    def create_group(self, name: str, tags: dict[str, str] | None, group_class: str) -> None:
        self.flush()
        with self._transaction() as db:
            if self._group_row(name) is not None:
                raise LogGroupExists()
            db.execute("INSERT INTO groups (name, created, tags, class) VALUES (?, ?, ?, ?)",
                       (name, self.now_ms(), json.dumps(tags or {}), group_class))

    def delete_group(self, name: str) -> None:
        self.flush()
        with self._transaction() as db:
            self.group(name)
            db.execute("DELETE FROM events WHERE grp = ?", (name,))
            db.execute("DELETE FROM streams WHERE grp = ?", (name,))
            db.execute("DELETE FROM groups WHERE name = ?", (name,))

    def _group_row(self, name: str) -> dict[str, Any] | None:
        with self._lock:
            row = self.conn.execute(
                "SELECT name, created, retention, tags, class, stored_bytes FROM groups WHERE name = ?",
                (name,)).fetchone()
        if row is None:
            return None
        return {"name": row[0], "created": row[1], "retention": row[2],
                "tags": json.loads(row[3]), "class": row[4], "stored_bytes": row[5]}

    def group(self, name: str) -> dict[str, Any]:
        self.flush()
        found = self._group_row(name)
        if found is None:
            raise LogGroupNotFound()
        return found

    def groups(self, prefix: str | None, pattern: str | None, after: str | None,
               limit: int, names: list[str] | None = None) -> list[dict[str, Any]]:
        """Groups in name order after ``after`` (only ``names`` when given);
        ``limit + 1`` rows tell if more remain."""
        self.flush()
        sql = "SELECT name FROM groups WHERE name > ?"
        params: list[Any] = [after or ""]
        if names is not None:
            sql += f" AND name IN ({', '.join('?' * len(names))})"
            params += names
        if prefix:
            sql += " AND substr(name, 1, ?) = ?"
            params += [len(prefix), prefix]
        if pattern:
            sql += " AND instr(lower(name), ?) > 0"
            params.append(pattern.lower())
        sql += " ORDER BY name LIMIT ?"
        params.append(limit + 1)
        with self._lock:
            names = [r[0] for r in self.conn.execute(sql, params)]
        return [g for g in (self._group_row(n) for n in names) if g is not None]

    def set_retention(self, name: str, days: int | None) -> None:
        self.flush()
        with self._transaction() as db:
            self.group(name)
            db.execute("UPDATE groups SET retention = ? WHERE name = ?", (days, name))
            if days is not None:
                db.execute("DELETE FROM events WHERE grp = ? AND ts < ?",
                           (name, self.now_ms() - days * DAY_MS))

    def set_tags(self, name: str, tags: dict[str, str]) -> None:
        with self._transaction() as db:
            db.execute("UPDATE groups SET tags = ? WHERE name = ?", (json.dumps(tags), name))

    # -- streams -----------------------------------------------------------------------

    def create_stream(self, group: str, name: str) -> None:
        self.flush()
        with self._transaction() as db:
            self.group(group)
            exists = db.execute("SELECT 1 FROM streams WHERE grp = ? AND name = ?",
                                (group, name)).fetchone()
            if exists:
                raise LogStreamExists()
            db.execute("INSERT INTO streams (grp, name, created) VALUES (?, ?, ?)",
                       (group, name, self.now_ms()))

    def delete_stream(self, group: str, name: str) -> None:
        self.flush()
        with self._transaction() as db:
            self._require_stream(group, name)
            db.execute("DELETE FROM events WHERE grp = ? AND stream = ?", (group, name))
            db.execute("DELETE FROM streams WHERE grp = ? AND name = ?", (group, name))

    def _require_stream(self, group: str, name: str) -> None:
        if self._group_row(group) is None:
            raise LogGroupNotFound()
        with self._lock:
            row = self.conn.execute("SELECT 1 FROM streams WHERE grp = ? AND name = ?",
                                    (group, name)).fetchone()
        if row is None:
            raise LogStreamNotFound()

    def streams(self, group: str, prefix: str | None, by_last_event: bool, descending: bool,
                offset: int, limit: int) -> list[dict[str, Any]]:
        self.group(group)
        sql = ("SELECT name, created, first_ts, last_ts, last_ingest, stored_bytes"
               " FROM streams WHERE grp = ?")
        params: list[Any] = [group]
        if prefix:
            sql += " AND substr(name, 1, ?) = ?"
            params += [len(prefix), prefix]
        order = "DESC" if descending else "ASC"
        if by_last_event:
            sql += f" ORDER BY coalesce(last_ts, 0) {order}, name {order}"
        else:
            sql += f" ORDER BY name {order}"
        sql += " LIMIT ? OFFSET ?"
        params += [limit + 1, offset]
        with self._lock:
            rows = self.conn.execute(sql, params).fetchall()
        return [{"name": r[0], "created": r[1], "first_ts": r[2], "last_ts": r[3],
                 "last_ingest": r[4], "stored_bytes": r[5]} for r in rows]

    # -- reads -------------------------------------------------------------------------

    def _cutoff(self, group: dict[str, Any]) -> int:
        days = group["retention"]
        return self.now_ms() - days * DAY_MS if days else 0

    def stream_events(self, group: str, stream: str, *, start: int | None, end: int | None,
                      after: tokens.Position | None, before: tokens.Position | None,
                      from_head: bool, limit: int) -> list[Event]:
        """Events of one stream in ``[start, end)``: the first ``limit`` after ``after``,
        the last ``limit`` before ``before``, or from the head / the tail."""
        info = self.group(group)
        self._require_stream(group, stream)
        sql = "SELECT id, stream, ts, ingested, message FROM events WHERE grp = ? AND stream = ?"
        params: list[Any] = [group, stream]
        low = max(start or 0, self._cutoff(info))
        if low:
            sql += " AND ts >= ?"
            params.append(low)
        if end is not None:
            sql += " AND ts < ?"
            params.append(end)
        ascending = True
        if after is not None:
            sql += " AND (ts, id) > (?, ?)"
            params += list(after)
        elif before is not None:
            sql += " AND (ts, id) < (?, ?)"
            params += list(before)
            ascending = False
        else:
            ascending = from_head
        sql += " ORDER BY ts, id LIMIT ?" if ascending else " ORDER BY ts DESC, id DESC LIMIT ?"
        params.append(limit)
        with self._lock:
            rows = self.conn.execute(sql, params).fetchall()
        found = [Event(*r) for r in rows]
        if not ascending:
            found.reverse()
        return found

    def filter_events(self, group: str, *, streams: Iterable[str] | None, prefix: str | None,
                      start: int | None, end: int | None, after: tokens.Position | None,
                      matcher: Matcher, limit: int) -> Page:
        """Matching events across a group's streams in time order (FilterLogEvents)."""
        info = self.group(group)
        sql = "SELECT id, stream, ts, ingested, message FROM events WHERE grp = ?"
        params: list[Any] = [group]
        names = list(streams) if streams is not None else None
        if names is not None:
            sql += f" AND stream IN ({', '.join('?' * len(names))})"
            params += names
        if prefix:
            sql += " AND substr(stream, 1, ?) = ?"
            params += [len(prefix), prefix]
        low = max(start or 0, self._cutoff(info))
        if low:
            sql += " AND ts >= ?"
            params.append(low)
        if end is not None:
            sql += " AND ts <= ?"
            params.append(end)
        sql += " AND (ts, id) > (?, ?) ORDER BY ts, id LIMIT ?"
        position = after or (-1, -1)
        matched: list[Event] = []
        scanned = 0
        while True:
            with self._lock:
                rows = self.conn.execute(sql, [*params, *position, _FILTER_BATCH]).fetchall()
            for row in rows:
                event = Event(*row)
                position = event.position
                scanned += 1
                if matcher(event.message):
                    matched.append(event)
                    if len(matched) == limit:
                        return Page(matched, position)
            if len(rows) < _FILTER_BATCH:
                return Page(matched, None)
            if scanned >= _FILTER_SCAN_LIMIT:
                return Page(matched, position)
