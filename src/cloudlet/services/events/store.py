"""Event buses, rules, their targets, tags and bus policies, in one SQLite database.

Every row carries its account and region. Each account and region has a ``default`` bus
from its first use (as on AWS). A rule's targets are stored as the documents PutTargets
received (the ``Target`` shape), in the order they were first put.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus.html
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.queue import Queues
from cloudlet.services.events.archives import SCHEMA as ARCHIVE_SCHEMA
from cloudlet.services.events.archives import Archives
from cloudlet.services.events.errors import (
    ResourceAlreadyExistsException,
    ResourceNotFoundException,
    ValidationException,
    bus_not_found,
    rule_not_found,
)
from cloudlet.storage import connect, transaction

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState

DEFAULT_BUS = "default"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS buses (
    account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL,
    description TEXT, policy TEXT, tags TEXT NOT NULL DEFAULT '{}',
    created REAL NOT NULL, modified REAL NOT NULL, PRIMARY KEY (account, region, name));
CREATE TABLE IF NOT EXISTS rules (
    account TEXT NOT NULL, region TEXT NOT NULL, bus TEXT NOT NULL, name TEXT NOT NULL,
    pattern TEXT, schedule TEXT, state TEXT NOT NULL, description TEXT, role_arn TEXT,
    tags TEXT NOT NULL DEFAULT '{}', created REAL NOT NULL, next_fire REAL,
    PRIMARY KEY (account, region, bus, name));
CREATE INDEX IF NOT EXISTS rules_scheduled ON rules (next_fire) WHERE next_fire IS NOT NULL;
CREATE TABLE IF NOT EXISTS targets (
    account TEXT NOT NULL, region TEXT NOT NULL, bus TEXT NOT NULL, rule TEXT NOT NULL,
    id TEXT NOT NULL, arn TEXT NOT NULL, doc TEXT NOT NULL, seq INTEGER NOT NULL,
    PRIMARY KEY (account, region, bus, rule, id));
"""


@dataclass(slots=True)
class Rule:
    account: str
    region: str
    bus: str
    name: str
    pattern: str | None
    schedule: str | None
    state: str
    description: str | None
    role_arn: str | None
    tags: dict[str, str]
    created: float
    next_fire: float | None

    @property
    def arn(self) -> str:
        return rule_arn(self.account, self.region, self.bus, self.name)

    @property
    def enabled(self) -> bool:
        return self.state != "DISABLED"

    def describe(self) -> dict[str, Any]:
        """The rule as DescribeRule and ListRules answer it."""
        out: dict[str, Any] = {"Name": self.name, "Arn": self.arn, "State": self.state,
                               "EventBusName": self.bus}
        for key, value in (("EventPattern", self.pattern), ("ScheduleExpression", self.schedule),
                           ("Description", self.description), ("RoleArn", self.role_arn)):
            if value is not None:
                out[key] = value
        return out


_RULE_COLUMNS = ("account, region, bus, name, pattern, schedule, state, description, role_arn,"
                 " tags, created, next_fire")


def _rule(row: tuple[Any, ...]) -> Rule:
    return Rule(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8],
                json.loads(row[9]), row[10], row[11])


def bus_arn(account: str, region: str, bus: str) -> str:
    return f"arn:aws:events:{region}:{account}:event-bus/{bus}"


def rule_arn(account: str, region: str, bus: str, name: str) -> str:
    path = name if bus == DEFAULT_BUS else f"{bus}/{name}"
    return f"arn:aws:events:{region}:{account}:rule/{path}"


class EventsDb:
    """The server-wide database, its delivery queues and the schedule worker's wake-up."""

    def __init__(self, state: ServerState) -> None:
        self.clock = state.clock
        self.conn = connect(state.data_dir / "events.sqlite")
        self.conn.executescript(_SCHEMA + ARCHIVE_SCHEMA)
        self.queues = Queues(self.conn, state.clock)
        self.schedules_changed = asyncio.Event()

    def scheduled_rules(self) -> list[Rule]:
        """Every enabled rule with a schedule, soonest first."""
        rows = self.conn.execute(
            f"SELECT {_RULE_COLUMNS} FROM rules WHERE next_fire IS NOT NULL ORDER BY next_fire")
        return [_rule(r) for r in rows]

    def set_next_fire(self, rule: Rule, when: float | None) -> None:
        self.conn.execute(
            "UPDATE rules SET next_fire = ? WHERE account = ? AND region = ? AND bus = ?"
            " AND name = ?", (when, rule.account, rule.region, rule.bus, rule.name))


