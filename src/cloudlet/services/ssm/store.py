"""Parameters in SQLite, one database per account and region.

Each parameter is one row: its name and a JSON document holding every kept version
(value, type, description, pattern, tier, labels, when), its tags and the next version
number. A write replaces the row in one transaction, so a version is never half-stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from cloudlet.storage import connect, transaction

_SCHEMA = """
CREATE TABLE IF NOT EXISTS parameters (name TEXT PRIMARY KEY, doc BLOB NOT NULL);
"""


class ParameterStore:
    def __init__(self, path: Path) -> None:
        self.conn = connect(path)
        self.conn.executescript(_SCHEMA)

    def get(self, name: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT doc FROM parameters WHERE name=?", (name,)).fetchone()
        return None if row is None else dict(orjson.loads(row[0]))

    def put(self, name: str, doc: dict[str, Any]) -> None:
        with transaction(self.conn):
            self.conn.execute("INSERT OR REPLACE INTO parameters VALUES (?, ?)",
                              (name, orjson.dumps(doc)))

    def delete(self, name: str) -> bool:
        with transaction(self.conn):
            return self.conn.execute("DELETE FROM parameters WHERE name=?",
                                     (name,)).rowcount == 1

    def all(self, prefix: str = "") -> list[dict[str, Any]]:
        """Every parameter whose name starts with ``prefix``, by name."""
        rows = self.conn.execute(
            "SELECT doc FROM parameters WHERE substr(name, 1, ?) = ? ORDER BY name",
            (len(prefix), prefix)).fetchall()
        return [dict(orjson.loads(r[0])) for r in rows]

    def close(self) -> None:
        self.conn.close()
