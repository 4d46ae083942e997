"""Archives (the events a bus received that match a pattern) and replays of them.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-archive.html
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-replay-archived-event.html
- An archive keeps every event put on its bus that matches its EventPattern (all of them
  without one), in the same transaction that queues the event's deliveries, for
  RetentionDays (0: for ever). Replayed and scheduled events are not archived.
- A replay sends the archived events whose time is in [EventStartTime, EventEndTime) to
  the rules of the archive's bus (only those in FilterArns, when given), each with a
  ``replay-name`` member. cloudlet queues the whole replay when StartReplay is called:
  StartReplay answers STARTING and the replay is COMPLETED right after.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.services.events.errors import (
    ResourceAlreadyExistsException,
    ResourceNotFoundException,
)
from cloudlet.services.events.matching import matches

if TYPE_CHECKING:
    from cloudlet.services.events.store import EventsDb

DAY_S = 86_400

SCHEMA = """
CREATE TABLE IF NOT EXISTS archives (
    account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, bus TEXT NOT NULL,
    source_arn TEXT NOT NULL, description TEXT, pattern TEXT, retention INTEGER NOT NULL,
    created REAL NOT NULL, PRIMARY KEY (account, region, name));
CREATE TABLE IF NOT EXISTS archived_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, account TEXT NOT NULL, region TEXT NOT NULL,
    archive TEXT NOT NULL, at REAL NOT NULL, kept REAL NOT NULL, event BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS archived_by_time ON archived_events (account, region, archive, at);
CREATE TABLE IF NOT EXISTS replays (
    account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, doc TEXT NOT NULL,
    PRIMARY KEY (account, region, name));
"""


@dataclass(slots=True)
class Archive:
    name: str
    bus: str
    source_arn: str
    description: str | None
    pattern: str | None
    retention: int
    created: float
    arn: str

    def summary(self, count: int, size: int) -> dict[str, Any]:
        return {"ArchiveName": self.name, "EventSourceArn": self.source_arn, "State": "ENABLED",
                "RetentionDays": self.retention, "SizeBytes": size, "EventCount": count,
                "CreationTime": self.created}


class Archives:
    """One account's archives and replays in one region."""

    def __init__(self, db: EventsDb, account: str, region: str) -> None:
        self.db = db
        self.conn = db.conn
        self.account = account
        self.region = region

    @property
    def _key(self) -> tuple[str, str]:
        return self.account, self.region

    def arn(self, kind: str, name: str) -> str:
        return f"arn:aws:events:{self.region}:{self.account}:{kind}/{name}"

    # -- archives --------------------------------------------------------------------

    def create(self, name: str, bus: str, source_arn: str, req: dict[str, Any]) -> Archive:
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO archives VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*self._key, name, bus, source_arn, req.get("Description"), req.get("EventPattern"),
             req.get("RetentionDays") or 0, self.db.clock.now()))
        if cur.rowcount == 0:
            raise ResourceAlreadyExistsException(f"Archive {name} already exists.")
        return self.get(name)

    def find(self, name: str) -> Archive | None:
        row = self.conn.execute(
            "SELECT name, bus, source_arn, description, pattern, retention, created FROM archives"
            " WHERE account = ? AND region = ? AND name = ?", (*self._key, name)).fetchone()
        if row is None:
            return None
        return Archive(row[0], row[1], row[2], row[3], row[4], row[5], row[6],
                       self.arn("archive", row[0]))

    def get(self, name: str) -> Archive:
        found = self.find(name)
        if found is None:
            raise ResourceNotFoundException(f"Archive {name} does not exist.")
        return found

    def all(self, prefix: str = "") -> list[Archive]:
        names = [r[0] for r in self.conn.execute(
            "SELECT name FROM archives WHERE account = ? AND region = ? AND substr(name, 1, ?) = ?"
            " ORDER BY name", (*self._key, len(prefix), prefix))]
        return [self.get(n) for n in names]

    def update(self, name: str, req: dict[str, Any]) -> Archive:
        archive = self.get(name)
        self.conn.execute(
            "UPDATE archives SET description = ?, pattern = ?, retention = ? WHERE account = ?"
            " AND region = ? AND name = ?",
            (req.get("Description", archive.description), req.get("EventPattern", archive.pattern),
             req.get("RetentionDays", archive.retention), *self._key, name))
        return self.get(name)

    def delete(self, name: str) -> None:
        self.get(name)
        self.conn.execute("DELETE FROM archives WHERE account = ? AND region = ? AND name = ?",
                          (*self._key, name))
        self.conn.execute("DELETE FROM archived_events WHERE account = ? AND region = ?"
                          " AND archive = ?", (*self._key, name))

    def stats(self, archive: Archive) -> tuple[int, int]:
        """(event count, bytes) kept, after dropping what is past retention."""
        self._expire(archive)
        row = self.conn.execute(
            "SELECT count(*), coalesce(sum(length(event)), 0) FROM archived_events"
            " WHERE account = ? AND region = ? AND archive = ?",
            (*self._key, archive.name)).fetchone()
        return int(row[0]), int(row[1])

    def _expire(self, archive: Archive) -> None:
        if archive.retention:
            self.conn.execute(
                "DELETE FROM archived_events WHERE account = ? AND region = ? AND archive = ?"
                " AND kept < ?", (*self._key, archive.name,
                                  self.db.clock.now() - archive.retention * DAY_S))

    def keep(self, bus: str, event: dict[str, Any], at: float) -> None:
        """Archive ``event`` (put on ``bus``, dated ``at``) in every archive it matches."""
        if "replay-name" in event:
            return
        for archive in self.all():
            if archive.bus == bus and (archive.pattern is None or matches(archive.pattern, event)):
                self.conn.execute(
                    "INSERT INTO archived_events (account, region, archive, at, kept, event)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (*self._key, archive.name, at, self.db.clock.now(), orjson.dumps(event)))

    def events(self, archive: Archive, start: float, end: float) -> list[dict[str, Any]]:
        self._expire(archive)
        rows = self.conn.execute(
            "SELECT event FROM archived_events WHERE account = ? AND region = ? AND archive = ?"
            " AND at >= ? AND at < ? ORDER BY at, seq", (*self._key, archive.name, start, end))
        return [orjson.loads(r[0]) for r in rows]

    # -- replays ---------------------------------------------------------------------

    def add_replay(self, name: str, doc: dict[str, Any]) -> None:
        cur = self.conn.execute("INSERT OR IGNORE INTO replays VALUES (?, ?, ?, ?)",
                                (*self._key, name, json.dumps(doc)))
        if cur.rowcount == 0:
            raise ResourceAlreadyExistsException(f"Replay {name} already exists.")

    def replay(self, name: str) -> dict[str, Any]:
        row = self.conn.execute("SELECT doc FROM replays WHERE account = ? AND region = ?"
                                " AND name = ?", (*self._key, name)).fetchone()
        if row is None:
            raise ResourceNotFoundException(f"Replay {name} does not exist.")
        doc: dict[str, Any] = json.loads(row[0])
        return doc

    def set_replay(self, name: str, doc: dict[str, Any]) -> None:
        self.conn.execute("UPDATE replays SET doc = ? WHERE account = ? AND region = ?"
                          " AND name = ?", (json.dumps(doc), *self._key, name))

    def replays(self, prefix: str = "") -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT doc FROM replays WHERE account = ? AND region = ? AND substr(name, 1, ?) = ?"
            " ORDER BY name", (*self._key, len(prefix), prefix))
        return [json.loads(r[0]) for r in rows]
