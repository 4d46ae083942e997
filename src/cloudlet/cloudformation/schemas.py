"""Resource type schemas, as CloudFormation publishes them (the copy cfn-lint ships).

Used to tell a type CloudFormation knows from one it does not, to check a resource's
top-level property names and required properties with AWS's messages, and to know which
properties replace the resource when they change (``createOnlyProperties``). Loaded
lazily, one file per type, and cached.
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any


@cache
def _schemas() -> Path:
    """cfn-lint's schema folder, found without importing cfn-lint (which is slow)."""
    spec = importlib.util.find_spec("cfnlint")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("cfn-lint is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "schemas"


@dataclass(frozen=True, slots=True)
class TypeSchema:
    type_name: str
    properties: frozenset[str]
    required: frozenset[str]
    create_only: frozenset[str]
    read_only: frozenset[str]


def is_custom(type_name: str) -> bool:
    """Custom resources take any properties (``Custom::*`` and CustomResource)."""
    return type_name.startswith("Custom::") or type_name == "AWS::CloudFormation::CustomResource"


@cache
def _index() -> dict[str, str]:
    found: dict[str, str] = json.loads(
        (_schemas() / "providers" / "us-east-1.json").read_text(encoding="utf-8"))
    return found


def _top_names(pointers: list[str] | None) -> frozenset[str]:
    """``/properties/A/B`` pointers -> their top-level property names ``A``."""
    return frozenset(p.split("/")[2] for p in pointers or [] if p.startswith("/properties/"))


@cache
def document(type_name: str) -> dict[str, Any] | None:
    """The type's schema document as published; None for a type CloudFormation does not
    know."""
    digest = _index().get(type_name)
    if digest is None:
        return None
    doc: dict[str, Any] = json.loads(
        (_schemas() / "resources" / f"{digest}.json").read_text(encoding="utf-8"))
    return doc


@cache
def schema(type_name: str) -> TypeSchema | None:
    """The type's schema; None for a type CloudFormation does not know."""
    doc = document(type_name)
    if doc is None:
        return None
    return TypeSchema(type_name, frozenset(doc.get("properties", {})),
                      frozenset(doc.get("required", [])),
                      _top_names(doc.get("createOnlyProperties")),
                      _top_names(doc.get("readOnlyProperties")))


def known(type_name: str) -> bool:
    return is_custom(type_name) or schema(type_name) is not None


def property_errors(type_name: str, logical_id: str, properties: dict[str, Any]) -> str | None:
    """AWS's reason a resource's resolved properties are refused, or None."""
    found = None if is_custom(type_name) else schema(type_name)
    if found is None:
        return None
    for name in properties:
        if name not in found.properties:
            return f"Encountered unsupported property {name}"
    missing = sorted(found.required - set(properties))
    if missing:
        keys = ", ".join(f"#: required key [{m}] not found" for m in missing)
        return f"Properties validation failed for resource {logical_id} with message: [{keys}]"
    return None
