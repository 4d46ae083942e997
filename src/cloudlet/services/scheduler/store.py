"""Schedule groups and schedules, with each schedule's durable next firing, in SQLite.

One database for the whole server (``<data>/scheduler.sqlite``), every row keyed by
account and region, so the one firing worker sees every schedule. The deliveries it
queues (``cloudlet.queue``, queue ``DELIVERIES``) live in the same database and are put
in the same transaction as the schedule's next firing moves on: a firing is queued
exactly once, and survives a crash.

A schedule's row keeps ``scheduled`` (the next occurrence of its expression, what
``<aws.scheduler.scheduled-time>`` says) and ``fire_at`` (when it is delivered: the
occurrence plus its flexible-window offset); both are NULL when nothing more will fire
(disabled, finished one-time or past its EndDate).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from cloudlet.clock import Clock
from cloudlet.queue import Queues
from cloudlet.services.scheduler.errors import (
    group_exists,
    group_not_found,
    schedule_exists,
    schedule_not_found,
)
from cloudlet.storage import connect, transaction

DEFAULT_GROUP = "default"
DELIVERIES = "scheduler.deliveries"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS groups (
    account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL,
    created REAL NOT NULL, modified REAL NOT NULL, tags BLOB NOT NULL, token TEXT,
    PRIMARY KEY (account, region, name));
CREATE TABLE IF NOT EXISTS schedules (
    account TEXT NOT NULL, region TEXT NOT NULL, grp TEXT NOT NULL, name TEXT NOT NULL,
    doc BLOB NOT NULL, created REAL NOT NULL, modified REAL NOT NULL, token TEXT,
    scheduled REAL, fire_at REAL,
    PRIMARY KEY (account, region, grp, name));
CREATE INDEX IF NOT EXISTS schedules_fire_at ON schedules (fire_at) WHERE fire_at IS NOT NULL;
"""


def wall(epoch: float) -> datetime:
    """A stored epoch as the datetime the API answers."""
    return datetime.fromtimestamp(epoch, UTC)


def group_arn(account: str, region: str, name: str) -> str:
    return f"arn:aws:scheduler:{region}:{account}:schedule-group/{name}"


def schedule_arn(account: str, region: str, group: str, name: str) -> str:
    return f"arn:aws:scheduler:{region}:{account}:schedule/{group}/{name}"


@dataclass(frozen=True, slots=True)
class Group:
    account: str
    region: str
    name: str
    created: float
    modified: float
    tags: dict[str, str]
    token: str | None

    @property
    def arn(self) -> str:
        return group_arn(self.account, self.region, self.name)


@dataclass(frozen=True, slots=True)
class Schedule:
    account: str
    region: str
    group: str
    name: str
    doc: dict[str, Any]  # the schedule's settings, members named as in the API
    created: float
    modified: float
    token: str | None
    scheduled: float | None
    fire_at: float | None

    @property
    def arn(self) -> str:
        return schedule_arn(self.account, self.region, self.group, self.name)


_SCHEDULE_COLUMNS = "account, region, grp, name, doc, created, modified, token, scheduled, fire_at"


def _schedule(row: tuple[Any, ...]) -> Schedule:
    return Schedule(row[0], row[1], row[2], row[3], orjson.loads(row[4]), row[5], row[6],
                    row[7], row[8], row[9])


def _group(row: tuple[Any, ...]) -> Group:
    return Group(row[0], row[1], row[2], row[3], row[4], orjson.loads(row[5]), row[6])


