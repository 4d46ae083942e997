"""User pools in SQLite, one database per account and region.

Each pool, app client, user and group is one row holding a JSON document; group
membership and refresh tokens are rows of their own. A write is one transaction.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from cloudlet.storage import connect, transaction

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pools (id TEXT PRIMARY KEY, doc BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS clients (pool TEXT, id TEXT, doc BLOB NOT NULL,
    PRIMARY KEY (pool, id));
CREATE TABLE IF NOT EXISTS users (pool TEXT, username TEXT, doc BLOB NOT NULL,
    PRIMARY KEY (pool, username));
CREATE TABLE IF NOT EXISTS groups (pool TEXT, name TEXT, doc BLOB NOT NULL,
    PRIMARY KEY (pool, name));
CREATE TABLE IF NOT EXISTS members (pool TEXT, grp TEXT, username TEXT,
    PRIMARY KEY (pool, grp, username));
CREATE TABLE IF NOT EXISTS refresh (token TEXT PRIMARY KEY, pool TEXT, username TEXT,
    doc BLOB NOT NULL);
"""

# The tables keyed by (pool, key), and their key column.
_KEYED = {"clients": "id", "users": "username", "groups": "name"}


class PoolStore:
    def __init__(self, path: Path) -> None:
        self.conn = connect(path)
        self.conn.executescript(_SCHEMA)

    # Pools
    def pool(self, pool_id: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT doc FROM pools WHERE id=?", (pool_id,)).fetchone()
        return None if row is None else dict(orjson.loads(row[0]))

    def put_pool(self, doc: dict[str, Any]) -> None:
        with transaction(self.conn):
            self.conn.execute("INSERT OR REPLACE INTO pools VALUES (?, ?)",
                              (doc["Id"], orjson.dumps(doc)))

    def pools(self) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT doc FROM pools ORDER BY id").fetchall()
        return [dict(orjson.loads(r[0])) for r in rows]

    def delete_pool(self, pool_id: str) -> None:
        with transaction(self.conn):
            self.conn.execute("DELETE FROM pools WHERE id=?", (pool_id,))
            for table in (*_KEYED, "members", "refresh"):
                self.conn.execute(f"DELETE FROM {table} WHERE pool=?", (pool_id,))

    # Clients, users and groups: documents keyed by pool and a name.
    def get(self, table: str, pool_id: str, key: str) -> dict[str, Any] | None:
        row = self.conn.execute(f"SELECT doc FROM {table} WHERE pool=? AND {_KEYED[table]}=?",
                                (pool_id, key)).fetchone()
        return None if row is None else dict(orjson.loads(row[0]))

    def put(self, table: str, pool_id: str, key: str, doc: dict[str, Any]) -> None:
        with transaction(self.conn):
            self.conn.execute(f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?)",
                              (pool_id, key, orjson.dumps(doc)))

    def all(self, table: str, pool_id: str) -> list[dict[str, Any]]:
        rows = self.conn.execute(f"SELECT doc FROM {table} WHERE pool=? ORDER BY rowid",
                                 (pool_id,)).fetchall()
        return [dict(orjson.loads(r[0])) for r in rows]

    def delete(self, table: str, pool_id: str, key: str) -> None:
        column = _KEYED[table]
        with transaction(self.conn):
            self.conn.execute(f"DELETE FROM {table} WHERE pool=? AND {column}=?", (pool_id, key))
            if table == "users":
                self.conn.execute("DELETE FROM members WHERE pool=? AND username=?",
                                  (pool_id, key))
            elif table == "groups":
                self.conn.execute("DELETE FROM members WHERE pool=? AND grp=?", (pool_id, key))

    def client_by_id(self, client_id: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT doc FROM clients WHERE id=?", (client_id,)).fetchone()
        return None if row is None else dict(orjson.loads(row[0]))

    # Group membership
    def add_member(self, pool_id: str, group: str, username: str) -> None:
        with transaction(self.conn):
            self.conn.execute("INSERT OR IGNORE INTO members VALUES (?, ?, ?)",
                              (pool_id, group, username))

    def remove_member(self, pool_id: str, group: str, username: str) -> None:
        with transaction(self.conn):
            self.conn.execute("DELETE FROM members WHERE pool=? AND grp=? AND username=?",
                              (pool_id, group, username))

    def groups_of(self, pool_id: str, username: str) -> list[str]:
        rows = self.conn.execute("SELECT grp FROM members WHERE pool=? AND username=?"
                                 " ORDER BY grp", (pool_id, username)).fetchall()
        return [r[0] for r in rows]

    def members_of(self, pool_id: str, group: str) -> list[str]:
        rows = self.conn.execute("SELECT username FROM members WHERE pool=? AND grp=?"
                                 " ORDER BY username", (pool_id, group)).fetchall()
        return [r[0] for r in rows]

    # Refresh tokens
    def put_refresh(self, token: str, pool_id: str, doc: dict[str, Any]) -> None:
        with transaction(self.conn):
            self.conn.execute("INSERT OR REPLACE INTO refresh VALUES (?, ?, ?, ?)",
                              (token, pool_id, doc["username"], orjson.dumps(doc)))

    def refresh(self, token: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT doc FROM refresh WHERE token=?", (token,)).fetchone()
        return None if row is None else dict(orjson.loads(row[0]))

    def revoke_refresh(self, pool_id: str, *, token: str | None = None,
                       username: str | None = None) -> None:
        with transaction(self.conn):
            if token is not None:
                self.conn.execute("DELETE FROM refresh WHERE token=?", (token,))
            if username is not None:
                self.conn.execute("DELETE FROM refresh WHERE pool=? AND username=?",
                                  (pool_id, username))

    def close(self) -> None:
        self.conn.close()
