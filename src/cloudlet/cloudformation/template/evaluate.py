"""One stack operation's view of its template: parameters resolved, ForEach expanded,
conditions decided, resources declared with their dependencies, all checked before the
engine creates anything.

``evaluate()`` raises ``TemplateError`` for everything CloudFormation rejects up front
(bad parameters, unresolved references, circular dependencies, unknown conditions);
``Evaluated.resolve`` evaluates a resource's properties once the resources it needs exist.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import replace
from typing import Any

from cloudlet.cloudformation.errors import TemplateError
from cloudlet.cloudformation.template import foreach
from cloudlet.cloudformation.template.conditions import Conditions
from cloudlet.cloudformation.template.intrinsics import NO_VALUE, Resolver
from cloudlet.cloudformation.template.model import (
    PSEUDO_NAMES,
    Lookup,
    Pseudo,
    ResourceDecl,
    SsmLookup,
)
from cloudlet.cloudformation.template.parameters import resolve_parameters, scalar
from cloudlet.cloudformation.template.parse import check_structure, transforms
from cloudlet.cloudformation.template.references import (
    check_references,
    referenced_names,
    topological_order,
)
from cloudlet.cloudformation.template.rules import check_rules

LANGUAGE_EXTENSIONS = "AWS::LanguageExtensions"
KNOWN_TRANSFORMS = frozenset({LANGUAGE_EXTENSIONS, "AWS::Serverless-2016-10-31"})
POLICIES = frozenset({"Delete", "Retain", "Snapshot", "RetainExceptOnCreate"})


class Evaluated:
    """The evaluated template of one stack operation (see the module docstring)."""

    def __init__(self, *, parameters: dict[str, Any], described: list[dict[str, Any]],
                 conditions: dict[str, bool], resources: dict[str, ResourceDecl],
                 outputs_decl: dict[str, Any], resolver: Resolver,
                 template: dict[str, Any]) -> None:
        self.parameters = parameters
        self.described_parameters = described
        self.conditions = conditions
        self.resources = resources
        self.outputs_decl = outputs_decl
        self.template = template
        self._resolver = replace(resolver, conditions=self._condition,
                                 resources=frozenset(resources))

    def _condition(self, name: str) -> bool:
        if name not in self.conditions:
            raise TemplateError(f"Template error: unresolved condition dependency {name} in "
                                "Fn::If")
        return self.conditions[name]

    def resolve(self, value: Any, lookup: Lookup) -> Any:
        """``value`` with its intrinsics evaluated against ``lookup``; a top-level
        ``AWS::NoValue`` resolves to ``None``."""
        resolved = replace(self._resolver, lookup=lookup).resolve(value)
        return None if resolved is NO_VALUE else resolved

    def outputs(self, lookup: Lookup) -> list[dict[str, Any]]:
        """DescribeStacks' Outputs: OutputKey, OutputValue (a string), Description,
        ExportName, for the outputs whose Condition holds."""
        resolver = replace(self._resolver, lookup=lookup, block="Outputs")
        out: list[dict[str, Any]] = []
        for key, decl in self.outputs_decl.items():
            value = resolver.resolve(decl["Value"])
            entry: dict[str, Any] = {"OutputKey": key, "OutputValue": output_string(value)}
            if "Description" in decl:
                entry["Description"] = output_string(resolver.resolve(decl["Description"]))
            export = decl.get("Export")
            if isinstance(export, dict) and "Name" in export:
                entry["ExportName"] = output_string(resolver.resolve(export["Name"]))
            out.append(entry)
        return out

    def order(self) -> list[str]:
        """The resources in an order that puts every dependency first."""
        return topological_order({k: r.depends_on for k, r in self.resources.items()})


def output_string(value: Any) -> str:
    """An output's value as DescribeStacks shows it (lists comma-joined)."""
    if value is NO_VALUE or value is None:
        return ""
    if isinstance(value, list):
        return ",".join(output_string(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, separators=(",", ":"))
    return scalar(value)


async def evaluate(template: dict[str, Any], parameters: dict[str, str], pseudo: Pseudo, *,
                   ssm: SsmLookup | None = None, previous: dict[str, str] | None = None,
                   use_previous: Collection[str] = ()) -> Evaluated:
    """Evaluate ``template`` for one stack operation (see the module docstring)."""
    check_structure(template)
    names = transforms(template)
    unknown = [name for name in names if name not in KNOWN_TRANSFORMS]
    if unknown:
        raise TemplateError(f"not supported: Transform {unknown[0]} (template macros)")
    extensions = LANGUAGE_EXTENSIONS in names
    resolved = await resolve_parameters(template, parameters, ssm=ssm, previous=previous,
                                        use_previous=use_previous)
    mappings = template.get("Mappings") or {}
    base = Resolver(resolved.values, pseudo, mappings, extensions=extensions)
    check_rules(template, base)
    if extensions:
        template = _expand_loops(template, base)
        check_structure(template)  # what the loops generated
    _check_mappings(mappings)
    conditions = Conditions(dict(template.get("Conditions") or {}), base)
    for decl in conditions.declared.values():
        bad = [ref for ref in referenced_names(decl)
               if ref not in PSEUDO_NAMES and ref not in resolved.values]
        if bad:
            raise TemplateError(f"Template format error: Unresolved dependencies "
                                f"[{', '.join(bad)}]. Cannot reference resources in the "
                                "Conditions block of the template")
    condition_values = conditions.evaluate_all()
    resources = _declare_resources(template, condition_values, replace(
        base, conditions=conditions.get), set(resolved.values))
    outputs = _declare_outputs(template, condition_values, set(resources) |
                               set(resolved.values))
    evaluated = Evaluated(parameters=resolved.values, described=resolved.described,
                          conditions=condition_values, resources=resources,
                          outputs_decl=outputs, resolver=base, template=template)
    evaluated.order()  # circular dependencies fail here, before anything is created
    return evaluated


def _expand_loops(template: dict[str, Any], resolver: Resolver) -> dict[str, Any]:
    """A copy of ``template`` with ForEach loops expanded in the sections that allow them."""
    expanded = dict(template)
    for section in ("Conditions", "Resources", "Outputs"):
        if section in template:
            expanded[section] = foreach.expand(template[section], resolver.resolve)
    return expanded


def _check_mappings(mappings: Any) -> None:
    for name, mapping in mappings.items():
        if not isinstance(mapping, dict) or not all(isinstance(v, dict)
                                                     for v in mapping.values()):
            raise TemplateError(f"Template format error: Every Mappings member {name} must "
                                "be a map")


def _condition_of(decl: dict[str, Any], values: dict[str, bool], block: str) -> str | None:
    condition = decl.get("Condition")
    if condition is None:
        return None
    if not isinstance(condition, str) or condition not in values:
        raise TemplateError(f"Template format error: Unresolved condition dependencies "
                            f"[{condition}] in the {block} block of the template")
    return condition


def _declare_resources(template: dict[str, Any], conditions: dict[str, bool],
                       resolver: Resolver, parameter_names: set[str]) -> dict[str, ResourceDecl]:
    declared = template["Resources"]
    active: dict[str, dict[str, Any]] = {}
    for logical_id, decl in declared.items():
        condition = _condition_of(decl, conditions, "Resources")
        if condition is None or conditions[condition]:
            active[str(logical_id)] = decl
    known = set(active) | parameter_names | PSEUDO_NAMES
    out: dict[str, ResourceDecl] = {}
    for logical_id, decl in active.items():
        properties = decl.get("Properties") or {}
        if not isinstance(properties, dict):
            raise TemplateError(f"Template format error: [/Resources/{logical_id}/Properties] "
                                "Properties must be an object")
        names = referenced_names(properties, resolver.conditions)
        check_references(names, known, "Resources")
        explicit = decl.get("DependsOn", [])
        explicit = [explicit] if isinstance(explicit, str) else list(explicit)
        check_references(explicit, active, "Resources")
        depends = {n for n in names if n in active} | {str(n) for n in explicit}
        out[logical_id] = ResourceDecl(
            logical_id=logical_id, type_name=str(decl["Type"]), properties=properties,
            depends_on=depends,
            condition=decl.get("Condition"),
            deletion_policy=_policy(decl, "DeletionPolicy", resolver, logical_id),
            update_replace_policy=_policy(decl, "UpdateReplacePolicy", resolver, logical_id),
            metadata=decl.get("Metadata"), creation_policy=decl.get("CreationPolicy"),
            update_policy=decl.get("UpdatePolicy"))
    return out


def _policy(decl: dict[str, Any], key: str, resolver: Resolver, logical_id: str) -> str:
    value = decl.get(key, "Delete")
    if not isinstance(value, str) and resolver.extensions:
        value = resolver.resolve(value)
    if value not in POLICIES:
        raise TemplateError(f"Template format error: Unrecognized {key} {value} for resource "
                            f"{logical_id}")
    return str(value)


def _declare_outputs(template: dict[str, Any], conditions: dict[str, bool],
                     known: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, decl in (template.get("Outputs") or {}).items():
        condition = _condition_of(decl, conditions, "Outputs")
        if condition is not None and not conditions[condition]:
            continue
        check_references(referenced_names(decl, lambda name: _known(conditions, name)),
                         known | PSEUDO_NAMES, "Outputs")
        out[str(key)] = decl
    return out


def _known(conditions: dict[str, bool], name: str) -> bool:
    if name not in conditions:
        raise TemplateError(f"Template error: unresolved condition dependency {name} in Fn::If")
    return conditions[name]
