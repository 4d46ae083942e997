"""JSON-Patch-like ``patchOperations`` of every API Gateway ``Update*`` operation.

https://docs.aws.amazon.com/apigateway/latest/api/patch-operations.html
- ``op`` is add, remove, replace, move or copy; ``path`` is a JSON pointer whose segments
  escape ``/`` as ``~1`` and ``~`` as ``~0`` (``/binaryMediaTypes/image~1png``,
  ``/requestParameters/method.request.querystring.x``).
- Each resource accepts only some paths per op; any other is refused with
  BadRequestException (400).
- Values are strings on the wire; members AWS types as booleans or numbers are converted.
- For a list member (``binaryMediaTypes``), the last segment is an element: ``add`` adds it,
  ``remove`` removes it, ``replace`` replaces it with ``value``.

A refused path answers ``Invalid patch path  '{path}' specified for op '{op}'. Please
choose supported operations`` (two spaces: AWS's text as LocalStack's parity tests record
it; AWS sometimes lists the allowed paths instead, which cloudlet does not).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cloudlet.services.apigateway.errors import BadRequestException

Doc = dict[str, Any]


def to_bool(value: str | None) -> bool:
    text = str(value).lower()
    if text not in ("true", "false"):
        raise BadRequestException(f"Invalid boolean value: {value}")
    return text == "true"


def to_int(value: str | None) -> int:
    try:
        return int(str(value))
    except ValueError as exc:
        raise BadRequestException(f"Invalid integer value: {value}") from exc


def to_float(value: str | None) -> float:
    try:
        return float(str(value))
    except ValueError as exc:
        raise BadRequestException(f"Invalid double value: {value}") from exc


@dataclass(frozen=True)
class Rules:
    """Which paths each op accepts (patterns: ``*`` is any one segment) and how values of
    members named by a path's last segment are typed."""

    replace: tuple[str, ...] = ()
    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    move: tuple[str, ...] = ()
    copy: tuple[str, ...] = ()
    # Members (slash-separated, unescaped) that are lists of strings.
    list_members: tuple[str, ...] = ()
    booleans: tuple[str, ...] = ()
    integers: tuple[str, ...] = ()
    floats: tuple[str, ...] = ()
    convert: dict[str, Callable[[str | None], Any]] = field(default_factory=dict)

    def allowed(self, op: str) -> tuple[str, ...]:
        found: tuple[str, ...] = getattr(self, op, ())
        return found

    def typed(self, name: str, value: str | None) -> Any:
        if name in self.convert:
            return self.convert[name](value)
        if name in self.booleans:
            return to_bool(value)
        if name in self.integers:
            return to_int(value)
        if name in self.floats:
            return to_float(value)
        return value


def segments(path: str) -> list[str]:
    """``/a/b~1c`` -> ``["a", "b/c"]``."""
    if not path.startswith("/"):
        raise BadRequestException(f"Invalid patch path {path}")
    if path == "/":
        return []
    return [s.replace("~1", "/").replace("~0", "~") for s in path[1:].split("/")]


def matches(pattern: str, parts: list[str]) -> bool:
    want = pattern[1:].split("/") if pattern != "/" else []
    return len(want) == len(parts) and all(w in ("*", p) for w, p in zip(want, parts, strict=True))


def refuse(op: str, path: str) -> BadRequestException:
    return BadRequestException(
        f"Invalid patch path  '{path}' specified for op '{op}'. Please choose supported operations"
    )


def check(op: str, path: str, rules: Rules) -> list[str]:
    """The segments of ``path``, refused unless ``rules`` allow it for ``op``."""
    if op not in ("add", "remove", "replace", "move", "copy"):
        raise BadRequestException(f"Invalid patch operation specified: {op}")
    parts = segments(path)
    if not any(matches(p, parts) for p in rules.allowed(op)):
        raise refuse(op, path)
    return parts


def apply(doc: Doc, ops: list[dict[str, Any]], rules: Rules) -> Doc:
    """Apply ``ops`` to ``doc`` in order (in place); returns ``doc``."""
    for operation in ops:
        op = str(operation.get("op", ""))
        path = str(operation.get("path", ""))
        parts = check(op, path, rules)
        apply_one(doc, op, parts, operation.get("value"), operation.get("from"), rules)
    return doc


def _list_member(parts: list[str], rules: Rules) -> bool:
    return len(parts) > 1 and "/".join(parts[:-1]) in rules.list_members


def _parent(doc: Doc, parts: list[str], create: bool) -> Doc | None:
    node: Any = doc
    for part in parts[:-1]:
        if not isinstance(node, dict):
            return None
        child = node.get(part)
        if child is None:
            if not create:
                return None
            child = node[part] = {}
        node = child
    return node if isinstance(node, dict) else None


def apply_one(doc: Doc, op: str, parts: list[str], value: str | None, source: str | None,
              rules: Rules) -> None:
    """One operation at ``parts`` (already checked against ``rules``)."""
    if not parts:
        raise refuse(op, "/")
    if _list_member(parts, rules):
        _apply_list(doc, op, parts, value)
        return
    if op in ("move", "copy"):
        if not source:
            raise BadRequestException(f"Invalid patch operation: {op} requires 'from'")
        from_parts = segments(source)
        from_parent = _parent(doc, from_parts, create=False)
        if from_parent is None or from_parts[-1] not in from_parent:
            raise BadRequestException(f"Invalid patch path {source}: nothing to {op}")
        moved = copy.deepcopy(from_parent[from_parts[-1]])
        if op == "move":
            del from_parent[from_parts[-1]]
        target = _parent(doc, parts, create=True)
        assert target is not None
        target[parts[-1]] = moved
        return
    if op == "remove":
        parent = _parent(doc, parts, create=False)
        if parent is not None:
            parent.pop(parts[-1], None)
        return
    parent = _parent(doc, parts, create=True)
    if parent is None:
        raise refuse(op, "/" + "/".join(parts))
    parent[parts[-1]] = rules.typed(parts[-1], value)


def _apply_list(doc: Doc, op: str, parts: list[str], value: str | None) -> None:
    parent = _parent(doc, parts[:-1], create=True)
    assert parent is not None
    items: list[str] = list(parent.get(parts[-2]) or [])
    element = parts[-1]
    if op == "add":
        if element not in items:
            items.append(element)
    elif op == "remove":
        items = [i for i in items if i != element]
    elif op == "replace":
        if element not in items and items and element != "*":
            raise BadRequestException(f"Invalid patch path /{'/'.join(parts)}: no such value")
        new = str(value)
        items = [new if i == element or element == "*" else i for i in items] or [new]
    else:
        raise refuse(op, "/" + "/".join(parts))
    if items:
        parent[parts[-2]] = items
    else:
        parent.pop(parts[-2], None)
