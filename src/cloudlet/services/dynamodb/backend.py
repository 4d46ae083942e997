"""One account/region's DynamoDB: the table catalogue and item storage in SQLite.

Handlers run on the server's event loop, one at a time, so each backend has one
connection, which keeps the database's file locks while it is open (``storage.connect``'s
``exclusive``: no lock calls per write; nothing else opens the file meanwhile). Every
write is in one ``BEGIN IMMEDIATE ... COMMIT`` holding the item row, its secondary-index
rows and its stream record: all of it or none of it is stored, and a committed write survives a crash of the server (WAL). Concurrent PutItem/UpdateItem/
DeleteItem calls share one commit (``write_group``), answered only once it is done.

Reads are SQL range scans over the encoded keys (see ``keys.py`` and ``schema.py``): a
Query's key condition becomes ``WHERE t=? AND p=? AND h=? AND r BETWEEN ...`` and rows
arrive in DynamoDB's order from the primary-key b-tree; nothing is sorted in Python.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import orjson

from cloudlet import signals
from cloudlet.clock import Clock
from cloudlet.services.dynamodb.backups import BackupStore
from cloudlet.services.dynamodb.capacity import Consumed, write_units
from cloudlet.services.dynamodb.errors import ResourceInUseException, ResourceNotFoundException
from cloudlet.services.dynamodb.schema import migrate
from cloudlet.services.dynamodb.streams import StreamStore
from cloudlet.services.dynamodb.table import Index, Table, partition_of
from cloudlet.services.dynamodb.values import Item, item_size
from cloudlet.services.dynamodb.write_group import Changes, WriteGrouper
from cloudlet.storage import connect, transaction

TOKEN_TTL_S = 600.0


def not_found(name: str) -> ResourceNotFoundException:
    """The miss of a table-level operation: DynamoDB names the table."""
    return ResourceNotFoundException(
        f"Requested resource not found: Table: {name} not found"
    )


@dataclass(slots=True)
class Bound:
    """One end of a key range over the first ordering column (encoded bytes)."""

    value: bytes
    inclusive: bool


# An item read from storage, as SQLite returns it: ``(body, size, *position)``, its stored
# JSON (orjson's bytes of its DynamoDB JSON), its size and its storage position (the
# ordering columns after the fixed prefix, ``row[2:]``). A plain tuple: a Query reads a
# hundred of them, and an object per row cost a third as much as reading it.
Row = tuple[Any, ...]


def read_item(conn: sqlite3.Connection, table: Table, h: bytes, r: bytes) -> Item | None:
    """The committed item under a key (a write's read of the item it replaces)."""
    row = conn.execute(
        "SELECT body FROM items WHERE t=? AND p=? AND h=? AND r=?",
        (table.id, partition_of(h), h, r),
    ).fetchone()
    return None if row is None else orjson.loads(row[0])  # type: ignore[no-any-return,unused-ignore]


class Writer:
    """Item changes inside one transaction: base rows, index rows and stream records."""

    def __init__(self, backend: DynamoBackend):
        self.backend = backend
        self.conn = backend.conn
        self.now = backend.clock.now()

    def read(self, table: Table, h: bytes, r: bytes) -> Item | None:
        return read_item(self.conn, table, h, r)

    def put(self, table: Table, h: bytes, r: bytes, old: Item | None, new: Item,
            size: int | None = None, consumed: Consumed | None = None) -> None:
        body = orjson.dumps(new)
        if size is None:
            size = item_size(new)
        self.conn.execute(
            "INSERT OR REPLACE INTO items (t, p, h, r, body, size, exp) VALUES (?,?,?,?,?,?,?)",
            (table.id, partition_of(h), h, r, body, size, table.ttl_of(new)),
        )
        if table.indexes:
            self._reindex(table, h, r, old, new, consumed)
        stream = table.stream
        if stream is not None and stream.enabled:
            self.backend.streams.record(stream.id, stream.view_type, table.key_item(new), old,
                                        new, self.now)
            signals.notify(stream.arn)

    def delete(self, table: Table, h: bytes, r: bytes, old: Item | None,
               service: bool = False, consumed: Consumed | None = None) -> None:
        if old is None:
            return
        self.conn.execute("DELETE FROM items WHERE t=? AND p=? AND h=? AND r=?",
                          (table.id, partition_of(h), h, r))
        if table.indexes:
            self._reindex(table, h, r, old, None, consumed)
        stream = table.stream
        if stream is not None and stream.enabled:
            self.backend.streams.record(stream.id, stream.view_type, table.key_item(old), old,
                                        None, self.now, service=service)
            signals.notify(stream.arn)

    def _reindex(self, table: Table, h: bytes, r: bytes, old: Item | None,
                 new: Item | None, consumed: Consumed | None) -> None:
        keys = table.keys
        for index in table.indexes.values():
            before = index.entry(old, keys) if old is not None else None
            after = index.entry(new, keys) if new is not None else None
            if before is None and after is None:
                continue
            if before is not None and after is not None and before == after:
                continue
            units = 0.0
            if before is not None and (after is None or before[:2] != after[:2]):
                self.conn.execute(
                    "DELETE FROM index_items WHERE i=? AND p=? AND ih=? AND ir=? AND h=? AND r=?",
                    (index.id, partition_of(before[0]), before[0], before[1], h, r),
                )
                units += write_units(item_size(before[2])) if consumed is not None else 0.0
            if after is not None:
                size = item_size(after[2])
                self.conn.execute(
                    "INSERT OR REPLACE INTO index_items (i, p, ih, ir, h, r, body, size) "
                    "VALUES (?,?,?,?,?,?,?,?)",
                    (index.id, partition_of(after[0]), after[0], after[1], h, r,
                     orjson.dumps(after[2]), size),
                )
                units += write_units(size)
            if consumed is not None:
                consumed.add_index(index.name, index.is_global, units)


class DynamoBackend:
    def __init__(self, path: Path, clock: Clock, region: str = "us-east-1",
                 account: str = "000000000000"):
        self.path = path
        self.clock = clock
        self.region = region
        self.account = account
        self.conn = connect(path, exclusive=True)  # one connection per database
        migrate(self.conn)
        self.streams = StreamStore(self.conn, region)
        self.backups = BackupStore(self.conn)
        self.writes = WriteGrouper(self, partial(read_item, self.conn))
        self.tables: dict[str, Table] = {}
        for (meta,) in self.conn.execute("SELECT meta FROM tables"):
            table = Table.from_json(orjson.loads(meta))
            self.tables[table.name] = table

    def close(self) -> None:
        self.writes.flush()
        self.conn.close()

    # -- transactions --------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Writer]:
        """One all-or-nothing write: ``BEGIN IMMEDIATE`` ... ``COMMIT``, after the pending
        group of single-item writes (``write_group``) is committed."""
        self.writes.flush()
        with transaction(self.conn):
            yield Writer(self)

    def writer(self) -> Writer:
        """The writer of an open transaction (``write_group`` opens its own)."""
        return Writer(self)

    def changes(self) -> Changes:
        """A single-item write that may share its commit with the writes of the same turn
        of the loop: ``async with backend.changes() as changes:`` (``write_group``)."""
        return Changes(self.writes)

    # -- catalogue -----------------------------------------------------------------

    def table(self, name: str) -> Table:
        """The table named ``name`` (a name or a table ARN) of an item operation, or
        ResourceNotFoundException with DynamoDB's bare "Requested resource not found"
        (GetItem, PutItem, Query, Scan, the batch and transaction operations, PartiQL)."""
        table = self.tables.get(name)
        if table is None:
            if name.startswith("arn:"):
                for candidate in self.tables.values():
                    if candidate.arn == name:
                        return candidate
            raise ResourceNotFoundException()
        return table

    def control_table(self, name: str) -> Table:
        """The table of a table-level operation (DescribeTable, UpdateTable, DeleteTable,
        TTL, Contributor Insights, Kinesis streaming): a miss names the table,
        "Requested resource not found: Table: <name> not found"."""
        try:
            return self.table(name)
        except ResourceNotFoundException:
            raise not_found(name) from None

    def next_id(self, counter: str) -> int:
        """A fresh id (tables and indexes share one sequence; never reused)."""
        self.conn.execute(
            "INSERT INTO counters (name, value) VALUES (?, 1) "
            "ON CONFLICT(name) DO UPDATE SET value = value + 1", (counter,))
        return int(self.conn.execute("SELECT value FROM counters WHERE name=?",
                                     (counter,)).fetchone()[0])

    def add_table(self, table: Table) -> None:
        """Store a new table (inside a transaction)."""
        if table.name in self.tables:
            raise ResourceInUseException(f"Table already exists: {table.name}")
        self.conn.execute("INSERT INTO tables (id, name, meta) VALUES (?,?,?)",
                          (table.id, table.name, orjson.dumps(table.to_json())))
        self.tables[table.name] = table

    def save_table(self, table: Table) -> None:
        self.conn.execute("UPDATE tables SET meta=? WHERE id=?",
                          (orjson.dumps(table.to_json()), table.id))

    def drop_table(self, table: Table) -> None:
        """Delete a table and its items (inside a transaction); its stream closes."""
        self.conn.execute("DELETE FROM tables WHERE id=?", (table.id,))
        self.conn.execute("DELETE FROM items WHERE t=?", (table.id,))
        for index in table.indexes.values():
            self.conn.execute("DELETE FROM index_items WHERE i=?", (index.id,))
        if table.stream is not None and table.stream.enabled:
            self.streams.disable(table.stream.id, self.clock.now())
        del self.tables[table.name]

    def drop_index(self, index: Index) -> None:
        self.conn.execute("DELETE FROM index_items WHERE i=?", (index.id,))

    def backfill(self, table: Table, index: Index) -> None:
        """Write the index rows of every existing item (a new GSI; inside a transaction)."""
        keys = table.keys
        rows = self.conn.execute("SELECT h, r, body FROM items WHERE t=?", (table.id,))
        for h, r, body in rows.fetchall():
            entry = index.entry(orjson.loads(body), keys)
            if entry is None:
                continue
            self.conn.execute(
                "INSERT OR REPLACE INTO index_items (i, p, ih, ir, h, r, body, size) "
                "VALUES (?,?,?,?,?,?,?,?)",
                (index.id, partition_of(entry[0]), entry[0], entry[1], h, r,
                 orjson.dumps(entry[2]), item_size(entry[2])),
            )

    def refresh_expiry(self, table: Table) -> None:
        """Recompute every item's TTL expiry column (TTL switched on or off)."""
        rows = self.conn.execute("SELECT p, h, r, body FROM items WHERE t=?", (table.id,))
        for p, h, r, body in rows.fetchall():
            self.conn.execute("UPDATE items SET exp=? WHERE t=? AND p=? AND h=? AND r=?",
                              (table.ttl_of(orjson.loads(body)), table.id, p, h, r))

    def table_stats(self, table: Table) -> tuple[int, int]:
        """(ItemCount, TableSizeBytes)."""
        count, size = self.conn.execute(
            "SELECT count(*), coalesce(sum(size), 0) FROM items WHERE t=?", (table.id,)
        ).fetchone()
        return int(count), int(size)

    def index_stats(self, index: Index) -> tuple[int, int]:
        count, size = self.conn.execute(
            "SELECT count(*), coalesce(sum(size), 0) FROM index_items WHERE i=?", (index.id,)
        ).fetchone()
        return int(count), int(size)

    def collection_bytes(self, table: Table, h: bytes) -> int:
        """Bytes of one item collection: the items with partition key ``h`` and their
        local secondary index entries."""
        p = partition_of(h)
        (size,) = self.conn.execute(
            "SELECT coalesce(sum(size), 0) FROM items WHERE t=? AND p=? AND h=?",
            (table.id, p, h)).fetchone()
        for index in table.local_indexes:
            (more,) = self.conn.execute(
                "SELECT coalesce(sum(size), 0) FROM index_items WHERE i=? AND p=? AND ih=?",
                (index.id, p, h)).fetchone()
            size += more
        return int(size)

    # -- reads ---------------------------------------------------------------------

    def get(self, table: Table, h: bytes, r: bytes) -> Item | None:
        row = self.conn.execute(
            "SELECT body FROM items WHERE t=? AND p=? AND h=? AND r=?",
            (table.id, partition_of(h), h, r),
        ).fetchone()
        return None if row is None else orjson.loads(row[0])  # type: ignore[no-any-return,unused-ignore]

    def get_raw(self, table: Table, h: bytes, r: bytes) -> tuple[bytes, int] | None:
        row = self.conn.execute(
            "SELECT body, size FROM items WHERE t=? AND p=? AND h=? AND r=?",
            (table.id, partition_of(h), h, r),
        ).fetchone()
        return None if row is None else (row[0], row[1])

    def query_rows(self, table: Table, index: Index | None, h: bytes, low: Bound | None,
                   high: Bound | None, forward: bool,
                   start: tuple[bytes, ...] | None) -> Iterator[Row]:
        """Rows of one partition in key order, from an index range scan.

        ``start``: the ordering columns of ExclusiveStartKey (table: ``(r,)``; index:
        ``(ir, h, r)``); rows strictly after it (in the direction of the scan) are returned.
        """
        if index is None:
            sql = "SELECT body, size, r FROM items WHERE t=? AND p=? AND h=?"
            args: list[Any] = [table.id, partition_of(h), h]
            cols = "r"
            first = "r"
            order = "r"
        else:
            sql = "SELECT body, size, ir, h, r FROM index_items WHERE i=? AND p=? AND ih=?"
            args = [index.id, partition_of(h), h]
            cols = "(ir, h, r)"
            first = "ir"
            order = "ir, h, r" if forward else "ir DESC, h DESC, r DESC"
        if low is not None:
            sql += f" AND {first} {'>=' if low.inclusive else '>'} ?"
            args.append(low.value)
        if high is not None:
            sql += f" AND {first} {'<=' if high.inclusive else '<'} ?"
            args.append(high.value)
        if start is not None:
            marks = "?" if len(start) == 1 else "(" + ",".join("?" * len(start)) + ")"
            sql += f" AND {cols} {'>' if forward else '<'} {marks}"
            args.extend(start)
        if index is None and not forward:
            order = "r DESC"
        sql += f" ORDER BY {order}"
        return self.conn.execute(sql, args)

    def scan_rows(self, table: Table, index: Index | None, segment: int, total: int,
                  start: tuple[Any, ...] | None) -> Iterator[Row]:
        """Rows of a table or index in storage order, one parallel-scan segment of it.

        ``start``: the position of ExclusiveStartKey: ``(p, h, r)`` for a table,
        ``(p, ih, ir, h, r)`` for an index.
        """
        lo = segment * 0x10000 // total
        hi = (segment + 1) * 0x10000 // total
        if index is None:
            sql = "SELECT body, size, p, h, r FROM items WHERE t=?"
            args: list[Any] = [table.id]
            cols = "(p, h, r)"
            order = "p, h, r"
        else:
            sql = "SELECT body, size, p, ih, ir, h, r FROM index_items WHERE i=?"
            args = [index.id]
            cols = "(p, ih, ir, h, r)"
            order = "p, ih, ir, h, r"
        if start is not None:
            sql += f" AND {cols} > ({','.join('?' * len(start))})"
            args.extend(start)
        else:
            sql += " AND p >= ?"
            args.append(lo)
        sql += f" AND p < ? ORDER BY {order}"
        args.append(hi)
        return self.conn.execute(sql, args)

    # -- TTL -----------------------------------------------------------------------

    def expired(self, table: Table, now: float, limit: int = 500) -> list[tuple[bytes, bytes, bytes]]:
        """Items whose TTL has passed (but not by more than five years, which DynamoDB
        ignores): https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html
        """
        oldest = now - 5 * 365 * 86400
        return self.conn.execute(
            "SELECT h, r, body FROM items WHERE t=? AND exp IS NOT NULL AND exp < ? AND exp > ? "
            "LIMIT ?", (table.id, now, oldest, limit),
        ).fetchall()

    # -- transaction idempotency ---------------------------------------------------

    def token_digest(self, token: str) -> str | None:
        """The request digest recorded for a ClientRequestToken in the last 10 minutes."""
        row = self.conn.execute("SELECT digest, created FROM tx_tokens WHERE token=?",
                                (token,)).fetchone()
        if row is None or row[1] < time.time() - TOKEN_TTL_S:
            return None
        return str(row[0])

    def remember_token(self, token: str, digest: str) -> None:
        self.conn.execute("DELETE FROM tx_tokens WHERE created < ?", (time.time() - TOKEN_TTL_S,))
        self.conn.execute("INSERT OR REPLACE INTO tx_tokens (token, digest, created) VALUES (?,?,?)",
                          (token, digest, time.time()))
