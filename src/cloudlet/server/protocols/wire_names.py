"""Members whose name on the wire differs from their name in the model.

A JSON body names a structure's member by its ``locationName`` when the model gives one
(apigatewayv2 sends ``{"name": ...}`` for the member ``Name``; apigateway's list outputs
carry ``items`` as ``item``; PutIntegration's ``integrationHttpMethod`` travels as
``httpMethod``), at every depth, as botocore's JSON serializers and parsers do. Handlers
always see model names: ``from_wire`` renames a parsed body, ``to_wire`` an output (and
writes timestamps whose shape says ``timestampFormat: iso8601`` as ISO 8601 text). Shapes
with no renamed member below them are passed through untouched (a cached check), so the
services that have none pay nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from botocore.model import Shape

_NEEDED: dict[tuple[int, str], bool] = {}


def _needed(shape: Shape, seen: frozenset[tuple[int, str]] = frozenset()) -> bool:
    # botocore builds a new Shape object on every access of a recursive member, so shapes
    # are known by their model's resolver and their name.
    key = (id(getattr(shape, "_shape_resolver", None)), shape.name)
    found = _NEEDED.get(key)
    if found is not None:
        return found
    if key in seen:
        return False
    seen = seen | {key}
    result = False
    kind = shape.type_name
    if kind == "structure":
        for name, member in shape.members.items():
            if member.serialization.get("location"):
                continue
            if member.serialization.get("name", name) != name or _needed(member, seen):
                result = True
                break
    elif kind == "timestamp":
        result = shape.serialization.get("timestampFormat") == "iso8601"
    elif kind == "list":
        result = _needed(shape.member, seen)
    elif kind == "map":
        result = _needed(shape.value, seen)
    _NEEDED[key] = result
    return result


def from_wire(shape: Shape, value: Any) -> Any:
    """``value`` as parsed from JSON, with members renamed to their model names."""
    if not _needed(shape):
        return value
    return _rename(shape, value, inbound=True)


def to_wire(shape: Shape, value: Any) -> Any:
    """An output ``value`` (model names), with members renamed as the wire names them."""
    if not _needed(shape):
        return value
    return _rename(shape, value, inbound=False)


def _rename(shape: Shape, value: Any, inbound: bool) -> Any:
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        by_wire = {}
        for name, member in shape.members.items():
            if member.serialization.get("location"):
                continue
            wire = member.serialization.get("name", name)
            by_wire[wire if inbound else name] = (wire if not inbound else name, member)
        out: dict[str, Any] = {}
        for key, item in value.items():
            target = by_wire.get(key)
            if target is None:
                out[key] = item
            else:
                out[target[0]] = _rename(target[1], item, inbound) if _needed(target[1]) else item
        return out
    if kind == "list" and isinstance(value, list) and _needed(shape.member):
        return [_rename(shape.member, v, inbound) for v in value]
    if kind == "map" and isinstance(value, dict) and _needed(shape.value):
        return {k: _rename(shape.value, v, inbound) for k, v in value.items()}
    if kind == "timestamp" and not inbound and not isinstance(value, str):
        return _iso8601(value)
    return value


def _iso8601(value: Any) -> str:
    when = value if isinstance(value, datetime) else datetime.fromtimestamp(float(value), UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
