"""ProjectionExpression: keep only some (possibly nested) parts of an item.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ProjectionExpressions.html
- Paths are separated by commas; nested paths keep the nesting of the item, with
  only the projected members (``a.b`` answers ``{"a": {"M": {"b": ...}}}``).
- List indexes keep the selected elements, in index order (``l[1], l[3]`` answers a
  two-element list).
- Parts that do not exist are left out; a map or list with nothing left is left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cloudlet.services.dynamodb.expressions.paths import Path
from cloudlet.services.dynamodb.values import AttributeValue, Item, clone


class _Node:
    __slots__ = ("children", "leaf")

    def __init__(self) -> None:
        self.children: dict[str | int, _Node] = {}
        self.leaf = False


def _build(paths: Iterable[Path]) -> _Node:
    root = _Node()
    for path in paths:
        node = root
        for element in path:
            node = node.children.setdefault(element, _Node())
        node.leaf = True
    return root


def _project(value: AttributeValue, node: _Node) -> AttributeValue | None:
    if node.leaf:
        return clone(value)  # type: ignore[no-any-return]
    members: Any = value.get("M")
    if members is not None:
        out: dict[str, AttributeValue] = {}
        for key, child in node.children.items():
            if isinstance(key, str) and key in members:
                projected = _project(members[key], child)
                if projected is not None:
                    out[key] = projected
        return {"M": out} if out else None
    elements: Any = value.get("L")
    if elements is not None:
        picked: list[AttributeValue] = []
        indexes = sorted(k for k in node.children if isinstance(k, int))
        for index in indexes:
            if index < len(elements):
                projected = _project(elements[index], node.children[index])
                if projected is not None:
                    picked.append(projected)
        return {"L": picked} if picked else None
    return None


def project(item: Item | None, paths: Iterable[Path]) -> Item:
    """The parts of ``item`` at ``paths``, nested as in the item."""
    return _project_with(item, _build(paths))


def _project_with(item: Item | None, root: _Node) -> Item:
    if not item:
        return {}
    out: Item = {}
    for name, child in root.children.items():
        if isinstance(name, str) and name in item:
            projected = _project(item[name], child)
            if projected is not None:
                out[name] = projected
    return out


class Projection:
    """A compiled ProjectionExpression (or legacy AttributesToGet)."""

    __slots__ = ("paths", "_root")

    def __init__(self, paths: list[Path]) -> None:
        self.paths = list(paths)
        self._root = _build(self.paths)

    @property
    def top_level_names(self) -> set[str]:
        """Names of the top-level attributes the projection reads."""
        return {str(path[0]) for path in self.paths}

    def apply(self, item: Item | None) -> Item:
        """A new item with only the projected parts of ``item``."""
        return _project_with(item, self._root)
