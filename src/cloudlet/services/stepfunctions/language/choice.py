"""Choice rules of the JSONPath query language.

https://states-language.net/spec.html#choice-state
https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html

Every comparison operator and its ``...Path`` form (compared with the value another path
selects), ``Is*`` type tests, ``StringMatches`` (``*`` any run, ``\\*`` a literal star),
and ``And``/``Or``/``Not``. A comparison whose variable is missing raises
``States.Runtime``; one whose value has the wrong type is false, as in AWS.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import Any

from cloudlet.services.stepfunctions.language.errors import StatesError
from cloudlet.services.stepfunctions.language.jsonpath import _MISSING, Sources, _read, select


def parse_timestamp(value: Any) -> datetime | None:
    """An RFC 3339 timestamp (with an offset or ``Z``), or None."""
    if not isinstance(value, str) or "T" not in value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


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
    value = select(variable, src, "Variable")
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
        if path.startswith("$$"):
            return _read("$" + path[2:], src.context) is not _MISSING
        select(path, src, "Variable")
        return True
    except StatesError:
        return False
