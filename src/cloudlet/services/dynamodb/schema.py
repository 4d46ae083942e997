"""The SQLite schema of one account/region's DynamoDB database.

- ``tables``: the catalogue, one row per table with its definition as JSON.
- ``items``: every item of every table, keyed ``(t, p, h, r)``: table id, a 16-bit hash
  of the partition key (DynamoDB's storage order; parallel-scan segments are ranges of
  it), the encoded partition key and the encoded sort key (``b""`` when the table has
  none). The body is the item's wire form as JSON bytes; ``exp`` is the TTL expiry.
- ``index_items``: one row per item per secondary index that holds it, keyed
  ``(i, p, ih, ir, h, r)`` with the projected item as body, written in the same
  transaction as the base item.
- ``streams`` and ``stream_records``: DynamoDB Streams, records written in the same
  transaction as the item change.
- ``tx_tokens``: TransactWriteItems idempotency tokens (kept 10 minutes).
- ``backups``, ``backup_items`` and ``backup_index_items``: on-demand backups. A backup
  row holds the source table's definition (``meta``, as in ``tables``); its items and
  index rows are copies of ``items`` / ``index_items`` rows made by ``INSERT ... SELECT``
  in the transaction that creates it, keyed by backup id (and index name).
"""

from __future__ import annotations

import sqlite3

VERSION = 2

_DDL = """
CREATE TABLE IF NOT EXISTS tables (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    meta BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS items (
    t INTEGER NOT NULL,
    p INTEGER NOT NULL,
    h BLOB NOT NULL,
    r BLOB NOT NULL,
    body BLOB NOT NULL,
    size INTEGER NOT NULL,
    exp REAL,
    PRIMARY KEY (t, p, h, r)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS items_expiry ON items (t, exp) WHERE exp IS NOT NULL;
CREATE TABLE IF NOT EXISTS index_items (
    i INTEGER NOT NULL,
    p INTEGER NOT NULL,
    ih BLOB NOT NULL,
    ir BLOB NOT NULL,
    h BLOB NOT NULL,
    r BLOB NOT NULL,
    body BLOB NOT NULL,
    size INTEGER NOT NULL,
    PRIMARY KEY (i, p, ih, ir, h, r)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS streams (
    id INTEGER PRIMARY KEY,
    table_id INTEGER NOT NULL,
    table_name TEXT NOT NULL,
    arn TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    view_type TEXT NOT NULL,
    key_schema BLOB NOT NULL,
    shard_id TEXT NOT NULL,
    created REAL NOT NULL,
    disabled REAL
);
CREATE TABLE IF NOT EXISTS stream_records (
    s INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    created REAL NOT NULL,
    record BLOB NOT NULL,
    PRIMARY KEY (s, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tx_tokens (
    token TEXT PRIMARY KEY,
    digest TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS backups (
    id INTEGER PRIMARY KEY,
    arn TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    table_name TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    size INTEGER NOT NULL,
    item_count INTEGER NOT NULL,
    meta BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS backups_order ON backups (created_ms, arn);
CREATE TABLE IF NOT EXISTS backup_items (
    b INTEGER NOT NULL,
    p INTEGER NOT NULL,
    h BLOB NOT NULL,
    r BLOB NOT NULL,
    body BLOB NOT NULL,
    size INTEGER NOT NULL,
    PRIMARY KEY (b, p, h, r)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS backup_index_items (
    b INTEGER NOT NULL,
    ix TEXT NOT NULL,
    p INTEGER NOT NULL,
    ih BLOB NOT NULL,
    ir BLOB NOT NULL,
    h BLOB NOT NULL,
    r BLOB NOT NULL,
    body BLOB NOT NULL,
    size INTEGER NOT NULL,
    PRIMARY KEY (b, ix, p, ih, ir, h, r)
) WITHOUT ROWID;
"""


def migrate(conn: sqlite3.Connection) -> None:
    """Create the schema if missing, or add what a newer version has (idempotent:
    every statement is ``IF NOT EXISTS``)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version >= VERSION:
        return
    conn.executescript("BEGIN IMMEDIATE;" + _DDL + f"PRAGMA user_version={VERSION}; COMMIT;")
