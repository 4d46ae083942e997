"""Paths and payload templates of the JSONPath query language.

https://states-language.net/spec.html#path (Paths, Reference Paths, Payload Template)
https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html

- A path starting ``$$`` reads the context object; ``$name`` (a word after ``$``) reads the
  workflow variable ``name``; ``$`` and ``$.x`` read the state's data. Plain member/index
  paths are walked directly (the common case, and fast); anything else (``[*]``, ``..``,
  filters, slices) goes to jsonpath-ng, parsed once per text.
- A path that selects one value gives it; a path with wildcards or filters gives the list
  of its matches. A path that selects nothing raises ``States.Runtime``, worded as AWS words
  it for the field being read: a payload-template key (``"name.$"``), ``ErrorPath`` and
  ``CausePath`` say "The JSONPath '$.x' specified for the field 'name.$' could not be found
  in the input '{...}'" (the state's data, also for ``$$`` paths); the path fields
  (``InputPath``, ``OutputPath``, ``ItemsPath``, ``...SecondsPath``) say "Invalid path '$.x' :
  No results for path: $['x']" ("Missing property in path $['a']" when a step before the
  last is missing), as Jayway JsonPath, which AWS runs, words it.
- ``set_result`` writes a result into the input at a reference path (``ResultPath``),
  creating the objects on the way; a path through a value that is not an object raises
  ``States.ResultPathMatchFailure`` ("Unable to apply ReferencePath $.a.b to input 1").

LIMITATIONS: a path through a value of the wrong type (``$.a.b`` where ``a`` is a number)
gets the "No results" wording, not Jayway's longer "Expected to find an object" text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.lazy_import import lazy_module
from cloudlet.services.stepfunctions.language.errors import StatesError

if TYPE_CHECKING:
    from jsonpath_ng.ext import parser
else:
    parser = lazy_module("jsonpath_ng.ext.parser")

_SIMPLE = re.compile(r"^\$(?:\.[A-Za-z_][\w-]*|\['[^']*'\]|\[\d+\])*$")
_STEP = re.compile(r"\.([A-Za-z_][\w-]*)|\['([^']*)'\]|\[(\d+)\]")
_VARIABLE = re.compile(r"^\$([A-Za-z_][\w]*)(.*)$")
MISSING: Any = object()
"""What ``lookup`` gives for a path that selects nothing."""
_MISSING = MISSING


class Sources:
    """What paths read: the state's data, the context object and the variables."""

    __slots__ = ("data", "context", "variables")

    def __init__(self, data: Any, context: dict[str, Any], variables: dict[str, Any]) -> None:
        self.data = data
        self.context = context
        self.variables = variables


@lru_cache(maxsize=4096)
def _steps(path: str) -> tuple[str | int, ...] | None:
    """The member/index steps of a plain path, or None when jsonpath-ng must read it."""
    if not _SIMPLE.match(path):
        return None
    steps: list[str | int] = []
    for name, quoted, index in _STEP.findall(path[1:]):
        steps.append(int(index) if index else (name or quoted))
    return tuple(steps)


@lru_cache(maxsize=4096)
def _compiled(path: str) -> Any:
    try:
        return parser.parse(path)
    except Exception as exc:  # noqa: BLE001 (jsonpath-ng raises several kinds)
        raise StatesError("States.Runtime", f"Invalid JSONPath '{path}': {exc}") from None


def _walk(value: Any, steps: tuple[str | int, ...]) -> Any:
    for step in steps:
        if isinstance(step, int):
            if not isinstance(value, list) or step >= len(value):
                return _MISSING
            value = value[step]
        else:
            if not isinstance(value, dict) or step not in value:
                return _MISSING
            value = value[step]
    return value


def _read(path: str, root: Any) -> Any:
    """The value ``path`` (relative to ``$``) selects in ``root``, or _MISSING."""
    steps = _steps(path)
    if steps is not None:
        return _walk(root, steps)
    compiled = _compiled(path)
    matches = [m.value for m in compiled.find(root)]
    if _definite(path):
        return matches[0] if matches else _MISSING
    return matches


@lru_cache(maxsize=4096)
def _definite(path: str) -> bool:
    return not any(mark in path for mark in ("*", "..", "?(", ":", ","))


