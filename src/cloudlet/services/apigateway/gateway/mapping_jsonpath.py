"""The JSONPath of API Gateway mapping templates (``$input.path``, ``$input.json``,
``integration.response.body.*`` parameter mappings).

https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html#input-variable-reference

API Gateway evaluates Jayway-style JSONPath over the JSON body. A *definite* path (names and
indexes only: ``$``, ``$.a.b``, ``$['a b']``, ``$.list[0]``, ``$.list[-1]``) answers the one
value or ``None`` when it is absent; an indefinite one (``[*]``, ``.*``, ``..name``,
``[0,2]``, ``[1:3]``) answers the list of every match. ``.length()`` at the end answers the
size of the list, map or string.

LIMITATIONS: filter expressions (``[?(...)]``) and the other functions (``min()``,
``avg()``...) raise ``JsonPathError("not supported: ...")``.
"""

from __future__ import annotations

import re
from typing import Any


class JsonPathError(ValueError):
    """A path that does not parse (or uses what cloudlet does not support)."""


_MISSING = object()
_NAME = re.compile(r"[A-Za-z_$@\-][A-Za-z0-9_$@\-]*")
_INDEX = re.compile(r"-?\d+")
_SLICE = re.compile(r"(-?\d*):(-?\d*)")

# One step of a path: ("name", key) | ("index", int) | ("slice", (start, stop)) |
# ("wild", None) | ("deep", key-or-None) | ("union", [keys]) | ("length", None)
Step = tuple[str, Any]


def parse(path: str) -> list[Step]:
    """The steps of ``path`` (which starts with ``$``; a bare name means ``$.name``)."""
    text = path.strip()
    if not text.startswith("$"):
        text = "$." + text if text and text[0] != "[" else "$" + text
    steps: list[Step] = []
    i = 1
    while i < len(text):
        if text.startswith("..", i):
            i += 2
            if i < len(text) and text[i] == "*":
                steps.append(("deep", None))
                i += 1
                continue
            if i < len(text) and text[i] == "[":
                key, i = _bracket(text, i)
                steps.append(("deep", key[1]))
                continue
            found = _NAME.match(text, i)
            if found is None:
                raise JsonPathError(f"Invalid JSONPath: {path}")
            steps.append(("deep", found[0]))
            i = found.end()
        elif text[i] == ".":
            i += 1
            if text.startswith("*", i):
                steps.append(("wild", None))
                i += 1
                continue
            found = _NAME.match(text, i)
            if found is None:
                raise JsonPathError(f"Invalid JSONPath: {path}")
            i = found.end()
            if text.startswith("()", i):
                if found[0] != "length":
                    raise JsonPathError(f"not supported: JSONPath function {found[0]}()")
                steps.append(("length", None))
                i += 2
                continue
            steps.append(("name", found[0]))
        elif text[i] == "[":
            step, i = _bracket(text, i)
            steps.append(step)
        else:
            raise JsonPathError(f"Invalid JSONPath: {path}")
    return steps


def _bracket(text: str, i: int) -> tuple[Step, int]:
    end = _close(text, i)
    inner = text[i + 1:end].strip()
    nxt = end + 1
    if inner == "*":
        return ("wild", None), nxt
    if inner.startswith("?"):
        raise JsonPathError("not supported: JSONPath filter expressions")
    parts = [p.strip() for p in _split_union(inner)]
    keys: list[Any] = []
    for part in parts:
        if len(part) >= 2 and part[0] == part[-1] and part[0] in "'\"":
            keys.append(part[1:-1])
        elif _INDEX.fullmatch(part):
            keys.append(int(part))
        elif (found := _SLICE.fullmatch(part)) is not None and len(parts) == 1:
            start = int(found[1]) if found[1] else None
            stop = int(found[2]) if found[2] else None
            return ("slice", (start, stop)), nxt
        else:
            raise JsonPathError(f"Invalid JSONPath: {text}")
    if len(keys) > 1:
        return ("union", keys), nxt
    key = keys[0]
    return ("index", key) if isinstance(key, int) else ("name", key), nxt


def _close(text: str, i: int) -> int:
    quote = ""
    for j in range(i + 1, len(text)):
        ch = text[j]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "]":
            return j
    raise JsonPathError(f"Invalid JSONPath: {text}")


def _split_union(inner: str) -> list[str]:
    parts: list[str] = []
    quote = ""
    current = ""
    for ch in inner:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == ",":
            parts.append(current)
            current = ""
            continue
        current += ch
    parts.append(current)
    return parts


def definite(steps: list[Step]) -> bool:
    return all(kind in ("name", "index", "length") for kind, _ in steps)


def evaluate(path: str, document: Any) -> Any:
    """The value at ``path`` in ``document`` (see the module docstring)."""
    steps = parse(path)
    if definite(steps):
        value = document
        for kind, key in steps:
            if kind == "length":
                value = len(value) if isinstance(value, list | dict | str) else None
            else:
                value = _child(value, kind, key)
            if value is _MISSING:
                return None
        return value
    matches = [document]
    for kind, key in steps:
        if kind == "length":
            return len(matches)
        matches = [found for value in matches for found in _children(value, kind, key)]
    return matches


def _child(value: Any, kind: str, key: Any) -> Any:
    if kind == "name" and isinstance(value, dict):
        return value.get(key, _MISSING)
    if kind == "index" and isinstance(value, list):
        return value[key] if -len(value) <= key < len(value) else _MISSING
    return _MISSING


def _children(value: Any, kind: str, key: Any) -> list[Any]:
    if kind in ("name", "index"):
        found = _child(value, kind, key)
        return [] if found is _MISSING else [found]
    if kind == "wild":
        if isinstance(value, dict):
            return list(value.values())
        return list(value) if isinstance(value, list) else []
    if kind == "slice":
        return value[slice(*key)] if isinstance(value, list) else []
    if kind == "union":
        out: list[Any] = []
        for k in key:
            found = _child(value, "index" if isinstance(k, int) else "name", k)
            if found is not _MISSING:
                out.append(found)
        return out
    # deep scan: every descendant's matching member (or every descendant for "..*")
    out = []
    stack = [value]
    while stack:
        current = stack.pop(0)
        members = (list(current.items()) if isinstance(current, dict)
                   else list(enumerate(current)) if isinstance(current, list) else [])
        for name, member in members:
            if key is None or name == key:
                out.append(member)
        stack.extend(member for _, member in members if isinstance(member, dict | list))
    return out
