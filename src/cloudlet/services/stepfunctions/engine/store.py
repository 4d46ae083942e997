"""The executions journal: executions, their history events and their frames, in one
server-wide SQLite database ``<data>/stepfunctions-executions.sqlite``.

A transition (the history events a state adds and the frame's next state and input) is
written in ONE transaction (``commit``) before the next state starts, so a SIGKILLed server
resumes every RUNNING execution at the state it was about to run (``running``). A frame is
known by its path: ``""`` for the top level, ``"{parent path}/{entered event id}.{index}"``
for a Parallel branch or Map iteration; a branch or iteration that finished has its output
in ``results`` (``commit_result``), so a resumed Map runs only the iterations that had not.
A task waiting on a token has it in ``tokens`` (``park``): after a restart it waits on the
same token again, its call not made twice.
EXPRESS executions never touch this store (they run in memory, as AWS keeps no history).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from cloudlet.storage import connect, transaction

_SCHEMA = """
CREATE TABLE IF NOT EXISTS executions (
    arn TEXT PRIMARY KEY, account TEXT NOT NULL, region TEXT NOT NULL,
    machine_arn TEXT NOT NULL, version_arn TEXT, alias_arn TEXT, name TEXT NOT NULL,
    status TEXT NOT NULL, input TEXT NOT NULL, output TEXT, error TEXT, cause TEXT,
    started REAL NOT NULL, stopped REAL, definition TEXT NOT NULL, role_arn TEXT NOT NULL,
    revision_id TEXT NOT NULL, trace_header TEXT, redrive_count INTEGER NOT NULL DEFAULT 0,
    redrive_date REAL, next_event INTEGER NOT NULL DEFAULT 1);
CREATE INDEX IF NOT EXISTS executions_by_machine ON executions (machine_arn, started);
CREATE INDEX IF NOT EXISTS executions_by_status ON executions (status);
CREATE TABLE IF NOT EXISTS events (
    execution TEXT NOT NULL, id INTEGER NOT NULL, doc BLOB NOT NULL,
    PRIMARY KEY (execution, id));
CREATE TABLE IF NOT EXISTS frames (
    execution TEXT NOT NULL, path TEXT NOT NULL, state TEXT NOT NULL, input TEXT NOT NULL,
    variables BLOB NOT NULL, wake REAL, last_event INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (execution, path));
CREATE TABLE IF NOT EXISTS tokens (
    execution TEXT NOT NULL, path TEXT NOT NULL, token TEXT NOT NULL, started REAL NOT NULL,
    PRIMARY KEY (execution, path));