def lookup(path: str, src: Sources) -> Any:
    """The value ``path`` selects, or ``MISSING`` (an undefined variable raises)."""
    if path.startswith("$$"):
        return _read("$" + path[2:], src.context)
    variable = _VARIABLE.match(path)
    if variable is not None:
        name, rest = variable.groups()
        if name not in src.variables:
            raise StatesError("States.Runtime", f"The JSONPath '{path}' could not be found:"
                                                f" variable '{name}' is not defined")
        return _read("$" + rest, src.variables[name])
    return _read(path, src.data)


def _template_field(field: str) -> bool:
    return field.endswith(".$") or field in ("ErrorPath", "CausePath")


def select(path: str, src: Sources, field: str = "InputPath") -> Any:
    """The value ``path`` selects; nothing raises ``States.Runtime`` worded for ``field``
    (see the module docstring)."""
    found = lookup(path, src)
    if found is _MISSING:
        raise not_found(path, src, field)
    return found


def not_found(path: str, src: Sources, field: str) -> StatesError:
    """The ``States.Runtime`` error AWS raises when ``path`` in ``field`` selects nothing."""
    if _template_field(field):
        return StatesError("States.Runtime",
                           f"The JSONPath '{path}' specified for the field '{field}' could not"
                           f" be found in the input '{orjson.dumps(src.data).decode()}'")
    return StatesError("States.Runtime", f"Invalid path '{path}' : {_no_results(path, src)}")


def _root(path: str, src: Sources) -> tuple[str, Any]:
    """``path`` rewritten relative to ``$`` and the value it starts from."""
    if path.startswith("$$"):
        return "$" + path[2:], src.context
    variable = _VARIABLE.match(path)
    if variable is not None:
        return "$" + variable.group(2), src.variables.get(variable.group(1))
    return path, src.data


def _no_results(path: str, src: Sources) -> str:
    """Jayway's words for a definite path that selects nothing."""
    relative, value = _root(path, src)
    steps = _steps(relative)
    if steps is None:
        return f"No results for path: {path}"
    for i, step in enumerate(steps[:-1]):
        if isinstance(step, str) and isinstance(value, dict) and step not in value:
            return f"Missing property in path {_bracketed(steps[:i + 1])}"
        value = _walk(value, (step,))
    return f"No results for path: {_bracketed(steps)}"


def _bracketed(steps: tuple[str | int, ...]) -> str:
    return "$" + "".join(f"[{s}]" if isinstance(s, int) else f"['{s}']" for s in steps)


def set_result(data: Any, path: str, result: Any) -> Any:
    """``data`` with ``result`` placed at the reference path ``path`` (``ResultPath``)."""
    steps = _steps(path)
    if steps is None:
        raise StatesError("States.Runtime", f"Invalid ResultPath '{path}': must be a reference"
                                            " path")
    if not steps:
        return result
    out = _copy_top(data, path)
    node = out
    for i, step in enumerate(steps):
        last = i == len(steps) - 1
        if isinstance(step, int):
            if not isinstance(node, list) or step >= len(node):
                raise _match_failure(path, data)
            if last:
                node[step] = result
            else:
                node[step] = _copy(node[step])
                node = node[step]
            continue
        if not isinstance(node, dict):
            raise _match_failure(path, data)
        if last:
            node[step] = result
        else:
            child = node.get(step)
            if child is None:
                child = {}
            elif isinstance(child, dict | list):
                child = _copy(child)
            else:
                raise _match_failure(path, data)
            node[step] = child
            node = child
    return out


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return value


def _copy_top(data: Any, path: str) -> Any:
    if not isinstance(data, dict | list):
        raise _match_failure(path, data)
    return _copy(data)


def _match_failure(path: str, data: Any) -> StatesError:
    return StatesError("States.ResultPathMatchFailure",
                       f"Unable to apply ReferencePath {path} to input"
                       f" {orjson.dumps(data).decode()}")


def template(value: Any, src: Sources, field: str = "Parameters") -> Any:
    """A payload template resolved: keys ending ``.$`` take the value of their path or
    intrinsic function (the key loses its ``.$``); everything else is copied as is."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key.endswith(".$") and isinstance(item, str):
                out[key[:-2]] = expression(item, src, key)
            else:
                out[key] = template(item, src, field)
        return out
    if isinstance(value, list):
        return [template(item, src, field) for item in value]
    return value


def expression(text: str, src: Sources, field: str) -> Any:
    """The value of a ``.$`` field: a path or an intrinsic function call."""
    if text.startswith("States."):
        from cloudlet.services.stepfunctions.language import intrinsics

        return intrinsics.evaluate(text, src, field)
    return select(text, src, field)
