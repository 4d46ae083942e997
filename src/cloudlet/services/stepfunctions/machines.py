"""The control-plane store: state machines, their published versions and aliases,
activities, and tags, in one server-wide SQLite database ``<data>/stepfunctions.sqlite``
(every row carries account and region, so the engine's workers see all of them).

``resolve_machine`` and ``get_activity`` are what the engine calls: a machine ARN, a
version ARN (``...:stateMachine:name:3``) or an alias ARN (``...:stateMachine:name:prod``,
a version picked by the alias's routing weights) gives the one revision to run.

https://docs.aws.amazon.com/step-functions/latest/dg/concepts-state-machine-version.html
https://docs.aws.amazon.com/step-functions/latest/dg/concepts-state-machine-alias.html
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.clock import Clock
from cloudlet.server.state import ServerWide
from cloudlet.services.stepfunctions import arns, errors
from cloudlet.services.stepfunctions.registry import service
from cloudlet.storage import connect, transaction

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext
    from cloudlet.server.state import ServerState

DEFAULT_LOGGING: dict[str, Any] = {"level": "OFF", "includeExecutionData": False}
DEFAULT_TRACING: dict[str, Any] = {"enabled": False}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS machines (
    arn TEXT PRIMARY KEY, account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL,
    type TEXT NOT NULL, definition TEXT NOT NULL, role_arn TEXT NOT NULL,
    revision_id TEXT NOT NULL, logging BLOB NOT NULL, tracing BLOB NOT NULL,
    created REAL NOT NULL, updated REAL, description TEXT NOT NULL DEFAULT '',
    tags BLOB NOT NULL, next_version INTEGER NOT NULL DEFAULT 1);
CREATE INDEX IF NOT EXISTS machines_by_owner ON machines (account, region, name);
CREATE TABLE IF NOT EXISTS versions (
    machine TEXT NOT NULL, number INTEGER NOT NULL, type TEXT NOT NULL,
    definition TEXT NOT NULL, role_arn TEXT NOT NULL, revision_id TEXT NOT NULL,
    logging BLOB NOT NULL, tracing BLOB NOT NULL, created REAL NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (machine, number));
CREATE TABLE IF NOT EXISTS aliases (
    machine TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
    routing BLOB NOT NULL, created REAL NOT NULL, updated REAL NOT NULL,
    PRIMARY KEY (machine, name));
CREATE TABLE IF NOT EXISTS activities (
    arn TEXT PRIMARY KEY, account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL,
    created REAL NOT NULL, tags BLOB NOT NULL);
"""


@dataclass(frozen=True)
class Machine:
    """One revision of a state machine (or a published version of it)."""

    arn: str  # the machine's ARN (unqualified), even when resolved via version/alias
    name: str
    account: str
    region: str
    type: str  # "STANDARD" | "EXPRESS"
    definition: str
    role_arn: str
    revision_id: str
    version_arn: str | None  # set when resolved through a version or alias
    logging: dict[str, Any]
    tracing: dict[str, Any]
    created: float
    updated: float | None = None
    description: str = ""  # the machine's, or the version's description
    alias_arn: str | None = None  # set when resolved through an alias
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Version:
    machine: str
    number: int
    revision: Machine  # what the version runs (version_arn set)

    @property
    def arn(self) -> str:
        return arns.version_arn(self.machine, self.number)


@dataclass(frozen=True)
class Alias:
    machine: str
    name: str
    description: str
    routing: list[dict[str, Any]]  # [{"stateMachineVersionArn": ..., "weight": n}]
    created: float
    updated: float

    @property
    def arn(self) -> str:
        return arns.alias_arn(self.machine, self.name)


@dataclass(frozen=True)
class Activity:
    arn: str
    name: str
    created: float
    tags: dict[str, str] = field(default_factory=dict)


_M_COLS = ("arn, account, region, name, type, definition, role_arn, revision_id, logging,"
           " tracing, created, updated, description, tags")


def _machine(row: tuple[Any, ...]) -> Machine:
    return Machine(arn=row[0], account=row[1], region=row[2], name=row[3], type=row[4],
                   definition=row[5], role_arn=row[6], revision_id=row[7], version_arn=None,
                   logging=orjson.loads(row[8]), tracing=orjson.loads(row[9]),
                   created=row[10], updated=row[11], description=row[12],
                   tags=orjson.loads(row[13]))


