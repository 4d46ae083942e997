"""The engine's durable state: stacks, their resources, events, change sets and exports,
in one SQLite database for the whole server (rows carry account and region).

Each write is its own WAL transaction, committed before the engine moves on, so a
resource step recorded "before" and "after" its provider call survives a SIGKILL; on the
next start ``recovery`` finds the operations left in progress.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import orjson

from cloudlet.cloudformation.records import (
    ChangeSetRecord,
    ResourceRecord,
    StackRecord,
    from_doc,
    to_json,
)
from cloudlet.storage import connect, transaction

_SCHEMA = """
CREATE TABLE IF NOT EXISTS stacks (
    stack_id TEXT PRIMARY KEY, account TEXT NOT NULL, region TEXT NOT NULL,
    name TEXT NOT NULL, status TEXT NOT NULL, created REAL NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS stacks_by_name ON stacks (account, region, name, created);
CREATE TABLE IF NOT EXISTS resources (
    stack_id TEXT NOT NULL, logical_id TEXT NOT NULL, doc TEXT NOT NULL,
    PRIMARY KEY (stack_id, logical_id));
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, stack_id TEXT NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_by_stack ON events (stack_id, seq);
CREATE TABLE IF NOT EXISTS change_sets (
    change_set_id TEXT PRIMARY KEY, stack_id TEXT NOT NULL, name TEXT NOT NULL,
    doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS change_sets_by_stack ON change_sets (stack_id, name);
CREATE TABLE IF NOT EXISTS exports (
    account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL,
    stack_id TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (account, region, name));
"""

# Stacks that are gone: describable by id, not by name, and not in the way of a new one.
DELETED = "DELETE_COMPLETE"


def _dump(doc: dict[str, Any]) -> str:
    # Text, not a BLOB: SQLite's json functions read BLOBs as its binary JSONB.
    return to_json(doc).decode()


class StackStore:
    def __init__(self, path: Path) -> None:
        self.conn: sqlite3.Connection = connect(path)
        self.conn.executescript(_SCHEMA)

    def close(self) -> None:
        self.conn.close()

    # -- stacks -------------------------------------------------------------------------

    def put_stack(self, stack: StackRecord) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO stacks VALUES (?, ?, ?, ?, ?, ?, ?)",
            (stack.stack_id, stack.account, stack.region, stack.name, stack.status,
             stack.created, _dump(stack.doc())))

    def stack(self, stack_id: str) -> StackRecord | None:
        row = self.conn.execute("SELECT doc FROM stacks WHERE stack_id = ?",
                                (stack_id,)).fetchone()
        return from_doc(StackRecord, orjson.loads(row[0])) if row else None

    def live_stack(self, account: str, region: str, name: str) -> StackRecord | None:
        """The stack named ``name`` that is not deleted (at most one exists)."""
        row = self.conn.execute(
            "SELECT doc FROM stacks WHERE account = ? AND region = ? AND name = ? "
            "AND status != ? ORDER BY created DESC LIMIT 1",
            (account, region, name, DELETED)).fetchone()
        return from_doc(StackRecord, orjson.loads(row[0])) if row else None

    def stacks(self, account: str, region: str, *, include_deleted: bool) -> list[StackRecord]:
        sql = "SELECT doc FROM stacks WHERE account = ? AND region = ?"
        args: tuple[Any, ...] = (account, region)
        if not include_deleted:
            sql += " AND status != ?"
            args += (DELETED,)
        rows = self.conn.execute(sql + " ORDER BY created DESC", args).fetchall()
        return [from_doc(StackRecord, orjson.loads(r[0])) for r in rows]

    def in_progress(self) -> list[StackRecord]:
        rows = self.conn.execute(
            "SELECT doc FROM stacks WHERE status LIKE '%IN_PROGRESS' "
            "AND status != 'REVIEW_IN_PROGRESS'").fetchall()
        return [from_doc(StackRecord, orjson.loads(r[0])) for r in rows]

    # -- resources ----------------------------------------------------------------------

    def put_resource(self, stack_id: str, resource: ResourceRecord) -> None:
        # An upsert keeps the row's rowid: rows stay in creation order.
        self.conn.execute("INSERT INTO resources VALUES (?, ?, ?) ON CONFLICT "
                          "(stack_id, logical_id) DO UPDATE SET doc = excluded.doc",
                          (stack_id, resource.logical_id, _dump(resource.doc())))

    def drop_resource(self, stack_id: str, logical_id: str) -> None:
        self.conn.execute("DELETE FROM resources WHERE stack_id = ? AND logical_id = ?",
                          (stack_id, logical_id))

    def resources(self, stack_id: str) -> dict[str, ResourceRecord]:
        rows = self.conn.execute("SELECT doc FROM resources WHERE stack_id = ? ORDER BY rowid",
                                 (stack_id,)).fetchall()
        found = [from_doc(ResourceRecord, orjson.loads(r[0])) for r in rows]
        return {r.logical_id: r for r in found}

    def stacks_with_physical(self, account: str, region: str,
                             physical_id: str) -> list[tuple[str, str]]:
        """(stack id, logical id) of live resources whose physical id is ``physical_id``."""
        rows = self.conn.execute(
            "SELECT r.stack_id, r.logical_id FROM resources r JOIN stacks s "
            "ON s.stack_id = r.stack_id WHERE s.account = ? AND s.region = ? AND s.status != ? "
            "AND json_extract(r.doc, '$.physical_id') = ?",
            (account, region, DELETED, physical_id)).fetchall()
        return [(r[0], r[1]) for r in rows]

    # -- events -------------------------------------------------------------------------

    def add_event(self, stack_id: str, event: dict[str, Any]) -> None:
        self.conn.execute("INSERT INTO events (stack_id, doc) VALUES (?, ?)",
                          (stack_id, _dump(event)))

    def events(self, stack_id: str) -> list[dict[str, Any]]:
        """The stack's events, newest first."""
        rows = self.conn.execute("SELECT doc FROM events WHERE stack_id = ? ORDER BY seq DESC",
                                 (stack_id,)).fetchall()
        return [orjson.loads(r[0]) for r in rows]

    # -- change sets --------------------------------------------------------------------

    def put_change_set(self, change_set: ChangeSetRecord) -> None:
        self.conn.execute("INSERT OR REPLACE INTO change_sets VALUES (?, ?, ?, ?)",
                          (change_set.change_set_id, change_set.stack_id, change_set.name,
                           _dump(change_set.doc())))

    def change_set(self, change_set_id: str) -> ChangeSetRecord | None:
        row = self.conn.execute("SELECT doc FROM change_sets WHERE change_set_id = ?",
                                (change_set_id,)).fetchone()
        return from_doc(ChangeSetRecord, orjson.loads(row[0])) if row else None

    def change_sets(self, stack_id: str) -> list[ChangeSetRecord]:
        rows = self.conn.execute(
            "SELECT doc FROM change_sets WHERE stack_id = ? ORDER BY rowid",
            (stack_id,)).fetchall()
        return [from_doc(ChangeSetRecord, orjson.loads(r[0])) for r in rows]

    def drop_change_set(self, change_set_id: str) -> None:
        self.conn.execute("DELETE FROM change_sets WHERE change_set_id = ?", (change_set_id,))

    def drop_change_sets(self, stack_id: str) -> None:
        self.conn.execute("DELETE FROM change_sets WHERE stack_id = ?", (stack_id,))

    # -- exports ------------------------------------------------------------------------

    def exports(self, account: str, region: str) -> dict[str, tuple[str, str]]:
        """Export name -> (exporting stack id, value)."""
        rows = self.conn.execute(
            "SELECT name, stack_id, value FROM exports WHERE account = ? AND region = ? "
            "ORDER BY name", (account, region)).fetchall()
        return {r[0]: (r[1], r[2]) for r in rows}

    def set_exports(self, stack: StackRecord, exports: dict[str, str]) -> None:
        """Replace the stack's exports with ``exports`` (name -> value)."""
        with transaction(self.conn):
            self.conn.execute("DELETE FROM exports WHERE stack_id = ?", (stack.stack_id,))
            self.conn.executemany(
                "INSERT INTO exports VALUES (?, ?, ?, ?, ?)",
                [(stack.account, stack.region, name, stack.stack_id, value)
                 for name, value in exports.items()])

    def importers(self, account: str, region: str, export_name: str) -> list[str]:
        """Names of the live stacks that import ``export_name``."""
        return sorted(s.name for s in self.stacks(account, region, include_deleted=False)
                      if export_name in s.imports)
