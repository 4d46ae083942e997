"""Functions of one account in one region: definitions in SQLite, code on disk.

Everything is loaded into memory when the backend is first used and written through to
SQLite on every change, so a read (and the Invoke hot path) never touches the disk and
a restart finds every function, version, setting and package again.

Tables: ``functions`` (name, tags, reserved concurrency, next version number),
``versions`` (one row per ``$LATEST`` or published version: its configuration and code
hash), ``event_configs`` (asynchronous invocation settings per qualifier), ``aliases``
(one row per alias: its AliasConfiguration), the layer tables of ``layers.py`` and the
resource policies of ``policies.py``.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cloudlet.clock import new_id
from cloudlet.server.state import Backends
from cloudlet.services.lambda_ import aliases, configuration, runtimes, states
from cloudlet.services.lambda_.arns import LATEST, function_arn
from cloudlet.services.lambda_.code import CodeStore, Package
from cloudlet.services.lambda_.errors import (
    InvalidParameterValueException,
    PreconditionFailedException,
    ResourceConflictException,
    ResourceNotFoundException,
)
from cloudlet.services.lambda_.layers import LayerStore
from cloudlet.services.lambda_.policies import PolicyStore
from cloudlet.storage import connect, transaction

if TYPE_CHECKING:
    import sqlite3

    from cloudlet.server.state import ServerState

_SCHEMA = """
CREATE TABLE IF NOT EXISTS functions (
    name TEXT PRIMARY KEY, created REAL NOT NULL, tags TEXT NOT NULL DEFAULT '{}',
    reserved INTEGER, next_version INTEGER NOT NULL DEFAULT 1);
CREATE TABLE IF NOT EXISTS versions (
    name TEXT NOT NULL, version TEXT NOT NULL, config TEXT NOT NULL, code TEXT NOT NULL,
    PRIMARY KEY (name, version));
CREATE TABLE IF NOT EXISTS event_configs (
    name TEXT NOT NULL, qualifier TEXT NOT NULL, config TEXT NOT NULL,
    PRIMARY KEY (name, qualifier));
CREATE TABLE IF NOT EXISTS aliases (
    name TEXT NOT NULL, alias TEXT NOT NULL, config TEXT NOT NULL,
    PRIMARY KEY (name, alias));
