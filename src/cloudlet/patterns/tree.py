"""The shape of a pattern: nested objects of fields, ``$or`` groups, leaves at the bottom.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
- Every field of the pattern must match (AND); the alternatives of a leaf are ORs; ``$or``
  is an array of at least two objects, one of which must match, at any level.
- A nested pattern object descends into the event's object at that key. When the event holds
  an array of objects there, the nested pattern must match one element as a whole (AWS's
  array consistency: fields matched under one array come from the same element). When the
  event holds no object there (absent, a scalar, ``[]``), the nested pattern is matched
  against an empty object, so only ``exists: false`` leaves can hold
  (``{"a": {"b": [{"exists": false}]}}`` matches ``{"a": false}``, as on AWS).
- ``exists: false`` under an array of objects follows Ruler's ACFinder: fields are tried in
  the order of their sorted paths; until one of them has matched a value in an element, the
  field must be absent from every element (``{"a": {"b": [{"exists": false}]}}`` does not
  match ``{"a": [{"c": 1}, {"b": 1}]}``); after, only from that element.
- Ruler's structural reasons: "Filter is not an object", "Empty objects are not allowed",
  '"x" must be an object or an array', and the ``$or`` ones.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from cloudlet.patterns.values import OPERATORS, Fail, Leaf, compile_leaf, leaf_values

_MISSING = object()
# Ruler's names that cannot be field names inside $or (match types and reserved words).
RESERVED_IN_OR = OPERATORS | {
    "=", "<", "<=", ">", ">=", "regex", "not-wildcard", "not-equals-ignore-case", "date-after",
    "date-on-or-after", "date-before", "date-on-or-before", "in-date-range",
    "ip-address-in-range", "ip-address-not-in-range",
}
_EMPTY: dict[str, Any] = {}


Others = tuple[Mapping[str, Any], ...]


class Node:
    """One pattern object: its fields (in Ruler's order, sorted by path) and ``$or`` groups."""

    __slots__ = ("fields", "ors", "first_path")

    def __init__(self, fields: list[tuple[str, Leaf | Node]], ors: list[list[Node]]) -> None:
        self.fields = tuple(sorted(fields, key=_path))
        self.ors = tuple(tuple(group) for group in ors)
        self.first_path = _path(self.fields[0]) if self.fields else ""

    def matches(self, obj: Mapping[str, Any]) -> bool:
        return self.match(obj, ()) is not None

    def match(self, obj: Mapping[str, Any], others: Others) -> bool | None:
        """None when ``obj`` does not match; else whether a value of the event was matched
        (which fixes the element of every array ``obj`` lies in, as Ruler's array
        consistency does). ``others`` are the objects at the same place in the other
        elements of enclosing arrays not fixed yet: ``exists: false`` holds only when the
        field is absent from them too, as Ruler checks absence against every event field
        consistent with the elements matched so far."""
        pinned = False
        for key, sub in self.fields:
            value = obj.get(key, _MISSING)
            scope = () if pinned else others
            if type(sub) is Leaf:
                values = [] if value is _MISSING else leaf_values(value, [])
                if values:
                    if not sub.matches(values):
                        return None
                    pinned = True
                elif not sub.absent or any(_has_leaf(other.get(key, _MISSING))
                                           for other in scope):
                    return None
            else:
                used = sub.match_value(value, _objects_at(scope, key))  # type: ignore[union-attr]
                if used is None:
                    return None
                pinned = pinned or used
        for group in self.ors:
            scope = () if pinned else others
            results = [node.match(obj, scope) for node in group]
            if all(result is None for result in results):
                return None
            pinned = pinned or any(results)
        return pinned

    def match_value(self, value: Any, others: Others) -> bool | None:
        """Match the event's value at this node's key: an object, one element of an array of
        objects, or (absent, a scalar, ``[]``) an empty object."""
        if isinstance(value, dict):
            return self.match(value, others)
        if isinstance(value, list):
            elements = [e for e in _flatten(value) if isinstance(e, dict)]
            for index, element in enumerate(elements):
                siblings = tuple(elements[:index] + elements[index + 1:])
                used = self.match(element, siblings + others)
                if used is not None:
                    return used
            if elements:
                return None
        return self.match(_EMPTY, others)


def _path(field: tuple[str, Leaf | Node]) -> str:
    key, sub = field
    return key if isinstance(sub, Leaf) else f"{key}.{sub.first_path}"


def _has_leaf(value: Any) -> bool:
    return value is not _MISSING and bool(leaf_values(value, []))


def _objects_at(scope: Others, key: str) -> Others:
    """The objects found at ``key`` in each of ``scope`` (array elements included)."""
    if not scope:
        return ()
    out: list[Mapping[str, Any]] = []
    for other in scope:
        value = other.get(key)
        if isinstance(value, dict):
            out.append(value)
        elif isinstance(value, list):
            out.extend(e for e in _flatten(value) if isinstance(e, dict))
    return tuple(out)


def _flatten(values: list[Any]) -> list[Any]:
    out: list[Any] = []
    for value in values:
        if isinstance(value, list):
            out.extend(_flatten(value))
        else:
            out.append(value)
    return out


class Pattern:
    """A compiled event pattern or filter policy. ``matches`` takes the event (a dict)."""

    __slots__ = ("root", "source")

    def __init__(self, root: Node, source: Any = None) -> None:
        self.root = root
        self.source = source

    def matches(self, event: Any) -> bool:
        return isinstance(event, Mapping) and self.root.matches(event)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.source!r})"


class Grammar:
    """What one service accepts: reasons go to ``fail``; ``check_field`` sees every field."""

    def __init__(self, fail: Fail, operators: frozenset[str] = OPERATORS,
                 check_nested: Callable[[str], None] | None = None) -> None:
        self.fail = fail
        self.operators = operators
        self.check_nested = check_nested

    def compile(self, pattern: Any) -> Node:
        if not isinstance(pattern, dict):
            self.fail("Filter is not an object")
        return self._object(pattern, inside_or=False)

    def _object(self, obj: dict[str, Any], inside_or: bool) -> Node:
        if not obj:
            self.fail("Empty objects are not allowed")
        fields: list[tuple[str, Leaf | Node]] = []
        ors: list[list[Node]] = []
        for key, value in obj.items():
            if key == "$or":
                ors.append(self._or(value))
                continue
            if inside_or and key in RESERVED_IN_OR:
                self.fail(f"{key} is Ruler reserved fieldName which cannot be used inside $or.")
            if isinstance(value, dict):
                if self.check_nested is not None:
                    self.check_nested(key)
                fields.append((key, self._object(value, inside_or)))
            elif isinstance(value, list):
                fields.append((key, compile_leaf(value, self.fail, self.operators)))
            else:
                self.fail(f'"{key}" must be an object or an array')
        return Node(fields, ors)

    def _or(self, value: Any) -> list[Node]:
        if not isinstance(value, list):
            self.fail("It must be an Array followed with $or.")
        group = []
        for item in value:
            if not isinstance(item, dict):
                self.fail("Only JSON object is allowed in array of $or relationship.")
            group.append(self._object(item, inside_or=True))
        if len(group) < 2:
            self.fail("There must have at least 2 Objects in $or relationship.")
        return group
