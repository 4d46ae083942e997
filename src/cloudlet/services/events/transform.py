"""What a target receives: the event, or what Input, InputPath or InputTransformer make of it.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
- Input: this JSON text instead of the event; InputPath: the part of the event the path
  selects (``$.detail.x``, ``$.resources[0]``); neither: the whole event.
- InputTransformer: each ``InputPathsMap`` variable is set from its path; ``<var>`` in
  ``InputTemplate`` is replaced by its value. Inside a quoted JSON string the value goes in
  as text (a string without its quotes, escaped); elsewhere in a JSON template (one that
  starts with ``{`` or ``[``) as JSON (a string with its quotes); in a text template as
  plain text. A path that selects nothing gives ``null`` (an empty string inside quotes).
- Reserved variables: ``<aws.events.rule-arn>``, ``<aws.events.rule-name>``,
  ``<aws.events.event.ingestion-time>``, ``<aws.events.event>`` (the event without its
  ``detail``, as JSON) and ``<aws.events.event.json>`` (the whole event, as JSON); no
  InputPathsMap variable may take these names.

LIMITATIONS: paths are the dotted subset (``$.a.b``, ``$.a[0]``); no filters or wildcards.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

_MISSING = object()
_STEP = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]|\['([^']*)'\]")
_VARIABLE = re.compile(r"<([A-Za-z0-9_.\-]+)>")


def valid_path(path: str) -> bool:
    if not path.startswith("$"):
        return False
    rest = path[1:]
    return "".join(m.group(0) for m in _STEP.finditer(rest)) == rest


def select(document: Any, path: str) -> Any:
    """The value ``path`` selects in ``document``, or ``_MISSING``."""
    value = document
    for step in _STEP.finditer(path[1:]):
        key, index, quoted = step.groups()
        if index is not None:
            if not isinstance(value, list) or int(index) >= len(value):
                return _MISSING
            value = value[int(index)]
        else:
            name = key if key is not None else quoted
            if not isinstance(value, dict) or name not in value:
                return _MISSING
            value = value[name]
    return value


def target_input(target: dict[str, Any], event: dict[str, Any], rule_arn: str,
                 rule_name: str) -> str:
    """The text ``target`` is sent for ``event`` matched by the rule."""
    if "Input" in target:
        return str(target["Input"])
    if "InputPath" in target:
        found = select(event, target["InputPath"])
        return "null" if found is _MISSING else orjson.dumps(found).decode()
    transformer = target.get("InputTransformer")
    if transformer:
        values = {name: select(event, path)
                  for name, path in (transformer.get("InputPathsMap") or {}).items()}
        values.update({
            "aws.events.rule-arn": rule_arn,
            "aws.events.rule-name": rule_name,
            "aws.events.event.ingestion-time": event.get("time", ""),
            "aws.events.event": {k: v for k, v in event.items() if k != "detail"},
            "aws.events.event.json": event,
        })
        return render(transformer["InputTemplate"], values)
    return orjson.dumps(event).decode()


def render(template: str, values: dict[str, Any]) -> str:
    """``template`` with every known ``<var>`` replaced (see the module docstring)."""
    json_template = template.lstrip()[:1] in ("{", "[")
    out: list[str] = []
    in_string = False
    i = 0
    while i < len(template):
        char = template[i]
        if char == "\\" and in_string:
            out.append(template[i:i + 2])
            i += 2
            continue
        if char == '"':
            in_string = not in_string
        elif char == "<":
            match = _VARIABLE.match(template, i)
            if match and match.group(1) in values:
                out.append(_text(values[match.group(1)], in_string, json_template))
                i = match.end()
                continue
        out.append(char)
        i += 1
    return "".join(out)


def _text(value: Any, in_string: bool, json_template: bool) -> str:
    if value is _MISSING:
        return "" if in_string or not json_template else "null"
    if in_string:
        raw = value if isinstance(value, str) else orjson.dumps(value).decode()
        return orjson.dumps(raw).decode()[1:-1]
    if json_template or not isinstance(value, str):
        return orjson.dumps(value).decode()
    return value
