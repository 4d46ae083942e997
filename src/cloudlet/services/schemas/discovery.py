"""A schema inferred from example events (GetDiscoveredSchema).

https://docs.aws.amazon.com/eventbridge/latest/APIReference/v1-discover.html
- OpenApi3: ``{"openapi": "3.0.0", "info": {"version": "1.0.0", "title": "Event"},
  "paths": {}, "components": {"schemas": {"Event": {...}}}}``, the form the Lambda
  console and the SAM CLI start a shareable test event's schema from;
- JSONSchemaDraft4: ``{"$schema": "http://json-schema.org/draft-04/schema#", "title":
  "Event", "definitions": {...}, ...Event's schema}``.
- An object is ``{"type": "object", "required": [...], "properties": {...}}``; a nested
  object becomes a schema of its own, named after its key (``detail`` -> ``Detail``, a
  clash prefixed with its parent's name), and referenced with ``$ref``; an array's
  ``items`` is the merged schema of its elements; strings, booleans and numbers are
  ``string``, ``boolean`` and ``number`` (a fraction adds ``"format": "double"``); null
  is ``{}`` (any type) and never required.
- Several events are merged: the properties of all, required only the ones every event
  has; where their types differ the first event's wins.

LIMITATIONS: EventBridge-shaped events (``detail-type``, ``source``, ``detail``) are not
named ``AWSEvent`` with ``x-amazon-events-*`` annotations as AWS names them; formats such
as ``date-time`` are not inferred.
"""

from __future__ import annotations

import json
from typing import Any

from cloudlet.services.schemas.errors import BadRequestException

_DRAFT4 = "http://json-schema.org/draft-04/schema#"


class _Namer:
    def __init__(self) -> None:
        self.schemas: dict[str, dict[str, Any]] = {}

    def name_for(self, key: str, parent: str) -> str:
        base = "".join(part[:1].upper() + part[1:] for part in
                       key.replace("-", "_").replace(" ", "_").split("_") if part) or "Item"
        name = base if base not in self.schemas else f"{parent}{base}"
        while name in self.schemas:
            name += "_"
        return name


def _merge(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    if old.get("type") != new.get("type"):
        return old if old else new
    if old.get("type") == "object" and "properties" in old:
        props = {**new.get("properties", {}), **old.get("properties", {})}
        for key in set(old.get("properties", {})) & set(new.get("properties", {})):
            props[key] = _merge(old["properties"][key], new["properties"][key])
        required = [k for k in old.get("required", []) if k in new.get("required", [])]
        out: dict[str, Any] = {"type": "object"}
        if required:
            out["required"] = sorted(required)
        out["properties"] = dict(sorted(props.items()))
        return out
    if old.get("type") == "array":
        return {"type": "array", "items": _merge(old.get("items", {}), new.get("items", {}))}
    return old


def _infer(value: Any, name: str, namer: _Namer, ref: str) -> dict[str, Any]:
    """The schema of ``value`` (objects go to ``namer`` under ``name``, and a ``$ref``)."""
    if isinstance(value, bool):
        return {"type": "boolean"}
    if isinstance(value, int):
        return {"type": "number"}
    if isinstance(value, float):
        return {"type": "number", "format": "double"}
    if isinstance(value, str):
        return {"type": "string"}
    if isinstance(value, list):
        items: dict[str, Any] = {}
        for element in value:
            items = _merge(items, _infer(element, f"{name}Item", namer, ref)) if items \
                else _infer(element, f"{name}Item", namer, ref)
        return {"type": "array", "items": items}
    if isinstance(value, dict):
        properties: dict[str, Any] = {}
        for key in sorted(value):
            child = value[key]
            child_name = namer.name_for(key, name) if isinstance(child, dict) else key
            properties[key] = _infer(child, child_name, namer, ref)
        schema: dict[str, Any] = {"type": "object"}
        required = sorted(k for k, v in value.items() if v is not None)
        if required:
            schema["required"] = required
        schema["properties"] = properties
        _store(namer, name, schema)
        return {"$ref": f"{ref}{name}"}
    return {}


def _store(namer: _Namer, name: str, schema: dict[str, Any]) -> None:
    namer.schemas[name] = _merge(namer.schemas[name], schema) if name in namer.schemas \
        else schema


def discover(events: list[str], schema_type: str) -> str:
    """The schema document (JSON text) of ``events``; BadRequestException for bad JSON."""
    namer = _Namer()
    ref = "#/components/schemas/" if schema_type == "OpenApi3" else "#/definitions/"
    root: dict[str, Any] = {}
    for text in events:
        try:
            event = json.loads(text)
        except ValueError:
            raise BadRequestException("Event is not a valid JSON.") from None
        found = _infer(event, "Event", namer, ref)
        if "$ref" not in found:
            root = _merge(root, found) if root else found
    if root:
        namer.schemas["Event"] = root
    schemas = {"Event": namer.schemas.pop("Event"), **namer.schemas}
    if schema_type == "OpenApi3":
        doc: dict[str, Any] = {"openapi": "3.0.0",
                               "info": {"version": "1.0.0", "title": "Event"},
                               "paths": {}, "components": {"schemas": schemas}}
    else:
        event_schema = schemas.pop("Event")
        doc = {"$schema": _DRAFT4, "title": "Event", **event_schema}
        if schemas:
            doc["definitions"] = schemas
    return json.dumps(doc)