class EventsStore:
    """One account's buses and rules in one region."""

    def __init__(self, db: EventsDb, account: str, region: str) -> None:
        self.db = db
        self.conn = db.conn
        self.account = account
        self.region = region
        self.archives = Archives(db, account, region)
        now = db.clock.now()
        self.conn.execute("INSERT OR IGNORE INTO buses (account, region, name, created, modified)"
                          " VALUES (?, ?, ?, ?, ?)", (account, region, DEFAULT_BUS, now, now))

    @property
    def _key(self) -> tuple[str, str]:
        return self.account, self.region

    # -- buses -----------------------------------------------------------------------

    def bus_arn(self, name: str) -> str:
        return bus_arn(self.account, self.region, name)

    def create_bus(self, name: str, description: str | None, tags: dict[str, str]) -> str:
        now = self.db.clock.now()
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO buses (account, region, name, description, tags, created,"
            " modified) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (*self._key, name, description, json.dumps(tags), now, now))
        if cur.rowcount == 0:
            raise ResourceAlreadyExistsException(f"Event bus {name} already exists.")
        return self.bus_arn(name)

    def find_bus(self, name: str) -> dict[str, Any] | None:
        row = self.conn.execute(
            "SELECT name, description, policy, created, modified FROM buses WHERE account = ?"
            " AND region = ? AND name = ?", (*self._key, name)).fetchone()
        if row is None:
            return None
        out: dict[str, Any] = {"Name": row[0], "Arn": self.bus_arn(row[0]),
                               "CreationTime": row[3], "LastModifiedTime": row[4]}
        if row[1] is not None:
            out["Description"] = row[1]
        if row[2] is not None:
            out["Policy"] = row[2]
        return out

    def bus(self, name: str) -> dict[str, Any]:
        found = self.find_bus(name)
        if found is None:
            raise bus_not_found(name)
        return found

    def buses(self, prefix: str = "") -> list[dict[str, Any]]:
        names = [r[0] for r in self.conn.execute(
            "SELECT name FROM buses WHERE account = ? AND region = ? AND substr(name, 1, ?) = ?"
            " ORDER BY name", (*self._key, len(prefix), prefix))]
        return [self.bus(n) for n in names]

    def delete_bus(self, name: str) -> None:
        if name == DEFAULT_BUS:
            raise ValidationException("Cannot delete event bus default.")
        with transaction(self.conn) as conn:
            for table in ("targets", "rules"):
                conn.execute(f"DELETE FROM {table} WHERE account = ? AND region = ? AND bus = ?",
                             (*self._key, name))
            conn.execute("DELETE FROM buses WHERE account = ? AND region = ? AND name = ?",
                         (*self._key, name))
        self.db.schedules_changed.set()

    def set_description(self, name: str, description: str | None) -> None:
        self.bus(name)
        self.conn.execute(
            "UPDATE buses SET description = ?, modified = ? WHERE account = ? AND region = ?"
            " AND name = ?", (description, self.db.clock.now(), *self._key, name))

    def policy(self, name: str) -> dict[str, Any] | None:
        found = self.bus(name).get("Policy")
        return json.loads(found) if found else None

    def set_policy(self, name: str, policy: dict[str, Any] | None) -> None:
        self.bus(name)
        self.conn.execute(
            "UPDATE buses SET policy = ?, modified = ? WHERE account = ? AND region = ?"
            " AND name = ?", (json.dumps(policy) if policy else None, self.db.clock.now(),
                              *self._key, name))

    # -- rules -----------------------------------------------------------------------

    def put_rule(self, bus: str, name: str, fields: dict[str, Any],
                 tags: dict[str, str], next_fire: float | None) -> Rule:
        """Create the rule or replace its settings (tags and targets are kept)."""
        self.bus(bus)
        now = self.db.clock.now()
        self.conn.execute(
            "INSERT INTO rules (account, region, bus, name, pattern, schedule, state, description,"
            " role_arn, tags, created, next_fire) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT DO UPDATE SET pattern = excluded.pattern, schedule = excluded.schedule,"
            " state = excluded.state, description = excluded.description,"
            " role_arn = excluded.role_arn, next_fire = excluded.next_fire",
            (*self._key, bus, name, fields.get("EventPattern"), fields.get("ScheduleExpression"),
             fields.get("State") or "ENABLED", fields.get("Description"), fields.get("RoleArn"),
             json.dumps(tags), now, next_fire))
        self.db.schedules_changed.set()
        return self.rule(bus, name)

    def find_rule(self, bus: str, name: str) -> Rule | None:
        row = self.conn.execute(
            f"SELECT {_RULE_COLUMNS} FROM rules WHERE account = ? AND region = ? AND bus = ?"
            " AND name = ?", (*self._key, bus, name)).fetchone()
        return _rule(row) if row else None

    def rule(self, bus: str, name: str) -> Rule:
        found = self.find_rule(bus, name)
        if found is None:
            raise rule_not_found(name, bus)
        return found

    def rules(self, bus: str, prefix: str = "") -> list[Rule]:
        rows = self.conn.execute(
            f"SELECT {_RULE_COLUMNS} FROM rules WHERE account = ? AND region = ? AND bus = ?"
            " AND substr(name, 1, ?) = ? ORDER BY name", (*self._key, bus, len(prefix), prefix))
        return [_rule(r) for r in rows]

    def delete_rule(self, bus: str, name: str) -> None:
        if self.find_rule(bus, name) is None:
            return  # AWS answers success for a rule that does not exist
        if self.targets(bus, name):
            raise ValidationException("Rule can't be deleted since it has targets.")
        self.conn.execute("DELETE FROM rules WHERE account = ? AND region = ? AND bus = ?"
                          " AND name = ?", (*self._key, bus, name))
        self.db.schedules_changed.set()

    def set_rule_state(self, bus: str, name: str, state: str, next_fire: float | None) -> None:
        self.rule(bus, name)
        self.conn.execute("UPDATE rules SET state = ?, next_fire = ? WHERE account = ?"
                          " AND region = ? AND bus = ? AND name = ?",
                          (state, next_fire, *self._key, bus, name))
        self.db.schedules_changed.set()

    # -- targets ---------------------------------------------------------------------

    def targets(self, bus: str, rule: str) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT doc FROM targets WHERE account = ? AND region = ? AND bus = ? AND rule = ?"
            " ORDER BY seq", (*self._key, bus, rule))
        return [orjson.loads(r[0]) for r in rows]

    def put_targets(self, bus: str, rule: str, targets: list[dict[str, Any]]) -> None:
        with transaction(self.conn) as conn:
            seq = conn.execute("SELECT coalesce(max(seq), 0) FROM targets").fetchone()[0]
            for target in targets:
                seq += 1
                conn.execute(
                    "INSERT INTO targets VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE"
                    " SET arn = excluded.arn, doc = excluded.doc",
                    (*self._key, bus, rule, target["Id"], target["Arn"],
                     orjson.dumps(target).decode(), seq))

    def remove_targets(self, bus: str, rule: str, ids: list[str]) -> list[str]:
        """Remove the targets; the ids that were not there."""
        missing = []
        with transaction(self.conn) as conn:
            for target_id in ids:
                cur = conn.execute("DELETE FROM targets WHERE account = ? AND region = ?"
                                   " AND bus = ? AND rule = ? AND id = ?",
                                   (*self._key, bus, rule, target_id))
                if cur.rowcount == 0:
                    missing.append(target_id)
        return missing

    def rule_names_by_target(self, bus: str, arn: str) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT rule FROM targets WHERE account = ? AND region = ? AND bus = ?"
            " AND arn = ? ORDER BY rule", (*self._key, bus, arn))]

    # -- tags ------------------------------------------------------------------------

    def _tagged(self, arn: str) -> tuple[str, tuple[Any, ...]]:
        """The table and key of the bus or rule ``arn`` names."""
        prefix = f"arn:aws:events:{self.region}:{self.account}:"
        resource = arn[len(prefix):] if arn.startswith(prefix) else ""
        kind, _, path = resource.partition("/")
        if kind == "event-bus" and path:
            self.bus(path)
            return "buses", (*self._key, path)
        if kind == "rule" and path:
            bus, _, name = path.rpartition("/")
            self.rule(bus or DEFAULT_BUS, name)
            return "rules", (*self._key, bus or DEFAULT_BUS, name)
        raise ResourceNotFoundException(f"Resource {arn} does not exist.")

    def tags(self, arn: str) -> dict[str, str]:
        table, key = self._tagged(arn)
        where = _where(table)
        row = self.conn.execute(f"SELECT tags FROM {table} WHERE {where}", key).fetchone()
        tags: dict[str, str] = json.loads(row[0])
        return tags

    def set_tags(self, arn: str, tags: dict[str, str]) -> None:
        table, key = self._tagged(arn)
        self.conn.execute(f"UPDATE {table} SET tags = ? WHERE {_where(table)}",
                          (json.dumps(tags), *key))


def _where(table: str) -> str:
    if table == "buses":
        return "account = ? AND region = ? AND name = ?"
    return "account = ? AND region = ? AND bus = ? AND name = ?"
