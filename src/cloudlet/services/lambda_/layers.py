"""Layers of one account and region: versions in SQLite, content in the code store.

https://docs.aws.amazon.com/lambda/latest/dg/chapter-layers.html
https://docs.aws.amazon.com/lambda/latest/api/API_PublishLayerVersion.html
- Each PublishLayerVersion makes an immutable version numbered from 1; numbers are never
  reused, also after DeleteLayerVersion.
- A function references at most 5 layer versions (``Layers``), each of which must exist
  in the function's region, at most one version per layer
  (https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html#lambda-CreateFunction-request-Layers).
- A deleted version can no longer be read or attached, but functions already using it
  keep running it (Lambda keeps a copy): its content stays until no function version
  references it.

At invoke the layers' unpacked trees are the runtime's ``FunctionSpec.layer_dirs``, in
the order of the function's ``Layers`` (mounted at ``/opt`` where the runtime can).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cloudlet.services.lambda_.arns import layer_arn, parse_layer
from cloudlet.services.lambda_.configuration import timestamp
from cloudlet.services.lambda_.errors import (
    InvalidParameterValueException,
    ResourceNotFoundException,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from cloudlet.services.lambda_.backend import LambdaBackend
    from cloudlet.services.lambda_.code import Package

MAX_LAYERS = 5
NOT_FOUND = "The resource you requested does not exist."

_SCHEMA = """
CREATE TABLE IF NOT EXISTS layers (name TEXT PRIMARY KEY, next_version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS layer_versions (
    name TEXT NOT NULL, version INTEGER NOT NULL, config TEXT NOT NULL, code TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (name, version));
"""

# Members of a layer version, as GetLayerVersion answers them (Content aside).
LISTED = ("LayerVersionArn", "Version", "Description", "CreatedDate", "CompatibleRuntimes",
          "LicenseInfo", "CompatibleArchitectures")


@dataclass(slots=True)
class LayerVersion:
    """``config``: the GetLayerVersion answer without ``Content.Location``."""

    config: dict[str, Any]
    code_hex: str
    deleted: bool = False

    @property
    def number(self) -> int:
        return int(self.config["Version"])


@dataclass(slots=True)
class Layer:
    name: str
    next_version: int = 1
    versions: dict[int, LayerVersion] = field(default_factory=dict)

    def live(self) -> list[LayerVersion]:
        """Versions not deleted, newest first."""
        return sorted((v for v in self.versions.values() if not v.deleted),
                      key=lambda v: v.number, reverse=True)


class LayerStore:
    def __init__(self, backend: LambdaBackend) -> None:
        self.backend = backend
        self.layers: dict[str, Layer] = {}
        backend.conn.executescript(_SCHEMA)

    def load(self) -> None:
        conn = self.backend.conn
        for name, next_version in conn.execute("SELECT name, next_version FROM layers"):
            self.layers[name] = Layer(name, next_version)
        for name, version, config, code, deleted in conn.execute(
                "SELECT name, version, config, code, deleted FROM layer_versions"):
            if name in self.layers:
                self.layers[name].versions[version] = LayerVersion(json.loads(config), code,
                                                                   bool(deleted))

    def arn(self, name: str, version: int | None = None) -> str:
        return layer_arn(self.backend.region, self.backend.account, name, version)

    # -- reading -----------------------------------------------------------------------

    def name_of(self, value: str) -> str | None:
        """The layer a LayerName (name or ARN) means here; None for another account or
        region (no layer of theirs is visible)."""
        ref = parse_layer(value)
        if (ref.account and ref.account != self.backend.account) or (
                ref.region and ref.region != self.backend.region):
            return None
        return ref.name

    def _find(self, value: str, version: int) -> LayerVersion | None:
        """A version that was not deleted, or None."""
        if version < 1:
            raise InvalidParameterValueException("Layer Version Cannot be less than 1")
        name = self.name_of(value)
        layer = self.layers.get(name) if name else None
        found = layer.versions.get(version) if layer else None
        return None if found is None or found.deleted else found

    def get(self, value: str, version: int) -> LayerVersion:
        """A version that was not deleted; ResourceNotFoundException otherwise."""
        found = self._find(value, version)
        if found is None:
            raise ResourceNotFoundException(NOT_FOUND)
        return found

    def versions(self, value: str, runtime: str | None, architecture: str | None) -> list[LayerVersion]:
        """A layer's versions matching the filters, newest first (none for an unknown layer)."""
        name = self.name_of(value)
        layer = self.layers.get(name) if name else None
        if layer is None:
            return []
        return [v for v in layer.live() if matches(v.config, runtime, architecture)]

    def latest(self, runtime: str | None, architecture: str | None) -> list[tuple[Layer, LayerVersion]]:
        """Each layer with its newest version matching the filters, by name."""
        found = []
        for name in sorted(self.layers):
            layer = self.layers[name]
            matching = [v for v in layer.live() if matches(v.config, runtime, architecture)]
            if matching:
                found.append((layer, matching[0]))
        return found

    def uses(self, code_hex: str) -> bool:
        return any(v.code_hex == code_hex for layer in self.layers.values()
                   for v in layer.versions.values())

    # -- changes -----------------------------------------------------------------------

    def publish(self, value: str, req: Mapping[str, Any], package: Package) -> LayerVersion:
        name = self.name_of(value)
        if name is None:
            raise ResourceNotFoundException(NOT_FOUND)
        backend = self.backend
        with backend.lock:
            layer = self.layers.get(name) or Layer(name)
            number = layer.next_version
            config: dict[str, Any] = {
                "Content": {"CodeSha256": package.sha256, "CodeSize": package.size},
                "LayerArn": self.arn(name),
                "LayerVersionArn": self.arn(name, number),
                "Description": req.get("Description", ""),
                "CreatedDate": timestamp(backend.state.clock.now()),
                "Version": number,
            }
            # Given, even empty, they are answered ([] recorded in LocalStack's
            # test_lambda_api.snapshot.json, test_layer_exceptions).
            for member in ("CompatibleRuntimes", "CompatibleArchitectures"):
                if member in req:
                    config[member] = list(req[member] or [])
            if req.get("LicenseInfo"):
                config["LicenseInfo"] = req["LicenseInfo"]
            backend.code.save(package)
            version = LayerVersion(config, package.sha_hex)
            layer.versions[number] = version
            layer.next_version = number + 1
            self.layers[name] = layer
            with backend.transaction() as db:
                db.execute("INSERT OR REPLACE INTO layers (name, next_version) VALUES (?, ?)",
                           (name, layer.next_version))
                db.execute("INSERT INTO layer_versions (name, version, config, code) VALUES (?, ?, ?, ?)",
                           (name, number, json.dumps(config), package.sha_hex))
        return version

    def delete(self, value: str, version: int) -> None:
        """Hide a version (idempotent); its content goes once no function uses it."""
        found = self._find(value, version)
        if found is None:
            return
        name = self.name_of(value)
        with self.backend.lock:
            found.deleted = True
            with self.backend.transaction() as db:
                db.execute("UPDATE layer_versions SET deleted = 1 WHERE name = ? AND version = ?",
                           (name, version))
            self.purge()

    def purge(self) -> None:
        """Drop deleted versions no function version references any more."""
        referenced = {layer["Arn"] for fn in self.backend.functions.values()
                      for v in fn.kept() for layer in v.config.get("Layers", [])}
        gone = [(layer, v) for layer in self.layers.values() for v in layer.versions.values()
                if v.deleted and v.config["LayerVersionArn"] not in referenced]
        if not gone:
            return
        with self.backend.lock:
            with self.backend.transaction() as db:
                for layer, v in gone:
                    del layer.versions[v.number]
                    db.execute("DELETE FROM layer_versions WHERE name = ? AND version = ?",
                               (layer.name, v.number))
            for _, v in gone:
                self.backend.collect(v.code_hex)

    # -- functions' layers ---------------------------------------------------------------

    def attach(self, arns: list[str]) -> list[dict[str, Any]]:
        """A function's ``Layers`` member ([{Arn, CodeSize}]) for the versions it names.

        https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html#lambda-CreateFunction-request-Layers
        """
        if len(arns) > MAX_LAYERS:
            raise InvalidParameterValueException(f"Cannot reference more than {MAX_LAYERS} layers.")
        seen: dict[str, str] = {}
        out = []
        for arn in arns:
            ref = parse_layer(arn)
            if ref.region and ref.region != self.backend.region:
                raise InvalidParameterValueException(
                    "Layers are not in the same region as the function. "
                    f"Layers are expected to be in region {self.backend.region}.")
            layer = self.layers.get(ref.name) if ref.account == self.backend.account else None
            found = layer.versions.get(ref.version or 0) if layer else None
            if found is None or found.deleted:
                raise InvalidParameterValueException(f"Layer version {arn} does not exist.")
            unversioned = arn.rsplit(":", 1)[0]
            if unversioned in seen:
                raise InvalidParameterValueException(
                    "Two different versions of the same layer are not allowed to be referenced "
                    f"in the same function. {seen[unversioned]} and {arn} are versions of the "
                    "same layer.")
            seen[unversioned] = arn
            out.append({"Arn": arn, "CodeSize": found.config["Content"]["CodeSize"]})
        return out

    def packages(self, config: Mapping[str, Any]) -> list[str]:
        """The packages (content hashes) of a function version's layers, in its order
        (deleted versions included: the function keeps them)."""
        found = []
        for attached in config.get("Layers", []):
            ref = parse_layer(attached["Arn"])
            found.append(self.layers[ref.name].versions[ref.version or 0].code_hex)
        return found

    def dirs(self, config: Mapping[str, Any]) -> tuple[Path, ...]:
        """The unpacked trees of a function version's layers, in its order."""
        return tuple(self.backend.code.ensure_unpacked(h) for h in self.packages(config))


def matches(config: Mapping[str, Any], runtime: str | None, architecture: str | None) -> bool:
    """Whether a layer version declares the runtime and architecture asked for."""
    if runtime and runtime not in config.get("CompatibleRuntimes", []):
        return False
    return not architecture or architecture in config.get("CompatibleArchitectures", [])
