"""Property values converted to the types a resource's schema declares, as CloudFormation
does before it calls a resource handler.

On AWS ``MemorySize: !Ref MemParam`` (a String parameter), ``Timeout: "10"`` in YAML or
``Enabled: "true"`` all work: the value is converted to the schema's integer or boolean.
A number or boolean where the schema declares a string becomes its text. Values that do
not convert are left as they are, for the service to refuse with its own message.
"""

from __future__ import annotations

from typing import Any

from cloudlet.cloudformation.schemas import document, is_custom

_BOOLEANS = {"true": True, "false": False}


def coerce_properties(type_name: str, properties: dict[str, Any]) -> dict[str, Any]:
    """``properties`` with each value converted to its schema type where it can be."""
    doc = None if is_custom(type_name) else document(type_name)
    if doc is None:
        return properties
    converted: dict[str, Any] = _coerce(doc, {"properties": doc.get("properties", {})},
                                        properties)
    return converted


def _definition(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/definitions/"):
        node = root.get("definitions", {}).get(node["$ref"].rsplit("/", 1)[-1], {})
    return node


def _kinds(node: dict[str, Any]) -> set[str]:
    declared = node.get("type")
    if isinstance(declared, list):
        return set(declared)
    return {declared} if isinstance(declared, str) else set()


def _from_text(kinds: set[str], value: str) -> Any:
    if "string" in kinds:
        return value
    try:
        if "integer" in kinds:
            return int(value)
        if "number" in kinds:
            number = float(value)
            return int(number) if number.is_integer() else number
    except ValueError:
        return value
    if "boolean" in kinds:
        return _BOOLEANS.get(value.lower(), value)
    return value


def _coerce(root: dict[str, Any], node: dict[str, Any], value: Any) -> Any:
    node = _definition(root, node)
    kinds = _kinds(node)
    if isinstance(value, str):
        return _from_text(kinds, value)
    if isinstance(value, bool | int | float) and kinds == {"string"}:
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)
    if isinstance(value, list):
        items = node.get("items", {})
        return [_coerce(root, items, v) for v in value] if isinstance(items, dict) else value
    if isinstance(value, dict):
        members = node.get("properties", {})
        extra = node.get("additionalProperties")
        if not isinstance(extra, dict) and node.get("patternProperties"):
            extra = next(iter(node["patternProperties"].values()))
        fallback = extra if isinstance(extra, dict) else {}
        return {k: _coerce(root, members.get(k, fallback), v) for k, v in value.items()}
    return value