class Store:
    def __init__(self, path: Path, clock: Clock) -> None:
        self.conn = connect(path)
        self.conn.executescript(_SCHEMA)
        self.clock = clock
        self.queues = Queues(self.conn, clock)
        # Set whenever a schedule's next firing may have moved earlier (the worker re-plans).
        self.changed = asyncio.Event()
        self._have_default: set[tuple[str, str]] = set()

    def close(self) -> None:
        self.conn.close()

    # -- groups ----------------------------------------------------------------------

    def _ensure_default(self, account: str, region: str) -> None:
        """Every account and region has the group ``default`` (stored on first use)."""
        if (account, region) in self._have_default:
            return
        now = self.clock.now()
        self.conn.execute(
            "INSERT OR IGNORE INTO groups VALUES (?, ?, ?, ?, ?, ?, NULL)",
            (account, region, DEFAULT_GROUP, now, now, b"{}"))
        self._have_default.add((account, region))

    def create_group(self, account: str, region: str, name: str, tags: dict[str, str],
                     token: str | None) -> Group:
        """A new group; the existing one again when ``token`` repeats its creation's."""
        self._ensure_default(account, region)
        found = self.find_group(account, region, name)
        if found is not None:
            if token is not None and found.token == token:
                return found
            raise group_exists(name)
        now = self.clock.now()
        self.conn.execute("INSERT INTO groups VALUES (?, ?, ?, ?, ?, ?, ?)",
                          (account, region, name, now, now, orjson.dumps(tags), token))
        return Group(account, region, name, now, now, tags, token)

    def find_group(self, account: str, region: str, name: str) -> Group | None:
        self._ensure_default(account, region)
        row = self.conn.execute(
            "SELECT * FROM groups WHERE account = ? AND region = ? AND name = ?",
            (account, region, name)).fetchone()
        return _group(row) if row else None

    def group(self, account: str, region: str, name: str) -> Group:
        found = self.find_group(account, region, name)
        if found is None:
            raise group_not_found(name)
        return found

    def groups(self, account: str, region: str, prefix: str = "") -> list[Group]:
        self._ensure_default(account, region)
        rows = self.conn.execute(
            "SELECT * FROM groups WHERE account = ? AND region = ? AND substr(name, 1, ?) = ?"
            " ORDER BY name", (account, region, len(prefix), prefix)).fetchall()
        return [_group(r) for r in rows]

    def delete_group(self, account: str, region: str, name: str) -> None:
        """Delete a group and every schedule in it."""
        self.group(account, region, name)
        with transaction(self.conn) as conn:
            conn.execute("DELETE FROM schedules WHERE account = ? AND region = ? AND grp = ?",
                         (account, region, name))
            conn.execute("DELETE FROM groups WHERE account = ? AND region = ? AND name = ?",
                         (account, region, name))

    def set_tags(self, group: Group, tags: dict[str, str]) -> None:
        self.conn.execute(
            "UPDATE groups SET tags = ? WHERE account = ? AND region = ? AND name = ?",
            (orjson.dumps(tags), group.account, group.region, group.name))

    # -- schedules -------------------------------------------------------------------

    def find(self, account: str, region: str, group: str, name: str) -> Schedule | None:
        row = self.conn.execute(
            f"SELECT {_SCHEDULE_COLUMNS} FROM schedules"
            " WHERE account = ? AND region = ? AND grp = ? AND name = ?",
            (account, region, group, name)).fetchone()
        return _schedule(row) if row else None

    def get(self, account: str, region: str, group: str, name: str) -> Schedule:
        self.group(account, region, group)
        found = self.find(account, region, group, name)
        if found is None:
            raise schedule_not_found(name)
        return found

    def insert(self, schedule: Schedule) -> Schedule:
        """Store a new schedule; the existing one when its ClientToken repeats."""
        self.group(schedule.account, schedule.region, schedule.group)
        found = self.find(schedule.account, schedule.region, schedule.group, schedule.name)
        if found is not None:
            if schedule.token is not None and found.token == schedule.token:
                return found
            raise schedule_exists(schedule.name)
        self.conn.execute(
            f"INSERT INTO schedules ({_SCHEDULE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (schedule.account, schedule.region, schedule.group, schedule.name,
             orjson.dumps(schedule.doc), schedule.created, schedule.modified, schedule.token,
             schedule.scheduled, schedule.fire_at))
        self.changed.set()
        return schedule

    def replace(self, schedule: Schedule) -> None:
        """Store new settings and next firing for an existing schedule."""
        self.conn.execute(
            "UPDATE schedules SET doc = ?, modified = ?, scheduled = ?, fire_at = ?"
            " WHERE account = ? AND region = ? AND grp = ? AND name = ?",
            (orjson.dumps(schedule.doc), schedule.modified, schedule.scheduled,
             schedule.fire_at, schedule.account, schedule.region, schedule.group,
             schedule.name))
        self.changed.set()

    def delete(self, schedule: Schedule) -> None:
        self.conn.execute(
            "DELETE FROM schedules WHERE account = ? AND region = ? AND grp = ? AND name = ?",
            (schedule.account, schedule.region, schedule.group, schedule.name))

    def schedules(self, account: str, region: str, *, group: str | None = None,
                  prefix: str = "", state: str | None = None) -> list[Schedule]:
        sql = (f"SELECT {_SCHEDULE_COLUMNS} FROM schedules WHERE account = ? AND region = ?"
               " AND substr(name, 1, ?) = ?")
        args: list[Any] = [account, region, len(prefix), prefix]
        if group is not None:
            sql += " AND grp = ?"
            args.append(group)
        rows = self.conn.execute(sql + " ORDER BY grp, name", args).fetchall()
        found = [_schedule(r) for r in rows]
        return [s for s in found if state is None or s.doc.get("State") == state]

    # -- firing ----------------------------------------------------------------------

    def due(self, now: float, limit: int = 100) -> list[Schedule]:
        rows = self.conn.execute(
            f"SELECT {_SCHEDULE_COLUMNS} FROM schedules WHERE fire_at <= ?"
            " ORDER BY fire_at LIMIT ?", (now, limit)).fetchall()
        return [_schedule(r) for r in rows]

    def next_fire_at(self) -> float | None:
        row = self.conn.execute("SELECT min(fire_at) FROM schedules").fetchone()
        return None if row[0] is None else float(row[0])

    def fired(self, schedule: Schedule, delivery: bytes, attributes: dict[str, Any],
              scheduled: float | None, fire_at: float | None, *, remove: bool) -> None:
        """Queue one delivery and move the schedule on (or remove it), in one transaction."""
        with transaction(self.conn) as conn:
            self.queues.put(DELIVERIES, delivery, target=schedule.arn, attributes=attributes)
            key = (schedule.account, schedule.region, schedule.group, schedule.name)
            if remove:
                conn.execute("DELETE FROM schedules WHERE account = ? AND region = ?"
                             " AND grp = ? AND name = ?", key)
            else:
                conn.execute("UPDATE schedules SET scheduled = ?, fire_at = ?"
                             " WHERE account = ? AND region = ? AND grp = ? AND name = ?",
                             (scheduled, fire_at, *key))

    def move(self, schedule: Schedule, scheduled: float | None, fire_at: float | None) -> None:
        """Set a schedule's next firing without delivering (missed firings skipped)."""
        self.conn.execute("UPDATE schedules SET scheduled = ?, fire_at = ?"
                          " WHERE account = ? AND region = ? AND grp = ? AND name = ?",
                          (scheduled, fire_at, schedule.account, schedule.region,
                           schedule.group, schedule.name))

    def counts(self) -> dict[str, int]:
        """How many schedules there are, and how many will fire (for the health page)."""
        row = self.conn.execute(
            "SELECT count(*), count(fire_at) FROM schedules").fetchone()
        return {"schedules": int(row[0]), "planned": int(row[1])}

    def overdue(self, now: float) -> Iterator[Schedule]:
        rows = self.conn.execute(
            f"SELECT {_SCHEDULE_COLUMNS} FROM schedules WHERE fire_at < ?", (now,)).fetchall()
        return (_schedule(r) for r in rows)
