"""CloudWatch Logs filter patterns for FilterLogEvents, the subset most people use.

https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html

- ``ERROR`` matches events containing ERROR (case-sensitive); ``ERROR Exception``
  needs both terms; ``"Task timed out"`` is one exact phrase.
- ``?ERROR ?WARN`` matches events with either; ``ERROR -DEBUG`` excludes DEBUG.
- ``{ $.level = "error" }`` / ``{ $.code != 200 }`` / ``{ $.a.b = "x*" }`` match JSON
  events on one field (``*`` is a trailing wildcard for strings); ``&&`` and ``||``
  join such conditions left to right.
- An empty pattern matches everything.

LIMITATIONS: no space-delimited ``[ip, user, ...]`` patterns, no numeric ranges in
term patterns, no regex (``%...%``) patterns.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable
from typing import Any

from cloudlet.services.logs.errors import InvalidParameterException

Matcher = Callable[[str], bool]

_JSON_CONDITION = re.compile(
    r"\s*\$((?:\.[A-Za-z0-9_\-]+|\[\d+\])+)\s*(=|!=|>=|<=|>|<)\s*(\"(?:[^\"\\]|\\.)*\"|[^\s&|)]+)\s*"
)


def compile_pattern(pattern: str | None) -> Matcher:
    """Turn a filter pattern into a predicate over one event's message."""
    text = (pattern or "").strip()
    if not text:
        return lambda message: True
    if text.startswith("{"):
        return _json_matcher(text)
    if text.startswith("[") or text.startswith("%"):
        raise InvalidParameterException(
            "not supported: space-delimited and regular-expression filter patterns")
    return _term_matcher(text)


def _term_matcher(text: str) -> Matcher:
    try:
        words = shlex.split(text, posix=True)
    except ValueError:
        raise InvalidParameterException("Invalid character(s) in term '\"'") from None
    required: list[str] = []
    excluded: list[str] = []
    optional: list[str] = []
    for word in words:
        if word.startswith("?") and len(word) > 1:
            optional.append(word[1:])
        elif word.startswith("-") and len(word) > 1:
            excluded.append(word[1:])
        else:
            required.append(word)

    def match(message: str) -> bool:
        if any(term not in message for term in required):
            return False
        if any(term in message for term in excluded):
            return False
        return not optional or any(term in message for term in optional)

    return match


def _json_matcher(text: str) -> Matcher:
    if not text.endswith("}"):
        raise InvalidParameterException("Invalid metric filter pattern")
    body = text[1:-1].strip()
    pieces = re.split(r"(&&|\|\|)", body)
    conditions: list[Callable[[Any], bool]] = []
    joins: list[str] = []
    for i, piece in enumerate(pieces):
        if i % 2:
            joins.append(piece)
            continue
        found = _JSON_CONDITION.fullmatch(piece.strip().strip("()"))
        if found is None:
            raise InvalidParameterException("Invalid metric filter pattern")
        conditions.append(_condition(found[1], found[2], found[3]))

    def match(message: str) -> bool:
        try:
            document = json.loads(message)
        except ValueError:
            return False
        result = conditions[0](document)
        for join, condition in zip(joins, conditions[1:], strict=True):
            result = (result and condition(document)) if join == "&&" else (result or condition(document))
        return result

    return match


def _condition(path: str, op: str, raw: str) -> Callable[[Any], bool]:
    steps: list[str | int] = [
        int(part[1:-1]) if part.startswith("[") else part[1:]
        for part in re.findall(r"\.[A-Za-z0-9_\-]+|\[\d+\]", path)
    ]
    expected: Any
    if raw.startswith('"'):
        expected = json.loads(raw)
    else:
        try:
            expected = float(raw)
        except ValueError:
            expected = {"true": True, "false": False, "null": None}.get(raw, raw)

    def lookup(document: Any) -> tuple[bool, Any]:
        value = document
        for step in steps:
            in_list = isinstance(step, int) and isinstance(value, list) and step < len(value)
            in_dict = isinstance(step, str) and isinstance(value, dict) and step in value
            if not (in_list or in_dict):
                return False, None
            value = value[step]
        return True, value

    def check(document: Any) -> bool:
        found, value = lookup(document)
        if not found:
            return False
        if isinstance(expected, float) and not isinstance(value, bool) and isinstance(value, int | float):
            return _compare(float(value), op, expected)
        if isinstance(expected, str) and isinstance(value, str):
            if expected.endswith("*") and op in ("=", "!="):
                hit = value.startswith(expected[:-1])
                return hit if op == "=" else not hit
            return _compare(value, op, expected)
        if op in ("=", "!="):
            return bool(value == expected) == (op == "=")
        return False

    return check


def _compare(left: Any, op: str, right: Any) -> bool:
    if op == "=":
        return bool(left == right)
    if op == "!=":
        return bool(left != right)
    if op == ">":
        return bool(left > right)
    if op == "<":
        return bool(left < right)
    if op == ">=":
        return bool(left >= right)
    return bool(left <= right)