CREATE TABLE IF NOT EXISTS map_runs (
    arn TEXT PRIMARY KEY, execution TEXT NOT NULL, machine_arn TEXT NOT NULL,
    status TEXT NOT NULL, started REAL NOT NULL, stopped REAL, config BLOB NOT NULL,
    counts BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS map_runs_by_execution ON map_runs (execution, started);
CREATE TABLE IF NOT EXISTS results (
    execution TEXT NOT NULL, path TEXT NOT NULL, output TEXT NOT NULL,
    last_event INTEGER NOT NULL, PRIMARY KEY (execution, path));
"""


@dataclass
class Execution:
    """One STANDARD execution's record (DescribeExecution's members come from it)."""

    arn: str
    account: str
    region: str
    machine_arn: str
    version_arn: str | None
    alias_arn: str | None
    name: str
    status: str
    input: str
    output: str | None
    error: str | None
    cause: str | None
    started: float
    stopped: float | None
    definition: str
    role_arn: str
    revision_id: str
    trace_header: str | None
    redrive_count: int
    redrive_date: float | None


_COLS = ("arn, account, region, machine_arn, version_arn, alias_arn, name, status, input,"
         " output, error, cause, started, stopped, definition, role_arn, revision_id,"
         " trace_header, redrive_count, redrive_date")


@dataclass
class Frame:
    """Where a frame of an execution is: the state to run next and its input."""

    state: str
    input: str
    variables: dict[str, Any]
    wake: float | None
    last_event: int


class Store:
    def __init__(self, path: Path) -> None:
        self.conn = connect(path)
        self.conn.executescript(_SCHEMA)

    def close(self) -> None:
        self.conn.close()

    def insert(self, ex: Execution, events: list[dict[str, Any]], frame: Frame) -> None:
        """A new execution with its first events and frame, in one transaction."""
        with transaction(self.conn) as c:
            c.execute(f"INSERT INTO executions ({_COLS}) VALUES"
                      f" ({', '.join('?' * 20)})", _row(ex))
            self._write(c, ex.arn, events, frame)

    def commit(self, arn: str, events: list[dict[str, Any]], frame: Frame | None, *,
               status: str | None = None, output: str | None = None,
               error: str | None = None, cause: str | None = None,
               stopped: float | None = None, path: str = "") -> bool:
        """Append events and move the frame (or finish the execution) atomically; False
        when the execution is no longer RUNNING (stopped meanwhile): nothing written."""
        with transaction(self.conn) as c:
            if not self._still_running(c, arn):
                return False
            self._write(c, arn, events, frame, path)
            if status is not None:
                c.execute("UPDATE executions SET status = ?, output = ?, error = ?, cause = ?,"
                          " stopped = ? WHERE arn = ?",
                          (status, output, error, cause, stopped, arn))
                c.execute("DELETE FROM frames WHERE execution = ? AND path != ''", (arn,))
                c.execute("DELETE FROM results WHERE execution = ?", (arn,))
                c.execute("DELETE FROM tokens WHERE execution = ?", (arn,))
        return True

    @staticmethod
    def _still_running(c: Any, arn: str) -> bool:
        row = c.execute("SELECT status FROM executions WHERE arn = ?", (arn,)).fetchone()
        return row is not None and row[0] == "RUNNING"

    def commit_result(self, arn: str, events: list[dict[str, Any]], path: str, output: str,
                      last_event: int) -> bool:
        """A branch or iteration finished: its events and output, its frames gone."""
        with transaction(self.conn) as c:
            if not self._still_running(c, arn):
                return False
            self._write(c, arn, events, None, path)
            c.execute("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)",
                      (arn, path, output, last_event))
            for table in ("frames", "tokens"):
                c.execute(f"DELETE FROM {table} WHERE execution = ? AND (path = ? OR path"
                          " LIKE ?)", (arn, path, path + "/%"))
        return True

    def park(self, arn: str, events: list[dict[str, Any]], path: str, token: str,
             started: float) -> bool:
        with transaction(self.conn) as c:
            if not self._still_running(c, arn):
                return False
            self._write(c, arn, events, None, path)
            c.execute("INSERT OR REPLACE INTO tokens VALUES (?, ?, ?, ?)",
                      (arn, path, token, started))
        return True

    def parked(self, arn: str, path: str) -> tuple[str, float] | None:
        """The token a task at ``path`` waits on, and when it started, if it does."""
        row = self.conn.execute("SELECT token, started FROM tokens WHERE execution = ? AND"
                                " path = ?", (arn, path)).fetchone()
        return (str(row[0]), float(row[1])) if row else None

    def unpark(self, arn: str, path: str) -> None:
        with transaction(self.conn) as c:
            c.execute("DELETE FROM tokens WHERE execution = ? AND path = ?", (arn, path))

    def result(self, arn: str, path: str) -> tuple[str, int] | None:
        row = self.conn.execute("SELECT output, last_event FROM results WHERE execution = ?"
                                " AND path = ?", (arn, path)).fetchone()
        return (str(row[0]), int(row[1])) if row else None

    def event_after(self, arn: str, previous: int, type_: str) -> int | None:
        """The id of the last ``type_`` event that followed event ``previous``, if
        journaled."""
        found = None
        for (doc,) in self.conn.execute("SELECT doc FROM events WHERE execution = ? AND"
                                        " id > ? ORDER BY id", (arn, previous)):
            event = orjson.loads(doc)
            if event["type"] == type_ and event["previousEventId"] == previous:
                found = int(event["id"])
        return found

    def _write(self, c: Any, arn: str, events: list[dict[str, Any]],
               frame: Frame | None, path: str = "") -> None:
        c.executemany("INSERT OR REPLACE INTO events VALUES (?, ?, ?)",
                      [(arn, e["id"], orjson.dumps(e)) for e in events])
        if events:
            c.execute("UPDATE executions SET next_event = ? WHERE arn = ?",
                      (max(e["id"] for e in events) + 1, arn))
        if frame is not None:
            c.execute("DELETE FROM tokens WHERE execution = ? AND path = ?", (arn, path))
            c.execute("INSERT OR REPLACE INTO frames VALUES (?, ?, ?, ?, ?, ?, ?)",
                      (arn, path, frame.state, frame.input, orjson.dumps(frame.variables),
                       frame.wake, frame.last_event))

    def redrive(self, arn: str, count: int, when: float, frame: Frame,
                events: list[dict[str, Any]]) -> None:
        with transaction(self.conn) as c:
            c.execute("UPDATE executions SET status = 'RUNNING', redrive_count = ?,"
                      " redrive_date = ?, output = NULL, error = NULL, cause = NULL,"
                      " stopped = NULL WHERE arn = ?", (count, when, arn))
            self._write(c, arn, events, frame)

    def get(self, arn: str) -> Execution | None:
        row = self.conn.execute(f"SELECT {_COLS} FROM executions WHERE arn = ?",
                                (arn,)).fetchone()
        return Execution(*row) if row else None

    def next_event(self, arn: str) -> int:
        row = self.conn.execute("SELECT next_event FROM executions WHERE arn = ?",
                                (arn,)).fetchone()
        return int(row[0]) if row else 1

    def frame(self, arn: str, path: str = "") -> Frame | None:
        row = self.conn.execute("SELECT state, input, variables, wake, last_event FROM frames"
                                " WHERE execution = ? AND path = ?", (arn, path)).fetchone()
        if row is None:
            return None
        return Frame(row[0], row[1], orjson.loads(row[2]), row[3], int(row[4]))

    def events(self, arn: str) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT doc FROM events WHERE execution = ? ORDER BY id",
                                 (arn,)).fetchall()
        return [orjson.loads(r[0]) for r in rows]

    def last_event_of(self, arn: str, type_suffix: str) -> dict[str, Any] | None:
        for event in reversed(self.events(arn)):
            if str(event["type"]).endswith(type_suffix):
                return dict(event)
        return None

    def of_machine(self, machine_arn: str, status: str | None) -> list[Execution]:
        sql = f"SELECT {_COLS} FROM executions WHERE machine_arn = ?"
        args: list[Any] = [machine_arn]
        if status:
            sql += " AND status = ?"
            args.append(status)
        rows = self.conn.execute(sql + " ORDER BY started DESC, rowid DESC", args).fetchall()
        return [Execution(*r) for r in rows]

    def expire(self, before: float) -> int:
        """Forget the executions that closed before ``before``; how many."""
        with transaction(self.conn) as c:
            gone = [r[0] for r in c.execute("SELECT arn FROM executions WHERE status !="
                                            " 'RUNNING' AND stopped < ?", (before,))]
            for table, column in (("events", "execution"), ("frames", "execution"),
                                  ("results", "execution"), ("tokens", "execution"),
                                  ("map_runs", "execution"),
                                  ("executions", "arn")):
                c.executemany(f"DELETE FROM {table} WHERE {column} = ?",
                              [(arn,) for arn in gone])
        return len(gone)

    def running(self) -> list[Execution]:
        rows = self.conn.execute(f"SELECT {_COLS} FROM executions WHERE status = 'RUNNING'"
                                 ).fetchall()
        return [Execution(*r) for r in rows]


def _row(ex: Execution) -> tuple[Any, ...]:
    return (ex.arn, ex.account, ex.region, ex.machine_arn, ex.version_arn, ex.alias_arn,
            ex.name, ex.status, ex.input, ex.output, ex.error, ex.cause, ex.started,
            ex.stopped, ex.definition, ex.role_arn, ex.revision_id, ex.trace_header,
            ex.redrive_count, ex.redrive_date)