"""


@dataclass(slots=True)
class Version:
    """``$LATEST`` or a published version: its configuration and its code."""

    config: dict[str, Any]
    code_hex: str

    @property
    def revision(self) -> str:
        return str(self.config["RevisionId"])


@dataclass(slots=True)
class Function:
    name: str
    created: float
    versions: dict[str, Version]
    tags: dict[str, str] = field(default_factory=dict)
    reserved: int | None = None
    next_version: int = 1
    event_configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    aliases: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Pending after creation or InProgress after an update (see ``states.py``).
    transition: states.Transition | None = None

    @property
    def latest(self) -> Version:
        return self.versions[LATEST]

    def kept(self) -> list[Version]:
        """Every version, and the previous ``$LATEST`` an update in progress still runs."""
        found = list(self.versions.values())
        if self.transition is not None and self.transition.previous is not None:
            found.append(self.transition.previous)
        return found

    def published(self) -> list[Version]:
        return sorted((v for k, v in self.versions.items() if k != LATEST),
                      key=lambda v: int(v.config["Version"]))


class LambdaBackend:
    def __init__(self, state: ServerState, account: str, region: str) -> None:
        self.state = state
        self.account = account
        self.region = region
        self.conn: sqlite3.Connection = connect(state.db_path("lambda", account, region))
        self.conn.executescript(_SCHEMA)
        self.code = CodeStore(state.data_dir / account / region / "lambda" / "code")
        self.lock = threading.RLock()
        self.functions: dict[str, Function] = {}
        self.draw = random.random  # picks an alias's weighted version
        self.layers = LayerStore(self)
        self.policies = PolicyStore(self)
        # Packages (code or layer) that running invocations use: not removed until they end.
        self.busy: Counter[str] = Counter()
        self._load()
        self.layers.load()
        self.policies.load()

    # -- storage -----------------------------------------------------------------------

    def _load(self) -> None:
        rows = self.conn.execute(
            "SELECT name, created, tags, reserved, next_version FROM functions").fetchall()
        for name, created, tags, reserved, next_version in rows:
            self.functions[name] = Function(name, created, {}, json.loads(tags), reserved,
                                            next_version)
        for name, version, config, code in self.conn.execute(
                "SELECT name, version, config, code FROM versions"):
            if name in self.functions:
                self.functions[name].versions[version] = Version(json.loads(config), code)
        for name, qualifier, config in self.conn.execute(
                "SELECT name, qualifier, config FROM event_configs"):
            if name in self.functions:
                self.functions[name].event_configs[qualifier] = json.loads(config)
        for name, alias, config in self.conn.execute("SELECT name, alias, config FROM aliases"):
            if name in self.functions:
                self.functions[name].aliases[alias] = json.loads(config)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.lock, transaction(self.conn) as conn:
            yield conn

    def _write_function(self, db: sqlite3.Connection, fn: Function) -> None:
        db.execute(
            "INSERT OR REPLACE INTO functions (name, created, tags, reserved, next_version)"
            " VALUES (?, ?, ?, ?, ?)",
            (fn.name, fn.created, json.dumps(fn.tags), fn.reserved, fn.next_version))

    def _write_version(self, db: sqlite3.Connection, name: str, version: Version) -> None:
        db.execute("INSERT OR REPLACE INTO versions (name, version, config, code) VALUES (?, ?, ?, ?)",
                   (name, version.config["Version"], json.dumps(version.config), version.code_hex))

    # -- lookup ------------------------------------------------------------------------

    def arn(self, name: str, qualifier: str | None = None) -> str:
        return function_arn(self.region, self.account, name, qualifier)

    def function(self, name: str) -> Function:
        found = self.functions.get(name)
        if found is None:
            raise ResourceNotFoundException(f"Function not found: {self.arn(name)}")
        return found

    def version(self, name: str, qualifier: str | None) -> Version:
        """The version a qualifier names (``$LATEST`` when none)."""
        fn = self.functions.get(name)
        found = fn.versions.get(qualifier or LATEST) if fn is not None else None
        if found is None:
            raise ResourceNotFoundException(f"Function not found: {self.arn(name, qualifier)}")
        return found

    def alias(self, name: str, alias: str) -> dict[str, Any]:
        """An alias's AliasConfiguration; ResourceNotFoundException (GetAlias's text)."""
        found = self.function(name).aliases.get(alias)
        if found is None:
            raise ResourceNotFoundException(f"Cannot find alias arn: {self.arn(name, alias)}")
        return found

    def resolve(self, name: str, qualifier: str | None, *, route: bool = False) -> Version:
        """The version a qualifier means: ``$LATEST`` (none), a version, or an alias's
        version; with ``route`` an alias's weighted version may be picked instead."""
        fn = self.functions.get(name)
        alias = fn.aliases.get(qualifier) if fn is not None and qualifier else None
        if alias is None:
            return self.version(name, qualifier)
        target = aliases.pick(alias, self.draw) if route else alias["FunctionVersion"]
        return self.version(name, target)

    def listing(self, all_versions: bool) -> list[dict[str, Any]]:
        configs: list[dict[str, Any]] = []
        for name in sorted(self.functions):
            fn = self.functions[name]
            self.transition(fn)  # settled now: the current RevisionId
            configs.append(fn.latest.config)
            if all_versions:
                configs.extend(v.config for v in fn.published())
        return configs

    # -- states ------------------------------------------------------------------------

    def transition(self, fn: Function) -> states.Transition | None:
        """The function's transition while it lasts. When it is over, the previous code it
        kept for invocations is released and ``$LATEST`` gets a new RevisionId, as on AWS
        (the RevisionId a CreateFunction or update answered is then stale)."""
        current = fn.transition
        if current is not None and current.over():
            with self.lock:
                if fn.transition is current:
                    fn.transition = None
                    self._drop_previous(current)
                    settled = Version(dict(fn.latest.config, RevisionId=new_id()),
                                      fn.latest.code_hex)
                    with self.transaction() as db:
                        self._write_version(db, fn.name, settled)
                    fn.versions[LATEST] = settled
            return None
        return current

    def shown(self, fn: Function, version: Version) -> dict[str, Any]:
        """A version's configuration with the state Lambda reports now."""
        latest = version is fn.latest
        transition = self.transition(fn)  # may settle: a new $LATEST
        if not latest:
            return version.config
        return states.shown(fn.latest.config, transition.kind if transition else None)

    def runnable(self, name: str, qualifier: str | None, *, route: bool = False) -> Version:
        """The version an invocation runs: ResourceConflictException while the function
        is Pending; during an update of ``$LATEST``, its previous code and configuration."""
        version = self.resolve(name, qualifier, route=route)
        fn = self.functions[name]
        latest = version is fn.latest
        transition = self.transition(fn)  # may settle: a new $LATEST
        if not latest:
            return version
        states.refuse_invoke(transition)
        if transition is not None and transition.previous is not None:
            return transition.previous
        return fn.latest

    def _begin(self, fn: Function, kind: str, previous: Version | None = None) -> None:
        held: tuple[str, ...] = ()
        if previous is not None:
            held = (previous.code_hex, *self.layers.packages(previous.config))
            self.hold(list(held))
        fn.transition = states.Transition(
            kind, time.monotonic() + self.state.config.lambda_state_delay_s, previous, held)

    def _drop_previous(self, transition: states.Transition) -> None:
        self.release(list(transition.held))

    def _refuse_change(self, fn: Function) -> None:
        states.refuse_change(self.transition(fn), self.arn(fn.name))

    # -- changes -----------------------------------------------------------------------

    def create(self, req: Mapping[str, Any], package: Package) -> Function:
        name = req["FunctionName"]
        now = self.state.clock.now()
        config = configuration.new_configuration(
            req, arn=self.arn(name), code_sha256=package.sha256, code_size=package.size,
            now=now, revision=new_id())
        if req.get("Layers"):
            config["Layers"] = self.layers.attach(req["Layers"])
        with self.lock:
            if name in self.functions:
                raise ResourceConflictException(f"Function already exist: {name}")
            self.code.save(package)
            fn = Function(name, now, {LATEST: Version(states.settled(config), package.sha_hex)},
                          dict(req.get("Tags") or {}))
            with self.transaction() as db:
                self._write_function(db, fn)
                self._write_version(db, name, fn.latest)
            self.functions[name] = fn
            self._begin(fn, states.CREATING)
        return fn

    def _check_revision(self, version: Version, revision_id: str | None) -> None:
        if revision_id and revision_id != version.revision:
            raise PreconditionFailedException()

    def update_code(self, name: str, package: Package, revision_id: str | None) -> Version:
        fn = self.function(name)
        with self.lock:
            self._refuse_change(fn)
            self._check_revision(fn.latest, revision_id)
            runtimes.check_update(fn.latest.config["Runtime"], self.state.clock.now())
            self.code.save(package)
            config = dict(fn.latest.config)
            config.update(CodeSha256=package.sha256, CodeSize=package.size,
                          LastModified=configuration.timestamp(self.state.clock.now()),
                          RevisionId=new_id())
            previous = fn.latest
            fn.versions[LATEST] = Version(config, package.sha_hex)
            with self.transaction() as db:
                self._write_version(db, name, fn.latest)
            self._begin(fn, states.UPDATING, previous)
        return fn.latest

    def update_configuration(self, name: str, req: Mapping[str, Any]) -> Version:
        fn = self.function(name)
        with self.lock:
            self._refuse_change(fn)
            self._check_revision(fn.latest, req.get("RevisionId"))
            config = configuration.updated_configuration(
                fn.latest.config, req, now=self.state.clock.now(), revision=new_id())
            if "Layers" in req:
                config.pop("Layers", None)
                if req["Layers"]:
                    config["Layers"] = self.layers.attach(req["Layers"])
            previous = fn.latest
            fn.versions[LATEST] = Version(config, fn.latest.code_hex)
            with self.transaction() as db:
                self._write_version(db, name, fn.latest)
            self._begin(fn, states.UPDATING, previous)
            self.layers.purge()
        return fn.latest

    def publish(self, name: str, code_sha256: str | None, description: str | None,
                revision_id: str | None, *, with_change: bool = False) -> Version:
        """Publish ``$LATEST`` as the next version, unless the newest version already
        has the same code and configuration (then that version is returned).
        ``with_change``: as part of the CreateFunction or UpdateFunctionCode that asked
        for it (``Publish``), so not refused by that change's own transition."""
        fn = self.function(name)
        with self.lock:
            current = fn.latest.config["CodeSha256"]
            if code_sha256 and code_sha256 != current:
                raise InvalidParameterValueException(
                    f"CodeSHA256 ({code_sha256}) is different from current CodeSHA256 in "
                    f"$LATEST ({current}). Please try again with the CodeSHA256 in $LATEST.")
            if not with_change:
                self._refuse_change(fn)
            latest = fn.latest
            self._check_revision(latest, revision_id)
            versions = fn.published()
            if versions and configuration.same_function(versions[-1].config, latest.config):
                return versions[-1]
            number = str(fn.next_version)
            config = configuration.published(latest.config, number, description,
                                             revision=new_id(), now=self.state.clock.now())
            version = Version(config, latest.code_hex)
            fn.versions[number] = version
            fn.next_version += 1
            with self.transaction() as db:
                self._write_function(db, fn)
                self._write_version(db, name, version)
        return version

    def delete(self, name: str, qualifier: str | None) -> Function:
        """Delete a function (every version and setting) or one published version."""
        fn = self.function(name)
        with self.lock:
            if qualifier and qualifier != LATEST:
                version = self.version(name, qualifier)
                users = sorted(a for a, c in fn.aliases.items() if qualifier in aliases.versions_of(c))
                if users:
                    raise ResourceConflictException(
                        "Unable to delete version because the following aliases reference it: "
                        f"[{', '.join(users)}]")
                del fn.versions[qualifier]
                fn.event_configs.pop(qualifier, None)
                with self.transaction() as db:
                    db.execute("DELETE FROM versions WHERE name = ? AND version = ?", (name, qualifier))
                    db.execute("DELETE FROM event_configs WHERE name = ? AND qualifier = ?",
                               (name, qualifier))
                    self.policies.drop(db, name, qualifier)
                self.collect(version.code_hex)
                self.layers.purge()
                return fn
            if qualifier == LATEST:
                raise InvalidParameterValueException(
                    "$LATEST version cannot be deleted without deleting the function.")
            del self.functions[name]
            if fn.transition is not None:
                self._drop_previous(fn.transition)
                fn.transition = None
            with self.transaction() as db:
                db.execute("DELETE FROM functions WHERE name = ?", (name,))
                db.execute("DELETE FROM versions WHERE name = ?", (name,))
                db.execute("DELETE FROM event_configs WHERE name = ?", (name,))
                db.execute("DELETE FROM aliases WHERE name = ?", (name,))
                self.policies.drop(db, name)
            for code_hex in {v.code_hex for v in fn.versions.values()}:
                self.collect(code_hex)
            self.layers.purge()
        return fn

    def hold(self, code_hexes: list[str]) -> None:
        """Mark packages as used by a running invocation (see ``release``)."""
        with self.lock:
            self.busy.update(code_hexes)

    def release(self, code_hexes: list[str]) -> None:
        """An invocation ended: remove the packages that were kept only for it."""
        with self.lock:
            self.busy.subtract(code_hexes)
            for code_hex in set(code_hexes):
                if self.busy[code_hex] <= 0:
                    del self.busy[code_hex]
                    self.collect(code_hex)

    def collect(self, code_hex: str) -> None:
        """Remove a package no version of any function (nor any layer) uses any more,
        and no running invocation (an invocation in flight finishes on its code, as on
        Lambda, even after UpdateFunctionCode or DeleteFunction)."""
        if self.busy[code_hex] > 0:
            return
        in_use = any(v.code_hex == code_hex for f in self.functions.values()
                     for v in f.versions.values()) or self.layers.uses(code_hex)
        if not in_use:
            self.code.remove(code_hex)

    def set_reserved(self, name: str, value: int | None) -> None:
        fn = self.function(name)
        with self.lock:
            fn.reserved = value
            with self.transaction() as db:
                self._write_function(db, fn)

    def total_reserved(self, except_name: str | None = None) -> int:
        return sum(f.reserved or 0 for f in self.functions.values() if f.name != except_name)

    def set_tags(self, name: str, tags: dict[str, str]) -> None:
        fn = self.function(name)
        with self.lock:
            fn.tags = tags
            with self.transaction() as db:
                self._write_function(db, fn)

    def set_event_config(self, name: str, qualifier: str, config: dict[str, Any] | None) -> None:
        fn = self.function(name)
        with self.lock, self.transaction() as db:
            if config is None:
                fn.event_configs.pop(qualifier, None)
                db.execute("DELETE FROM event_configs WHERE name = ? AND qualifier = ?",
                           (name, qualifier))
            else:
                fn.event_configs[qualifier] = config
                db.execute("INSERT OR REPLACE INTO event_configs (name, qualifier, config)"
                           " VALUES (?, ?, ?)", (name, qualifier, json.dumps(config)))

    # -- aliases -----------------------------------------------------------------------

    def put_alias(self, name: str, alias: str, req: Mapping[str, Any], *, create: bool) -> dict[str, Any]:
        """Create an alias, or change the members of ``req`` an existing one has."""
        if create:
            self.version(name, req["FunctionVersion"])  # Function not found: ARN:VERSION
        fn = self.function(name)
        with self.lock:
            current = fn.aliases.get(alias)
            if create and current is not None:
                raise ResourceConflictException(f"Alias already exists: {self.arn(name, alias)}")
            if not create:
                if current is None:
                    raise ResourceNotFoundException(f"Alias not found: {self.arn(name, alias)}")
                revision = req.get("RevisionId")
                if revision and revision != current["RevisionId"]:
                    raise PreconditionFailedException()
            config = dict(current or {"AliasArn": self.arn(name, alias), "Name": alias,
                                      "Description": ""})
            for member in ("FunctionVersion", "Description"):
                if member in req:
                    config[member] = req[member]
            self.version(name, config["FunctionVersion"])
            if "RoutingConfig" in req or create:
                weights = aliases.routing(config["FunctionVersion"], req.get("RoutingConfig"))
            else:
                weights = aliases.routing(config["FunctionVersion"], config.get("RoutingConfig"))
            for extra in (weights or {}).get("AdditionalVersionWeights", {}):
                self.version(name, extra)
            config.pop("RoutingConfig", None)
            if weights:
                config["RoutingConfig"] = weights
            config["RevisionId"] = new_id()
            fn.aliases[alias] = config
            with self.transaction() as db:
                db.execute("INSERT OR REPLACE INTO aliases (name, alias, config) VALUES (?, ?, ?)",
                           (name, alias, json.dumps(config)))
        return config

    def delete_alias(self, name: str, alias: str) -> None:
        fn = self.function(name)
        with self.lock:
            if alias not in fn.aliases:
                raise ResourceNotFoundException(f"Alias not found: {self.arn(name, alias)}")
            del fn.aliases[alias]
            with self.transaction() as db:
                db.execute("DELETE FROM aliases WHERE name = ? AND alias = ?", (name, alias))
                self.policies.drop(db, name, alias)

    def code_dir(self, version: Version) -> Any:
        return self.code.ensure_unpacked(version.code_hex)


backends: Backends[LambdaBackend] = Backends(LambdaBackend)
