"""Metrics and their per-minute aggregates in SQLite, one database per account and region
(``<account>/<region>/cloudwatch.sqlite``), shared by the CloudWatch API and the
emission seam (``cloudlet.metrics.recorder``).

A metric (``series``) is its namespace, name and dimensions (sorted by name, as JSON);
``points`` holds one row per metric, minute and unit: SampleCount, Sum, Minimum, Maximum
and the value sketch (``sketch.py``). A write merges into the minute's row in one
transaction. Rows older than ``RETENTION_S`` (15 days) are removed by ``expire``.
Alarms and tags are documents beside them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from cloudlet.metrics import sketch as sketches
from cloudlet.metrics.aggregate import Aggregate
from cloudlet.storage import connect, transaction

RETENTION_S = 15 * 86400

Dims = tuple[tuple[str, str], ...]
# (namespace, name, dimensions, unit, minute) -> aggregate
Batch = dict[tuple[str, str, Dims, str, int], Aggregate]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS series (
    id INTEGER PRIMARY KEY, namespace TEXT NOT NULL, name TEXT NOT NULL, dims TEXT NOT NULL,
    last REAL NOT NULL, UNIQUE (namespace, name, dims));
CREATE TABLE IF NOT EXISTS points (
    series INTEGER NOT NULL, minute INTEGER NOT NULL, unit TEXT NOT NULL,
    count REAL NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL, sketch BLOB,
    PRIMARY KEY (series, minute, unit)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS points_by_minute ON points (minute);
CREATE TABLE IF NOT EXISTS alarms (name TEXT PRIMARY KEY, doc BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS tags (arn TEXT PRIMARY KEY, doc BLOB NOT NULL);
"""


def dims_key(dims: Dims) -> str:
    return orjson.dumps(sorted(dims)).decode()


def dims_of(key: str) -> Dims:
    return tuple((str(n), str(v)) for n, v in orjson.loads(key))


class MetricStore:
    def __init__(self, path: Path) -> None:
        self.conn = connect(path)
        self.conn.executescript(_SCHEMA)
        self._ids: dict[tuple[str, str, str], int] = {}

    # -- data ------------------------------------------------------------------------
    def write(self, batch: Batch, now: float) -> None:
        """Merge ``batch`` into the stored minutes, in one transaction."""
        if not batch:
            return
        with transaction(self.conn):
            for (namespace, name, dims, unit, minute), agg in batch.items():
                series = self._series(namespace, name, dims_key(dims), now)
                row = self.conn.execute(
                    "SELECT count, sum, min, max, sketch FROM points "
                    "WHERE series=? AND minute=? AND unit=?", (series, minute, unit)).fetchone()
                if row is not None:
                    stored = Aggregate(row[0], row[1], row[2], row[3], sketches.decode(row[4]))
                    stored.merge(agg)
                    agg = stored
                self.conn.execute(
                    "INSERT OR REPLACE INTO points VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (series, minute, unit, agg.count, agg.sum, agg.min, agg.max,
                     sketches.encode(agg.sketch)))

    def _series(self, namespace: str, name: str, dims: str, now: float) -> int:
        key = (namespace, name, dims)
        self.conn.execute(
            "INSERT INTO series (namespace, name, dims, last) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (namespace, name, dims) DO UPDATE SET last=max(last, excluded.last)",
            (namespace, name, dims, now))
        found = self._ids.get(key)
        if found is None:
            found = int(self.conn.execute(
                "SELECT id FROM series WHERE namespace=? AND name=? AND dims=?", key).fetchone()[0])
            self._ids[key] = found
        return found

    def series(self, namespace: str | None = None, name: str | None = None,
               since: float | None = None) -> list[tuple[int, str, str, Dims]]:
        """Every metric (id, namespace, name, dimensions) matching the filters, in order."""
        sql = "SELECT id, namespace, name, dims FROM series WHERE 1=1"
        args: list[Any] = []
        if namespace is not None:
            sql += " AND namespace=?"
            args.append(namespace)
        if name is not None:
            sql += " AND name=?"
            args.append(name)
        if since is not None:
            sql += " AND last>=?"
            args.append(since)
        rows = self.conn.execute(sql + " ORDER BY namespace, name, dims", args).fetchall()
        return [(int(r[0]), r[1], r[2], dims_of(r[3])) for r in rows]

    def series_id(self, namespace: str, name: str, dims: Dims) -> int | None:
        row = self.conn.execute("SELECT id FROM series WHERE namespace=? AND name=? AND dims=?",
                                (namespace, name, dims_key(dims))).fetchone()
        return None if row is None else int(row[0])

    def minutes(self, series: Iterable[int], first: int, last: int, unit: str | None = None
                ) -> list[tuple[int, str, Aggregate]]:
        """The stored minutes ``first <= minute < last`` of ``series`` (minute, unit, data)."""
        ids = list(series)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        sql = (f"SELECT minute, unit, count, sum, min, max, sketch FROM points "
               f"WHERE series IN ({marks}) AND minute>=? AND minute<?")
        args: list[Any] = [*ids, first, last]
        if unit is not None:
            sql += " AND unit=?"
            args.append(unit)
        return [(int(r[0]), r[1], Aggregate(r[2], r[3], r[4], r[5], sketches.decode(r[6])))
                for r in self.conn.execute(sql + " ORDER BY minute", args)]

    def expire(self, now: float) -> int:
        """Remove minutes older than the retention; how many."""
        cutoff = int((now - RETENTION_S) // 60)
        with transaction(self.conn):
            removed = self.conn.execute("DELETE FROM points WHERE minute<?", (cutoff,)).rowcount
            self.conn.execute("DELETE FROM series WHERE last<?", (now - RETENTION_S,))
        self._ids.clear()
        return int(removed)

    # -- alarms and tags -------------------------------------------------------------
    def alarm(self, name: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT doc FROM alarms WHERE name=?", (name,)).fetchone()
        return None if row is None else dict(orjson.loads(row[0]))

    def alarms(self) -> list[dict[str, Any]]:
        return [dict(orjson.loads(r[0]))
                for r in self.conn.execute("SELECT doc FROM alarms ORDER BY name")]

    def put_alarm(self, doc: dict[str, Any]) -> None:
        with transaction(self.conn):
            self.conn.execute("INSERT OR REPLACE INTO alarms VALUES (?, ?)",
                              (doc["AlarmName"], orjson.dumps(doc)))

    def delete_alarms(self, names: list[str]) -> None:
        with transaction(self.conn):
            for name in names:
                self.conn.execute("DELETE FROM alarms WHERE name=?", (name,))
                self.conn.execute("DELETE FROM tags WHERE arn LIKE ?", (f"%:alarm:{name}",))

    def tags(self, arn: str) -> dict[str, str]:
        row = self.conn.execute("SELECT doc FROM tags WHERE arn=?", (arn,)).fetchone()
        return {} if row is None else dict(orjson.loads(row[0]))

    def set_tags(self, arn: str, tags: dict[str, str]) -> None:
        with transaction(self.conn):
            self.conn.execute("INSERT OR REPLACE INTO tags VALUES (?, ?)", (arn, orjson.dumps(tags)))

    def close(self) -> None:
        self.conn.close()
