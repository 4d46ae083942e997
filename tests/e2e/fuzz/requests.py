"""Valid-ish requests built from botocore's input shapes, and the mutations applied to them.

``request(draw, shape, names)`` fills the required members (and a drawn few optional ones)
with plausible values: enums from the model, numbers at their minimum, strings at a legal
length, and members naming a resource (``TableName``, ``QueueUrl``, ...) set to the fixture
resource from ``names``, so that mutations reach real resources. ``mutate`` then breaks one
member: drops it, gives it the wrong type, a huge string, a bad enum, a negative or huge
number, or a deeply nested value.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from botocore.model import Shape, StructureShape
from hypothesis import strategies as st

Draw = Callable[[st.SearchStrategy[Any]], Any]

DEEP = 40  # past DynamoDB's 32 levels, short of any parser's recursion limit


def deep(levels: int = DEEP) -> Any:
    value: Any = "x"
    for _ in range(levels):
        value = [value]
    return value


def value(draw: Draw, shape: Shape, names: dict[str, Any], member: str = "",
          depth: int = 0) -> Any:
    """A plausible value of ``shape``."""
    if member in names:
        return names[member]
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure":
        return request(draw, shape, names, depth + 1)
    if kind == "list":
        return [] if depth > 3 else [value(draw, shape.member, names, "", depth + 1)]
    if kind == "map":
        if depth > 3:
            return {}
        return {"k": value(draw, shape.value, names, "", depth + 1)}
    if kind == "string":
        if shape.enum:
            return draw(st.sampled_from(shape.enum))
        return "f" * max(int(meta.get("min", 1)), 3) if meta.get("max", 9) >= 3 else "f"
    if kind in ("integer", "long"):
        return int(meta.get("min", 1))
    if kind in ("float", "double"):
        return float(meta.get("min", 1))
    if kind == "boolean":
        return draw(st.booleans())
    if kind == "blob":
        return b"data"
    if kind == "timestamp":
        return datetime(2026, 1, 1, tzinfo=UTC)
    return None


def request(draw: Draw, shape: StructureShape | None, names: dict[str, Any],
            depth: int = 0) -> dict[str, Any]:
    """The required members of ``shape`` and a drawn subset of the optional ones."""
    if shape is None:
        return {}
    required = set(shape.required_members)
    out: dict[str, Any] = {}
    for name, member in shape.members.items():
        if member.metadata.get("streaming") or member.metadata.get("eventstream"):
            continue
        if name in required or (depth == 0 and draw(st.booleans())):
            out[name] = value(draw, member, names, name, depth)
    return out


WRONG_TYPES: dict[str, list[Any]] = {
    "string": [12, ["s"], {"s": 1}, True],
    "integer": ["x", [], 1.5], "long": ["x", {}], "float": ["n"], "double": ["n"],
    "boolean": ["yes", 3], "blob": [3, {"b": 1}], "timestamp": ["not-a-time", {}],
    "structure": ["s", [1], 7], "list": ["l", {"a": 1}, 3], "map": ["m", [1], 3],
}


def bad_values(shape: Shape) -> list[Any]:
    """Values no valid request carries for ``shape``."""
    kind = shape.type_name
    out: list[Any] = [None, *WRONG_TYPES.get(kind, [])]
    if kind == "string":
        out += ["x" * 100_000, "\u0000\ud7ff\ufffe", "NOT_AN_ENUM_VALUE" if shape.enum else ""]
    if kind in ("integer", "long", "float", "double"):
        out += [-1, -(2 ** 63), 2 ** 64]
    if kind in ("list", "map", "structure"):
        out += [deep()]
    return out


def mutate(draw: Draw, shape: StructureShape | None, req: dict[str, Any]) -> dict[str, Any]:
    """``req`` with one member broken (or an unknown member added)."""
    if shape is None or not shape.members:
        return {**req, "Unknown": deep()}
    name = draw(st.sampled_from(sorted(shape.members)))
    action = draw(st.sampled_from(["drop", "bad", "bad", "bad", "nested"]))
    out = dict(req)
    if action == "drop":
        out.pop(name, None)
        return out
    member = shape.members[name]
    if action == "nested" and member.type_name == "structure" and isinstance(out.get(name), dict):
        inner = out[name]
        sub = draw(st.sampled_from(sorted(member.members))) if member.members else None
        if sub is not None:
            out[name] = {**inner, sub: draw(st.sampled_from(bad_values(member.members[sub])))}
            return out
    out[name] = draw(st.sampled_from(bad_values(member)))
    return out