class Store:
    """The records; every method is one short SQLite statement or transaction."""

    def __init__(self, path: Path, clock: Clock) -> None:
        self.conn = connect(path)
        self.conn.executescript(_SCHEMA)
        self.clock = clock

    def close(self) -> None:
        self.conn.close()

    # -- machines --------------------------------------------------------------------

    def find(self, arn: str) -> Machine | None:
        row = self.conn.execute(f"SELECT {_M_COLS} FROM machines WHERE arn = ?",
                                (arn,)).fetchone()
        return _machine(row) if row else None

    def machine(self, arn: str) -> Machine:
        found = self.find(arn)
        if found is None:
            raise errors.machine_not_found(arn)
        return found

    def machines(self, account: str, region: str) -> list[Machine]:
        rows = self.conn.execute(
            f"SELECT {_M_COLS} FROM machines WHERE account = ? AND region = ?"
            " ORDER BY created, name", (account, region)).fetchall()
        return [_machine(r) for r in rows]

    def insert(self, m: Machine) -> None:
        self.conn.execute(
            f"INSERT INTO machines ({_M_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (m.arn, m.account, m.region, m.name, m.type, m.definition, m.role_arn,
             m.revision_id, orjson.dumps(m.logging), orjson.dumps(m.tracing), m.created,
             m.updated, m.description, orjson.dumps(m.tags)))

    def update(self, m: Machine) -> None:
        self.conn.execute(
            "UPDATE machines SET definition = ?, role_arn = ?, revision_id = ?, logging = ?,"
            " tracing = ?, updated = ? WHERE arn = ?",
            (m.definition, m.role_arn, m.revision_id, orjson.dumps(m.logging),
             orjson.dumps(m.tracing), m.updated, m.arn))

    def delete(self, arn: str) -> None:
        with transaction(self.conn) as conn:
            conn.execute("DELETE FROM aliases WHERE machine = ?", (arn,))
            conn.execute("DELETE FROM versions WHERE machine = ?", (arn,))
            conn.execute("DELETE FROM machines WHERE arn = ?", (arn,))

    # -- versions --------------------------------------------------------------------

    def publish(self, m: Machine, description: str) -> Version:
        """Publish the machine's current revision; the latest version again when it
        already is that revision (AWS does not publish a duplicate)."""
        with transaction(self.conn) as conn:
            latest = conn.execute(
                "SELECT number, revision_id FROM versions WHERE machine = ?"
                " ORDER BY number DESC LIMIT 1", (m.arn,)).fetchone()
            if latest is not None and latest[1] == m.revision_id:
                number = int(latest[0])
            else:
                number = int(conn.execute("SELECT next_version FROM machines WHERE arn = ?",
                                          (m.arn,)).fetchone()[0])
                conn.execute(
                    "INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (m.arn, number, m.type, m.definition, m.role_arn, m.revision_id,
                     orjson.dumps(m.logging), orjson.dumps(m.tracing), self.clock.now(),
                     description))
                conn.execute("UPDATE machines SET next_version = ? WHERE arn = ?",
                             (number + 1, m.arn))
        found = self.version(m.arn, number)
        assert found is not None
        return found

    def version(self, machine_arn: str, number: int) -> Version | None:
        m = self.find(machine_arn)
        if m is None:
            return None
        row = self.conn.execute(
            "SELECT type, definition, role_arn, revision_id, logging, tracing, created,"
            " description FROM versions WHERE machine = ? AND number = ?",
            (machine_arn, number)).fetchone()
        if row is None:
            return None
        revision = replace(m, type=row[0], definition=row[1], role_arn=row[2],
                           revision_id=row[3], logging=orjson.loads(row[4]),
                           tracing=orjson.loads(row[5]), created=row[6], description=row[7],
                           version_arn=arns.version_arn(machine_arn, number), updated=None)
        return Version(machine_arn, number, revision)

    def versions(self, machine_arn: str) -> list[Version]:
        rows = self.conn.execute("SELECT number FROM versions WHERE machine = ?"
                                 " ORDER BY number DESC", (machine_arn,)).fetchall()
        found = [self.version(machine_arn, int(r[0])) for r in rows]
        return [v for v in found if v is not None]

    def delete_version(self, machine_arn: str, number: int) -> None:
        self.conn.execute("DELETE FROM versions WHERE machine = ? AND number = ?",
                          (machine_arn, number))

    # -- aliases ---------------------------------------------------------------------

    def alias(self, machine_arn: str, name: str) -> Alias | None:
        row = self.conn.execute(
            "SELECT machine, name, description, routing, created, updated FROM aliases"
            " WHERE machine = ? AND name = ?", (machine_arn, name)).fetchone()
        if row is None:
            return None
        return Alias(row[0], row[1], row[2], orjson.loads(row[3]), row[4], row[5])

    def aliases(self, machine_arn: str) -> list[Alias]:
        rows = self.conn.execute("SELECT name FROM aliases WHERE machine = ? ORDER BY created",
                                 (machine_arn,)).fetchall()
        found = [self.alias(machine_arn, r[0]) for r in rows]
        return [a for a in found if a is not None]

    def put_alias(self, alias: Alias) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO aliases VALUES (?, ?, ?, ?, ?, ?)",
            (alias.machine, alias.name, alias.description, orjson.dumps(alias.routing),
             alias.created, alias.updated))

    def delete_alias(self, machine_arn: str, name: str) -> None:
        self.conn.execute("DELETE FROM aliases WHERE machine = ? AND name = ?",
                          (machine_arn, name))

    # -- activities ------------------------------------------------------------------

    def activity(self, arn: str) -> Activity | None:
        row = self.conn.execute("SELECT arn, name, created, tags FROM activities WHERE arn = ?",
                                (arn,)).fetchone()
        return Activity(row[0], row[1], row[2], orjson.loads(row[3])) if row else None

    def activities(self, account: str, region: str) -> list[Activity]:
        rows = self.conn.execute(
            "SELECT arn, name, created, tags FROM activities WHERE account = ? AND region = ?"
            " ORDER BY created, name", (account, region)).fetchall()
        return [Activity(r[0], r[1], r[2], orjson.loads(r[3])) for r in rows]

    def insert_activity(self, account: str, region: str, a: Activity) -> None:
        self.conn.execute("INSERT INTO activities VALUES (?, ?, ?, ?, ?, ?)",
                          (a.arn, account, region, a.name, a.created, orjson.dumps(a.tags)))

    def delete_activity(self, arn: str) -> None:
        self.conn.execute("DELETE FROM activities WHERE arn = ?", (arn,))

    # -- tags ------------------------------------------------------------------------

    def set_tags(self, arn: str, tags: dict[str, str]) -> None:
        """Replace the tags of a machine or an activity (by ARN)."""
        blob = orjson.dumps(tags)
        self.conn.execute("UPDATE machines SET tags = ? WHERE arn = ?", (blob, arn))
        self.conn.execute("UPDATE activities SET tags = ? WHERE arn = ?", (blob, arn))


