"""Reading a template body: JSON or YAML (with the short forms ``!Ref``, ``!Sub``,
``!GetAtt a.b``...) through cfn-lint's decoder, which keeps each node's line and column,
and the structural checks CloudFormation makes before anything else.

The decoded template is made of cfn-lint's ``dict_node``/``list_node``/``str_node``
(subclasses of dict, list and str carrying ``start_mark``), so a later error can say where:
``where(template, ["Resources", "Table", "Properties"])`` -> ``template.yaml:12:7
Resources.Table.Properties``.
"""

from __future__ import annotations

import contextlib
import datetime
import re
from collections.abc import Sequence
from typing import Any

from cloudlet.cloudformation.errors import TemplateError

SECTIONS = frozenset({"AWSTemplateFormatVersion", "Description", "Metadata", "Parameters",
                      "Rules", "Mappings", "Conditions", "Transform", "Resources", "Outputs",
                      "Hooks"})
SAM_TRANSFORM = "AWS::Serverless-2016-10-31"
RESOURCE_KEYS = frozenset({"Type", "Properties", "DependsOn", "Condition", "DeletionPolicy",
                           "UpdateReplacePolicy", "Metadata", "CreationPolicy", "UpdatePolicy",
                           "Version"})
_SOURCE_ATTR = "cloudlet_source"


def parse_template(body: str, source: str = "template") -> dict[str, Any]:
    """The template in ``body``, checked for the structure CloudFormation requires.

    Malformed text raises ``TemplateError("Template format error: ...")`` naming the
    source, line and column; so do an unknown top-level section, a missing Resources
    section and a resource without ``Type``.
    """
    # Imported here: cfn-lint's package takes most of a second to import, which a server
    # that never parses a template should not pay at start.
    from cfnlint.decode import decode_str

    text = body.strip()
    kind = "JSON" if text.startswith("{") else "YAML"
    template, matches = decode_str(body)
    if matches or template is None:
        first = matches[0] if matches else None
        if first is None:
            raise TemplateError(f"Template format error: {kind} not well-formed.")
        raise TemplateError(
            f"Template format error: {kind} not well-formed. ({source}:{first.linenumber}:"
            f"{first.columnnumber}: {first.message})")
    if not isinstance(template, dict):
        raise TemplateError("Template format error: unsupported structure.")
    with contextlib.suppress(AttributeError):  # a plain dict carries no source
        setattr(template, _SOURCE_ATTR, source)
    _dates_as_text(template)
    check_structure(template)
    return template


def _dates_as_text(node: Any) -> None:
    """YAML reads ``2010-09-09`` as a date; CloudFormation reads it as the text it is."""
    if isinstance(node, dict):
        items: list[tuple[Any, Any]] = list(node.items())
    elif isinstance(node, list):
        items = list(enumerate(node))
    else:
        return
    for key, value in items:
        if isinstance(value, datetime.date):
            node[key] = value.isoformat()
        else:
            _dates_as_text(value)


def check_structure(template: dict[str, Any]) -> None:
    """The checks CloudFormation makes on any template, parsed here or given as a dict."""
    if not isinstance(template, dict):
        raise TemplateError("Template format error: unsupported structure.")
    allowed = set(SECTIONS)
    if SAM_TRANSFORM in transforms(template):
        allowed.add("Globals")
    unknown = [key for key in template if key not in allowed]
    if unknown:
        raise TemplateError("Template format error: Invalid template property or properties "
                            f"[{', '.join(str(k) for k in unknown)}]")
    resources = template.get("Resources")
    if not resources:
        raise TemplateError("Template format error: At least one Resources member must be "
                            "defined.")
    if not isinstance(resources, dict):
        raise TemplateError("Template format error: Resources must be an object.")
    loops = "AWS::LanguageExtensions" in transforms(template)
    for logical_id, resource in resources.items():
        if loops and str(logical_id).startswith("Fn::ForEach::"):
            continue
        if not isinstance(resource, dict) or not isinstance(resource.get("Type"), str):
            raise TemplateError(f"Template format error: [/Resources/{logical_id}] Every "
                                "Resources object must contain a Type member.")
        bad = [key for key in resource if key not in RESOURCE_KEYS]
        if bad:
            raise TemplateError(f"Invalid template resource property '{bad[0]}'")
    for section in ("Parameters", "Mappings", "Conditions", "Outputs"):
        value = template.get(section)
        if value is not None and not isinstance(value, dict):
            raise TemplateError(f"Template format error: {section} must be an object.")
    _check_names_and_limits(template, loops)
    for key, output in (template.get("Outputs") or {}).items():
        if loops and str(key).startswith("Fn::ForEach::"):
            continue
        if not isinstance(output, dict) or "Value" not in output:
            raise TemplateError(f"Template format error: [/Outputs/{key}] Every Outputs "
                                "member must contain a Value object.")


# Section -> (the noun AWS's messages use, the most members a template may declare).
# https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
_LIMITS = {"Resources": ("resources", "Resource", 500), "Parameters": ("parameters", "Parameter", 200),
           "Outputs": ("outputs", "Output", 200), "Mappings": ("mappings", "Mapping", 200)}
_ALPHANUMERIC = re.compile(r"[A-Za-z0-9]+")


def _check_names_and_limits(template: dict[str, Any], loops: bool) -> None:
    """Logical names are alphanumeric; sections hold at most AWS's quota of members."""
    for section, (plural, singular, limit) in _LIMITS.items():
        members = template.get(section) or {}
        if len(members) > limit:
            raise TemplateError(f"Template format error: Number of {plural}, {len(members)}, "
                                f"is greater than maximum allowed, {limit}")
        if section == "Mappings":
            continue
        for name in members:
            if loops and str(name).startswith("Fn::ForEach::"):
                continue
            if not _ALPHANUMERIC.fullmatch(str(name)):
                raise TemplateError(f"Template format error: {singular} name {name} is non "
                                    "alphanumeric.")


def transforms(template: dict[str, Any]) -> list[str]:
    """The template's ``Transform`` as a list of names (macros given as objects by Name)."""
    value = template.get("Transform")
    items = value if isinstance(value, list) else [value] if value is not None else []
    names: list[str] = []
    for item in items:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict) and isinstance(item.get("Name"), str):
            names.append(item["Name"])
    return names


def where(template: Any, path: Sequence[str | int]) -> str:
    """``source:line:column path.to.key`` for the deepest node of ``path`` that carries a
    mark (``path.to.key`` alone when the template was not parsed from text)."""
    source = getattr(template, _SOURCE_ATTR, None)
    node: Any = template
    mark = None
    for step in path:
        try:
            if isinstance(node, dict):
                key = next((k for k in node if k == step), None)
                if key is None:
                    break
                mark = getattr(key, "start_mark", mark)
                node = node[key]
            elif isinstance(node, list) and isinstance(step, int) and step < len(node):
                node = node[step]
                mark = getattr(node, "start_mark", mark)
            else:
                break
        except (KeyError, IndexError, TypeError):
            break
    dotted = ".".join(str(p) for p in path)
    if source is None or mark is None:
        return dotted
    return f"{source}:{mark.line + 1}:{mark.column + 1} {dotted}"
