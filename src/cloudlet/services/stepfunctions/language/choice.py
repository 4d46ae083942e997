"""Choice rules of the JSONPath query language.

https://states-language.net/spec.html#choice-state
https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html

Every comparison operator and its ``...Path`` form (compared with the value another path
selects), ``Is*`` type tests, ``StringMatches`` (``*`` any run, ``\\*`` a literal star),
and ``And``/``Or``/``Not``. A comparison whose variable is missing raises
``States.Runtime`` ("Invalid path '$.x': The choice state's condition path references an
invalid value."); one whose value has the wrong type is false, as in AWS. Timestamps are
RFC 3339 with an upper-case ``T`` and a ``Z`` or numeric offset, as the specification
requires, and compare as instants (``...T02:00:00+02:00`` equals ``...T00:00:00Z``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import Any

from cloudlet.services.stepfunctions.language.errors import StatesError
from cloudlet.services.stepfunctions.language.jsonpath import MISSING, Sources, lookup, select

_TIMESTAMP = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})")


def parse_timestamp(value: Any) -> datetime | None:
    """An RFC 3339 timestamp (``2016-03-14T01:59:00Z``, ``...59:00.5+01:00``), or None."""
    match = _TIMESTAMP.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    whole, fraction, offset = match.groups()
    text = whole + ("." + (fraction + "00000")[:6] if fraction else "")
    try:
        return datetime.fromisoformat(text + ("+00:00" if offset == "Z" else offset))
    except ValueError:
        return None


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_Compare = Callable[[Any, Any], bool]


def _ordered(test: Callable[[Any, Any], bool]) -> tuple[_Compare, _Compare, _Compare]:
    def strings(a: Any, b: Any) -> bool:
        return isinstance(a, str) and isinstance(b, str) and test(a, b)

    def numbers(a: Any, b: Any) -> bool:
        return _number(a) and _number(b) and test(a, b)

    def stamps(a: Any, b: Any) -> bool:
        left, right = parse_timestamp(a), parse_timestamp(b)
        return left is not None and right is not None and test(left, right)

    return strings, numbers, stamps


_OPERATORS: dict[str, _Compare] = {}
for _suffix, _test in (("Equals", lambda a, b: a == b), ("LessThan", lambda a, b: a < b),
                       ("GreaterThan", lambda a, b: a > b),
                       ("LessThanEquals", lambda a, b: a <= b),
                       ("GreaterThanEquals", lambda a, b: a >= b)):
    _s, _n, _t = _ordered(_test)
    _OPERATORS["String" + _suffix] = _s
    _OPERATORS["Numeric" + _suffix] = _n
    _OPERATORS["Timestamp" + _suffix] = _t
_OPERATORS["BooleanEquals"] = lambda a, b: isinstance(a, bool) and isinstance(b, bool) \
    and a == b


@lru_cache(maxsize=1024)
def _pattern(text: str) -> re.Pattern[str]:
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append(re.escape(text[i + 1]))
            i += 2
            continue
        out.append(".*" if text[i] == "*" else re.escape(text[i]))
        i += 1
    return re.compile("".join(out), re.DOTALL)


_TYPE_TESTS: dict[str, Callable[[Any], bool]] = {
    "IsNull": lambda v: v is None, "IsNumeric": _number,
    "IsString": lambda v: isinstance(v, str), "IsBoolean": lambda v: isinstance(v, bool),
    "IsTimestamp": lambda v: parse_timestamp(v) is not None,
}


def matches(rule: dict[str, Any], src: Sources) -> bool:
    """Whether ``rule`` holds for the state's data."""
    if "And" in rule:
        return all(matches(r, src) for r in rule["And"])
    if "Or" in rule:
        return any(matches(r, src) for r in rule["Or"])
    if "Not" in rule:
        return not matches(rule["Not"], src)
    variable = rule.get("Variable")
    if not isinstance(variable, str):
        raise StatesError("States.Runtime", "A Choice rule has no Variable")
    if "IsPresent" in rule:
        return _present(variable, src) == bool(rule["IsPresent"])
    value = lookup(variable, src)
    if value is MISSING:
        raise StatesError("States.Runtime", f"Invalid path '{variable}': The choice state's"
                                            " condition path references an invalid value.")
    for test, kind in _TYPE_TESTS.items():
        if test in rule:
            return kind(value) == bool(rule[test])
    if "StringMatches" in rule:
        return isinstance(value, str) and \
            _pattern(str(rule["StringMatches"])).fullmatch(value) is not None
    for key, expected in rule.items():
        if key.endswith("Path") and key[:-4] in _OPERATORS:
            return _OPERATORS[key[:-4]](value, select(str(expected), src, key))
        if key in _OPERATORS:
            return _OPERATORS[key](value, expected)
    raise StatesError("States.Runtime", f"Unknown comparison in Choice rule: {sorted(rule)}")


def _present(path: str, src: Sources) -> bool:
    try:
        return lookup(path, src) is not MISSING
    except StatesError:
        return False
