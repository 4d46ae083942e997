"""On-demand backups: full snapshots of a table, kept in the account/region's database.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/BackupRestore.html
- A backup copies the table's items, its secondary-index rows and its definition (keys,
  indexes, billing, throughput, stream and TTL settings) as they are at that moment. The
  copy is ``INSERT ... SELECT`` inside the caller's transaction: no row passes through
  Python, and the snapshot is consistent with every committed write.
- A backup outlives its source table and survives a restart of the server.
- A restore writes the backup's rows into a new table, again within SQLite; index rows
  are copied for each index the restored table keeps (same keys and projection).

Backup ARNs follow DynamoDB's form:
``arn:aws:dynamodb:<region>:<account>:table/<table>/backup/<ms, 14 digits>-<8 hex>``
(e.g. ``.../table/Music/backup/01489602797149-73d8d5bc`` in the API reference). Creation
times are unique per database (a backup made in the same millisecond as the last one
is dated a millisecond later), so backups list in creation order.
"""

from __future__ import annotations

import re
import secrets
import sqlite3
from dataclasses import dataclass
from typing import Any

import orjson

from cloudlet.services.dynamodb.table import Table

_ARN = re.compile(
    r"arn:aws[a-zA-Z-]*:dynamodb:[a-z0-9-]+:[^:]+:table/[a-zA-Z0-9_.-]+/backup/(\d{14,17})-[0-9a-f]{8}"
)


def backup_time_ms(arn: str) -> int | None:
    """The creation time (epoch ms) a backup ARN carries; None if it is not a backup ARN."""
    match = _ARN.fullmatch(arn)
    return None if match is None else int(match.group(1))


@dataclass(slots=True)
class Backup:
    """One stored backup: its identity, size and the source table's definition."""

    id: int
    arn: str
    name: str
    table_name: str
    created_ms: int
    size: int
    item_count: int
    table: Table

    @property
    def created(self) -> float:
        return self.created_ms / 1000


_COLUMNS = "id, arn, name, table_name, created_ms, size, item_count, meta"


def _backup(row: Any) -> Backup:
    return Backup(row[0], row[1], row[2], row[3], row[4], row[5], row[6],
                  Table.from_json(orjson.loads(row[7])))


class BackupStore:
    """The ``backups`` tables of one database (writes happen inside the caller's
    transaction)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def create(self, table: Table, name: str, now: float) -> Backup:
        """Snapshot ``table``: its definition, items and index rows."""
        (last,) = self.conn.execute("SELECT max(created_ms) FROM backups").fetchone()
        created_ms = max(int(now * 1000), (last or 0) + 1)
        arn = f"{table.arn}/backup/{created_ms:014d}-{secrets.token_hex(4)}"
        count, size = self.conn.execute(
            "SELECT count(*), coalesce(sum(size), 0) FROM items WHERE t=?", (table.id,)
        ).fetchone()
        cursor = self.conn.execute(
            f"INSERT INTO backups ({_COLUMNS}) VALUES (NULL,?,?,?,?,?,?,?)",
            (arn, name, table.name, created_ms, size, count, orjson.dumps(table.to_json())),
        )
        backup_id = int(cursor.lastrowid or 0)
        self.conn.execute(
            "INSERT INTO backup_items (b, p, h, r, body, size) "
            "SELECT ?, p, h, r, body, size FROM items WHERE t=?", (backup_id, table.id))
        for index in table.indexes.values():
            self.conn.execute(
                "INSERT INTO backup_index_items (b, ix, p, ih, ir, h, r, body, size) "
                "SELECT ?, ?, p, ih, ir, h, r, body, size FROM index_items WHERE i=?",
                (backup_id, index.name, index.id))
        return Backup(backup_id, arn, name, table.name, created_ms, int(size), int(count),
                      Table.from_json(table.to_json()))

    def get(self, arn: str) -> Backup | None:
        row = self.conn.execute(f"SELECT {_COLUMNS} FROM backups WHERE arn=?",
                                (arn,)).fetchone()
        return None if row is None else _backup(row)

    def page(self, table_name: str | None, low_ms: int | None, high_ms: int | None,
             after: tuple[int, str] | None, limit: int) -> list[Backup]:
        """Backups in creation order (then ARN): of one table, created in
        [low_ms, high_ms), strictly after ``after``; at most ``limit``."""
        sql = f"SELECT {_COLUMNS} FROM backups WHERE 1=1"
        args: list[Any] = []
        if table_name is not None:
            sql += " AND table_name=?"
            args.append(table_name)
        if low_ms is not None:
            sql += " AND created_ms >= ?"
            args.append(low_ms)
        if high_ms is not None:
            sql += " AND created_ms < ?"
            args.append(high_ms)
        if after is not None:
            sql += " AND (created_ms, arn) > (?, ?)"
            args.extend(after)
        sql += " ORDER BY created_ms, arn LIMIT ?"
        args.append(limit)
        return [_backup(row) for row in self.conn.execute(sql, args)]

    def delete(self, backup: Backup) -> None:
        self.conn.execute("DELETE FROM backups WHERE id=?", (backup.id,))
        self.conn.execute("DELETE FROM backup_items WHERE b=?", (backup.id,))
        self.conn.execute("DELETE FROM backup_index_items WHERE b=?", (backup.id,))

    def restore_into(self, backup: Backup, table: Table) -> None:
        """Copy the backup's items into the new ``table``, and the index rows of each of
        its indexes (matched by name; TTL expiry starts unset, as TTL is not restored)."""
        self.conn.execute(
            "INSERT INTO items (t, p, h, r, body, size, exp) "
            "SELECT ?, p, h, r, body, size, NULL FROM backup_items WHERE b=?",
            (table.id, backup.id))
        for index in table.indexes.values():
            self.conn.execute(
                "INSERT INTO index_items (i, p, ih, ir, h, r, body, size) "
                "SELECT ?, p, ih, ir, h, r, body, size FROM backup_index_items "
                "WHERE b=? AND ix=?", (index.id, backup.id, index.name))
