"""What an update would do, as a change set's ``Changes`` list.

Each resource of the new template is resolved against the stack as it is (its current
physical ids and attributes) and compared with what was applied: ``Add`` for a new one,
``Remove`` for one no longer declared, ``Modify`` for changed properties, with
``Replacement`` ``True`` (a create-only property or the type changed, or the provider
cannot update), ``False``, or ``Conditional`` (a value depends on a resource that this
update replaces or adds, so it is not known yet), and one ``Details`` entry per changed
top-level property.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.cloudformation.coercion import coerce_properties
from cloudlet.cloudformation.lookup import StackLookup
from cloudlet.cloudformation.schemas import schema

if TYPE_CHECKING:
    from cloudlet.cloudformation.providers.base import Provider
    from cloudlet.cloudformation.records import ResourceRecord
    from cloudlet.cloudformation.template import Evaluated

_UNKNOWN = object()


def _replaces(provider: Provider | None, type_name: str) -> frozenset[str]:
    found = schema(type_name)
    return (found.create_only if found else frozenset()) | (
        provider.replaces if provider else frozenset())


def _change(action: str, logical_id: str, type_name: str, physical_id: str | None = None,
            **extra: Any) -> dict[str, Any]:
    change: dict[str, Any] = {"Action": action, "LogicalResourceId": logical_id,
                              "ResourceType": type_name, **extra}
    if physical_id:
        change["PhysicalResourceId"] = physical_id
    if action != "Remove":
        change.setdefault("Scope", [])
        change.setdefault("Details", [])
    return {"Type": "Resource", "ResourceChange": change}


def plan(evaluated: Evaluated, current: dict[str, ResourceRecord],
         providers: dict[str, Provider], exports: dict[str, str]) -> list[dict[str, Any]]:
    """The Changes of applying ``evaluated`` to a stack whose resources are ``current``."""
    lookup = StackLookup(current, exports.get)
    changes: list[dict[str, Any]] = []
    unsettled: set[str] = set()
    for logical_id in evaluated.order():
        decl = evaluated.resources[logical_id]
        old = current.get(logical_id)
        if old is None or not old.exists:
            unsettled.add(logical_id)
            changes.append(_change("Add", logical_id, decl.type_name))
            continue
        conditional = bool(decl.depends_on & unsettled)
        try:
            props = coerce_properties(decl.type_name,
                                      dict(evaluated.resolve(decl.properties, lookup) or {}))
        except Exception:
            props, conditional = {}, True
        if not conditional and old.type_name == decl.type_name and props == old.properties:
            continue
        provider = providers.get(decl.type_name)
        names = sorted(set(props) | set(old.properties)) if not conditional else \
            sorted(set(decl.properties) | set(old.properties))
        changed = [n for n in names if conditional or props.get(n, _UNKNOWN)
                   != old.properties.get(n, _UNKNOWN)]
        create_only = _replaces(provider, decl.type_name)
        replace = (old.type_name != decl.type_name or provider is None
                   or not provider.can_update()
                   or any(n in create_only for n in changed if not conditional))
        if conditional and not replace:
            replacement = "Conditional" if any(n in create_only for n in changed) else "False"
        else:
            replacement = "True" if replace else "False"
        if replacement != "False":
            unsettled.add(logical_id)
        details = [{"Target": {"Attribute": "Properties", "Name": n,
                               "RequiresRecreation": "Always" if n in create_only else "Never"},
                    "Evaluation": "Dynamic" if conditional else "Static",
                    "ChangeSource": "DirectModification"} for n in changed]
        changes.append(_change("Modify", logical_id, decl.type_name, old.physical_id,
                               Replacement=replacement, Scope=["Properties"] if changed else [],
                               Details=details))
    for logical_id, old in current.items():
        if logical_id not in evaluated.resources and old.exists:
            changes.append(_change("Remove", logical_id, old.type_name, old.physical_id))
    return changes
