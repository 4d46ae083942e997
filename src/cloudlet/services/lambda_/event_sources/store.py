"""Event source mappings and their checkpoints, durable in one SQLite file for every
account and region (``state.data_dir / "lambda-esm.sqlite"``).

A mapping row holds its EventSourceMappingConfiguration as Lambda answers it (members
named as in the model), keyed by UUID. A checkpoint is, per mapping and shard, the
sequence number of the last record whose batch was acknowledged (processed, filtered
out, or sent to the OnFailure destination): a poller that starts again (after a
restart, a SIGKILL, a disable/enable) reads the shard after it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cloudlet.server.state import ServerWide
from cloudlet.storage import connect, transaction

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState

_SCHEMA = """
CREATE TABLE IF NOT EXISTS mappings (
    uuid TEXT PRIMARY KEY, account TEXT NOT NULL, region TEXT NOT NULL,
    created REAL NOT NULL, config TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS mapping_tags (
    uuid TEXT PRIMARY KEY, tags TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS checkpoints (
    uuid TEXT NOT NULL, shard TEXT NOT NULL, seq TEXT NOT NULL,
    PRIMARY KEY (uuid, shard));
"""


@dataclass(slots=True)
class Mapping:
    uuid: str
    account: str
    region: str
    config: dict[str, Any]
    # When the mapping was created (epoch seconds): where LATEST starts after a restart.
    created: float = 0.0

    @property
    def enabled(self) -> bool:
        return self.config.get("State") == "Enabled"


class MappingStore:
    def __init__(self, path: Any) -> None:
        self.db = connect(path)
        self.db.executescript(_SCHEMA)

    def put(self, mapping: Mapping, created: float) -> None:
        """Insert ``mapping`` (created at ``created``) or replace its configuration."""
        with transaction(self.db) as db:
            db.execute(
                "INSERT INTO mappings (uuid, account, region, created, config) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (uuid) DO UPDATE SET config = excluded.config",
                (mapping.uuid, mapping.account, mapping.region, created, json.dumps(mapping.config)))

    def get(self, uuid: str) -> Mapping | None:
        row = self.db.execute(
            "SELECT uuid, account, region, config, created FROM mappings WHERE uuid = ?", (uuid,)).fetchone()
        return _mapping(row) if row else None

    def listing(self, account: str, region: str) -> list[Mapping]:
        rows = self.db.execute(
            "SELECT uuid, account, region, config, created FROM mappings"
            " WHERE account = ? AND region = ?"
            " ORDER BY created, uuid", (account, region)).fetchall()
        return [_mapping(r) for r in rows]

    def everywhere(self) -> list[Mapping]:
        rows = self.db.execute(
            "SELECT uuid, account, region, config, created FROM mappings ORDER BY created, uuid").fetchall()
        return [_mapping(r) for r in rows]

    def delete(self, uuid: str) -> None:
        with transaction(self.db) as db:
            db.execute("DELETE FROM mappings WHERE uuid = ?", (uuid,))
            db.execute("DELETE FROM checkpoints WHERE uuid = ?", (uuid,))
            db.execute("DELETE FROM mapping_tags WHERE uuid = ?", (uuid,))

    def tags(self, uuid: str) -> dict[str, str]:
        row = self.db.execute("SELECT tags FROM mapping_tags WHERE uuid = ?", (uuid,)).fetchone()
        return dict(json.loads(row[0])) if row else {}

    def set_tags(self, uuid: str, tags: dict[str, str]) -> None:
        self.db.execute("INSERT INTO mapping_tags (uuid, tags) VALUES (?, ?)"
                        " ON CONFLICT (uuid) DO UPDATE SET tags = excluded.tags",
                        (uuid, json.dumps(tags)))

    def checkpoint(self, uuid: str, shard: str) -> str | None:
        row = self.db.execute("SELECT seq FROM checkpoints WHERE uuid = ? AND shard = ?",
                              (uuid, shard)).fetchone()
        return str(row[0]) if row else None

    def set_checkpoint(self, uuid: str, shard: str, seq: str) -> None:
        with transaction(self.db) as db:
            db.execute("INSERT INTO checkpoints (uuid, shard, seq) VALUES (?, ?, ?)"
                       " ON CONFLICT (uuid, shard) DO UPDATE SET seq = excluded.seq",
                       (uuid, shard, seq))

    def set_result(self, uuid: str, result: str) -> None:
        """Record LastProcessingResult (only when it changes: no write per batch)."""
        found = self.get(uuid)
        if found is not None and found.config.get("LastProcessingResult") != result:
            found.config["LastProcessingResult"] = result
            with transaction(self.db) as db:
                db.execute("UPDATE mappings SET config = ? WHERE uuid = ?",
                           (json.dumps(found.config), uuid))


def _mapping(row: tuple[str, str, str, str, float]) -> Mapping:
    return Mapping(row[0], row[1], row[2], json.loads(row[3]), float(row[4]))


_store: ServerWide[MappingStore] = ServerWide(
    lambda state: MappingStore(state.data_dir / "lambda-esm.sqlite"))


def mappings(state: ServerState) -> MappingStore:
    """The server's one mapping store."""
    return _store.get(state)