def new_revision() -> str:
    return str(uuid.uuid4())


_stores: ServerWide[Store] = ServerWide(
    lambda state: Store(state.data_dir / "stepfunctions.sqlite", state.clock))


def store_of(state: ServerState) -> Store:
    return _stores.get(state)


def store(ctx: RequestContext) -> Store:
    return _stores.of(ctx)


@service.stopped
async def _close(state: ServerState) -> None:
    found = _stores.made(state)
    if found is not None:
        found.close()


def parse_machine_arn(arn: str) -> arns.Arn:
    """A stateMachine ARN's parts, or InvalidArn with AWS's message."""
    parts = arns.parse(arn)
    if parts is None:
        raise errors.InvalidArn(f"Invalid Arn: 'Invalid ARN prefix: {arn}'")
    if parts.kind != "stateMachine" or len(parts.rest) > 1:
        raise errors.InvalidArn(
            f"Invalid Arn: 'Resource type not valid in this context: {parts.kind}'")
    return parts


def pick_version(alias: Alias) -> str:
    """The version ARN an alias sends this start to, by its routing weights."""
    routes = alias.routing
    weights = [int(r.get("weight", 0)) for r in routes]
    if not routes or sum(weights) <= 0:
        return str(routes[0]["stateMachineVersionArn"]) if routes else ""
    return str(random.choices(routes, weights=weights)[0]["stateMachineVersionArn"])


def resolve_machine(state: ServerState, account: str, region: str, arn: str) -> Machine:
    """The revision ``arn`` names: the machine's current one, a published version, or the
    version an alias routes to (``alias_arn`` and ``version_arn`` then set).

    Raises InvalidArn for an ARN that is not a state machine's, StateMachineDoesNotExist
    for one that names nothing (also for another account's or region's ARN).
    """
    parts = parse_machine_arn(arn)
    db = store_of(state)
    base = parts.unqualified
    if parts.account != account or parts.region != region:
        raise errors.machine_not_found(arn)
    if parts.qualifier is None:
        return db.machine(base)
    if parts.qualifier.isdigit():
        version = db.version(base, int(parts.qualifier))
        if version is None:
            raise errors.machine_not_found(arn)
        return version.revision
    alias = db.alias(base, parts.qualifier)
    if alias is None:
        raise errors.machine_not_found(arn)
    target = arns.parse(pick_version(alias))
    if target is None or target.qualifier is None or not target.qualifier.isdigit():
        raise errors.machine_not_found(arn)
    version = db.version(base, int(target.qualifier))
    if version is None:
        raise errors.machine_not_found(arn)
    return replace(version.revision, alias_arn=alias.arn)


def get_activity(state: ServerState, account: str, region: str, arn: str) -> Activity:
    """The activity ``arn`` names (InvalidArn / ActivityDoesNotExist as AWS answers)."""
    parts = arns.parse(arn)
    if parts is None:
        raise errors.InvalidArn(f"Invalid Arn: 'Invalid ARN prefix: {arn}'")
    if parts.kind != "activity" or parts.qualifier is not None:
        raise errors.InvalidArn(
            f"Invalid Arn: 'Resource type not valid in this context: {parts.kind}'")
    found = store_of(state).activity(arn)
    if found is None or parts.account != account or parts.region != region:
        raise errors.activity_not_found(arn)
    return found
