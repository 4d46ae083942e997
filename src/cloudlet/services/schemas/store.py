"""Registries and schemas in SQLite, one database per account and region.

A registry is one row (its description and tags); a schema is one row holding a JSON
document: description, tags, the next version number and every kept version (content,
type, when). A write replaces the row in one transaction before the caller is answered.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from cloudlet.storage import connect, transaction

_SCHEMA = """
CREATE TABLE IF NOT EXISTS registries (name TEXT PRIMARY KEY, doc BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS schemas (
    registry TEXT NOT NULL, name TEXT NOT NULL, doc BLOB NOT NULL,
    PRIMARY KEY (registry, name));
"""


class SchemaStore:
    def __init__(self, path: Path) -> None:
        self.conn = connect(path)
        self.conn.executescript(_SCHEMA)

    # --- registries -----------------------------------------------------------------------
    def registry(self, name: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT doc FROM registries WHERE name=?", (name,)).fetchone()
        return None if row is None else dict(orjson.loads(row[0]))

    def put_registry(self, name: str, doc: dict[str, Any]) -> None:
        with transaction(self.conn):
            self.conn.execute("INSERT OR REPLACE INTO registries VALUES (?, ?)",
                              (name, orjson.dumps(doc)))

    def delete_registry(self, name: str) -> None:
        with transaction(self.conn):
            self.conn.execute("DELETE FROM registries WHERE name=?", (name,))

    def registries(self, prefix: str = "") -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT doc FROM registries WHERE substr(name, 1, ?) = ? ORDER BY name",
            (len(prefix), prefix)).fetchall()
        return [dict(orjson.loads(r[0])) for r in rows]

    # --- schemas --------------------------------------------------------------------------
    def schema(self, registry: str, name: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT doc FROM schemas WHERE registry=? AND name=?",
                                (registry, name)).fetchone()
        return None if row is None else dict(orjson.loads(row[0]))

    def put_schema(self, registry: str, name: str, doc: dict[str, Any]) -> None:
        with transaction(self.conn):
            self.conn.execute("INSERT OR REPLACE INTO schemas VALUES (?, ?, ?)",
                              (registry, name, orjson.dumps(doc)))

    def delete_schema(self, registry: str, name: str) -> None:
        with transaction(self.conn):
            self.conn.execute("DELETE FROM schemas WHERE registry=? AND name=?",
                              (registry, name))

    def schemas(self, registry: str, prefix: str = "") -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT doc FROM schemas WHERE registry=? AND substr(name, 1, ?) = ? ORDER BY name",
            (registry, len(prefix), prefix)).fetchall()
        return [dict(orjson.loads(r[0])) for r in rows]

    def has_schemas(self, registry: str) -> bool:
        return self.conn.execute("SELECT 1 FROM schemas WHERE registry=? LIMIT 1",
                                 (registry,)).fetchone() is not None

    def close(self) -> None:
        self.conn.close()
