"""Drift detection: a stack resource's applied properties against what its service says.

https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-drift.html
- A provider with ``read`` (``providers/base``) reads the resource's actual properties
  through its service's API; only the properties the template set (and the provider can
  read) are compared, as CloudFormation compares only what the template defines.
- A resource is ``IN_SYNC``, ``MODIFIED`` (with its ``PropertyDifferences``: the JSON
  pointer ``PropertyPath``, ``ExpectedValue``/``ActualValue`` as text, ``NOT_EQUAL``, or
  ``ADD``/``REMOVE`` for a member or list item only one side has) or ``DELETED``; a type
  without ``read`` is ``NOT_CHECKED``, one whose read failed ``UNKNOWN``.
- Values are compared as CloudFormation's typed properties are: ``5`` and ``"5"``,
  ``true`` and ``"true"`` are equal; JSON text equals the object it encodes.
- The results are kept in the stack record (``StackRecord.drift``): the last detection's
  id, status and one result per logical id checked.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from cloudlet.cloudformation.providers.base import ResourceContext
from cloudlet.cloudformation.records import json_text
from cloudlet.cloudformation.run import principal_of
from cloudlet.server.errors import ServiceError

if TYPE_CHECKING:
    from cloudlet.cloudformation.engine import Engine
    from cloudlet.cloudformation.records import ResourceRecord, StackRecord

DRIFTED = ("MODIFIED", "DELETED")


def _scalar(value: Any) -> str:
    """A scalar as CloudFormation's property text: ``true``, ``5``, ``1.5``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _parsed(value: Any, other: Any) -> Any:
    """``value``, decoded when it is JSON text and ``other`` is an object or a list."""
    if isinstance(value, str) and isinstance(other, dict | list):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, dict | list):
        return json_text(value)
    return _scalar(value)


def _difference(path: str, expected: Any, actual: Any, kind: str) -> dict[str, str]:
    return {"PropertyPath": path, "ExpectedValue": _text(expected),
            "ActualValue": _text(actual), "DifferenceType": kind}


def differences(expected: Any, actual: Any, path: str = "") -> list[dict[str, str]]:
    """The PropertyDifferences between two property values (objects member by member,
    lists item by item)."""
    expected, actual = _parsed(expected, actual), _parsed(actual, expected)
    if isinstance(expected, dict) and isinstance(actual, dict):
        out: list[dict[str, str]] = []
        for key, value in expected.items():
            if key not in actual:
                out.append(_difference(f"{path}/{key}", value, None, "REMOVE"))
            else:
                out.extend(differences(value, actual[key], f"{path}/{key}"))
        out.extend(_difference(f"{path}/{key}", None, value, "ADD")
                   for key, value in actual.items() if key not in expected)
        return out
    if isinstance(expected, list) and isinstance(actual, list):
        out = []
        for index in range(max(len(expected), len(actual))):
            here = f"{path}/{index}"
            if index >= len(actual):
                out.append(_difference(here, expected[index], None, "REMOVE"))
            elif index >= len(expected):
                out.append(_difference(here, None, actual[index], "ADD"))
            else:
                out.extend(differences(expected[index], actual[index], here))
        return out
    if isinstance(expected, dict | list) or isinstance(actual, dict | list) or \
            _scalar(expected) != _scalar(actual):
        return [_difference(path, expected, actual, "NOT_EQUAL")]
    return []


def _context(engine: Engine, stack: StackRecord, record: ResourceRecord) -> ResourceContext:
    return ResourceContext(
        state=engine.state, principal=principal_of(stack), account=stack.account,
        region=stack.region, stack_name=stack.name, stack_id=stack.stack_id,
        logical_id=record.logical_id, type_name=record.type_name,
        properties=dict(record.properties), physical_id=record.physical_id,
        attributes=dict(record.attributes), stack_tags=stack.tag_map, engine=engine)


async def check(engine: Engine, stack: StackRecord, record: ResourceRecord,
                now: float) -> dict[str, Any]:
    """One resource's StackResourceDrift, read now through its provider."""
    out: dict[str, Any] = {"StackId": stack.stack_id, "LogicalResourceId": record.logical_id,
                           "PhysicalResourceId": record.physical_id,
                           "ResourceType": record.type_name, "Timestamp": now}
    provider = engine.providers().get(record.type_name)
    if provider is None or not provider.can_read() or record.physical_id is None:
        return {**out, "StackResourceDriftStatus": "NOT_CHECKED"}
    expected = {k: v for k, v in record.properties.items()
                if k in provider.readable and v is not None}
    out["ExpectedProperties"] = json_text(expected)
    try:
        found = await provider.read(_context(engine, stack, record), record.physical_id)
    except ServiceError as error:
        return {**out, "StackResourceDriftStatus": "UNKNOWN",
                "DriftStatusReason": error.message or error.error_code}
    if found is None:
        return {**out, "StackResourceDriftStatus": "DELETED", "PropertyDifferences": []}
    actual = {k: found[k] for k in expected if k in found}
    diffs = [d for key, value in expected.items()
             for d in (differences(value, actual[key], f"/{key}") if key in actual
                       else [_difference(f"/{key}", value, None, "REMOVE")])]
    return {**out, "ActualProperties": json_text(actual), "PropertyDifferences": diffs,
            "StackResourceDriftStatus": "MODIFIED" if diffs else "IN_SYNC"}


async def detect(engine: Engine, stack: StackRecord, records: list[ResourceRecord],
                 detection_id: str, now: float) -> dict[str, Any]:
    """A stack drift detection over ``records``: the ``StackRecord.drift`` document."""
    results = {r.logical_id: await check(engine, stack, r, now) for r in records}
    statuses = [r["StackResourceDriftStatus"] for r in results.values()]
    drifted = sum(1 for s in statuses if s in DRIFTED)
    failed = [r["LogicalResourceId"] for r in results.values()
              if r["StackResourceDriftStatus"] == "UNKNOWN"]
    doc: dict[str, Any] = {
        "id": detection_id, "timestamp": now, "count": drifted,
        "status": "DRIFTED" if drifted else "IN_SYNC",
        "detection": "DETECTION_FAILED" if failed else "DETECTION_COMPLETE",
        "resources": results}
    if failed:
        doc["reason"] = f"Failed to detect drift on resources [{', '.join(failed)}]"
    return doc


def resource_status(stack: StackRecord, logical_id: str) -> dict[str, Any]:
    """A resource's StackResourceDriftInformation from the last detection."""
    found = (stack.drift.get("resources") or {}).get(logical_id)
    if found is None:
        return {"StackResourceDriftStatus": "NOT_CHECKED"}
    return {"StackResourceDriftStatus": found["StackResourceDriftStatus"],
            "LastCheckTimestamp": found["Timestamp"]}


def stack_status(stack: StackRecord) -> dict[str, Any]:
    """The stack's StackDriftInformation from the last detection."""
    if not stack.drift.get("status"):
        return {"StackDriftStatus": "NOT_CHECKED"}
    return {"StackDriftStatus": stack.drift["status"],
            "LastCheckTimestamp": stack.drift["timestamp"]}
