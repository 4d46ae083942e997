"""IAM's state: one SQLite database for the server, every row keyed by account.

IAM is global (no region), so entities are stored as JSON documents under ``(account,
kind, name)``: a role's document holds its inline policies and attached policy ARNs, a
managed policy's its versions, a user's its access keys. Handlers run one at a time on
the event loop, so a read-modify-write of one document needs no lock; each write is one
committed transaction.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from cloudlet.storage import connect, transaction

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entities (
    account TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, doc BLOB NOT NULL,
    PRIMARY KEY (account, kind, name));
"""


class IamStore:
    def __init__(self, path: Path) -> None:
        self.conn = connect(path)
        self.conn.executescript(_SCHEMA)
        # Per account, bumped on every write: what policy decisions are cached against.
        self.generations: dict[str, int] = {}

    def _changed(self, account: str) -> None:
        self.generations[account] = self.generations.get(account, 0) + 1

    def get(self, account: str, kind: str, name: str) -> dict[str, Any] | None:
        row = self.conn.execute(
            "SELECT doc FROM entities WHERE account=? AND kind=? AND name=?",
            (account, kind, name)).fetchone()
        return None if row is None else dict(orjson.loads(row[0]))

    def insert(self, account: str, kind: str, name: str, doc: dict[str, Any]) -> bool:
        """Store a new entity; False when one of that kind and name exists."""
        with transaction(self.conn):
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO entities VALUES (?, ?, ?, ?)",
                (account, kind, name, orjson.dumps(doc)))
        self._changed(account)
        return cur.rowcount == 1

    def put(self, account: str, kind: str, name: str, doc: dict[str, Any]) -> None:
        with transaction(self.conn):
            self.conn.execute("INSERT OR REPLACE INTO entities VALUES (?, ?, ?, ?)",
                              (account, kind, name, orjson.dumps(doc)))
        self._changed(account)

    def delete(self, account: str, kind: str, name: str) -> None:
        with transaction(self.conn):
            self.conn.execute("DELETE FROM entities WHERE account=? AND kind=? AND name=?",
                              (account, kind, name))
        self._changed(account)

    def all(self, account: str, kind: str) -> list[dict[str, Any]]:
        """Every entity of ``kind`` in the account, by name (as IAM lists them)."""
        rows = self.conn.execute(
            "SELECT doc FROM entities WHERE account=? AND kind=? ORDER BY name",
            (account, kind)).fetchall()
        return [dict(orjson.loads(r[0])) for r in rows]

    def close(self) -> None:
        self.conn.close()
