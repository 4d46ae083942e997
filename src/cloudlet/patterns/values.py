"""Leaf matching: the array of alternatives a pattern gives one field.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
(Comparison operators for use in event patterns) and the Event Ruler README, whose validation
reasons we reproduce word for word.

A field's values are its leaf values in the event: a scalar, or the scalars of an array
(nested arrays flattened, objects skipped). An object is not a leaf, so it has no values.
Every alternative is compiled once into a plain set lookup or a small closure; matching an
event is dict and str operations only.

- exact values: strings, numbers (compared as numbers: 5 matches 5.0), true, false, null;
  types never mix (true is not 1, "5" is not 5). A string written as an IP address also
  matches other spellings of that address ("::1" and "0:0:0:0:0:0:0:1"), as in Ruler.
- ``exactly``: Ruler's explicit exact string match.
- ``prefix``/``suffix`` (a string, or ``{"equals-ignore-case": s}``), ``equals-ignore-case``,
  ``wildcard`` (``*`` any run, ``\\*`` a star, ``\\\\`` a backslash), ``cidr`` (IPv4/IPv6,
  from the address written to the top of its block; mask bits below 32 / 128),
  ``numeric`` (``=``, or one or two bounds, -5e9..5e9), only on values of their type.
  Numbers compare as Ruler's do: within -5e9..5e9, to six digits after the point.
- ``anything-but``: a value, a list of strings or of numbers, ``{"prefix"|"suffix"|
  "wildcard"|"equals-ignore-case": ...}``. It matches any present value the exclusion does
  not cover, null and other types included (AWS matches ``{"foo": null}`` against
  ``anything-but ["baz"]``); an absent field never matches.
- ``exists``: true matches a field with at least one leaf value (null counts, ``[]`` and an
  object do not); false matches a field without one.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, NoReturn

Test = Callable[[Any], bool]
Fail = Callable[[str], NoReturn]

FIVE_BILLION = 5e9
OPERATORS = frozenset({
    "exactly", "prefix", "suffix", "anything-but", "numeric", "exists", "cidr",
    "equals-ignore-case", "wildcard",
})


def number(value: Any) -> float | int | None:
    """The numeric value of a JSON number (never of a bool), else None."""
    kind = type(value)
    if kind is int or kind is float:
        return value  # type: ignore[no-any-return]
    if kind is Decimal:
        return float(value)
    return None


def comparable(value: Any) -> int | None:
    """A JSON number as Ruler compares it: -5e9..5e9, six digits after the point (beyond
    them digits are dropped, as Ruler does), else None."""
    numeric = number(value)
    if numeric is None or not -FIVE_BILLION <= numeric <= FIVE_BILLION:
        return None
    return int(1e6 * (FIVE_BILLION + float(numeric)))


def leaf_values(value: Any, out: list[Any]) -> list[Any]:
    """Append the leaf values of ``value`` (scalars; arrays flattened; objects skipped)."""
    if isinstance(value, list):
        for item in value:
            leaf_values(item, out)
    elif not isinstance(value, dict):
        out.append(value)
    return out


class Leaf:
    """The compiled alternatives of one field: it matches when any alternative does."""

    __slots__ = ("strings", "numbers", "big_numbers", "true", "false", "null", "tests",
                 "exists", "absent", "size")

    def __init__(self) -> None:
        self.strings: set[str] = set()
        self.numbers: set[int] = set()   # comparable() keys
        self.big_numbers: set[float | int] = set()   # beyond Ruler's range: compared as-is
        self.true = self.false = self.null = False
        self.tests: list[Test] = []
        self.exists = False   # {"exists": true}
        self.absent = False   # {"exists": false}
        self.size = 0         # how many alternatives the pattern gave

    def matches(self, values: list[Any]) -> bool:
        if not values:
            return self.absent
        if self.exists:
            return True
        return any(self.matches_value(value) for value in values)

    def matches_value(self, value: Any) -> bool:
        kind = type(value)
        if kind is str:
            if value in self.strings:
                return True
        elif kind is bool:
            if self.true if value else self.false:
                return True
        elif value is None:
            if self.null:
                return True
        else:
            key = comparable(value)
            if key is not None:
                if key in self.numbers:
                    return True
            elif self.big_numbers and number(value) in self.big_numbers:
                return True
        return any(test(value) for test in self.tests)


def compile_leaf(alternatives: list[Any], fail: Fail,
                 operators: frozenset[str] = OPERATORS) -> Leaf:
    """Compile a field's array of alternatives; ``fail`` raises with a reason."""
    if not alternatives:
        fail("Empty arrays are not allowed")
    leaf = Leaf()
    leaf.size = len(alternatives)
    for alternative in alternatives:
        if isinstance(alternative, dict):
            _compile_operator(leaf, alternative, fail, operators)
        elif isinstance(alternative, str):
            leaf.strings.add(alternative)
            address = ip_literal(alternative)
            if address is not None:
                leaf.tests.append(ip_equals(address))
        elif alternative is True:
            leaf.true = True
        elif alternative is False:
            leaf.false = True
        elif alternative is None:
            leaf.null = True
        elif number(alternative) is not None:
            key = comparable(alternative)
            if key is None:
                leaf.big_numbers.add(alternative)
            else:
                leaf.numbers.add(key)
        else:
            fail("Match value must be String, number, true, false, or null")
    return leaf


def _compile_operator(leaf: Leaf, expression: dict[str, Any], fail: Fail,
                      operators: frozenset[str]) -> None:
    """Compile ``{operator: argument}``. Ruler reads the first key fully before it notices a
    second one, so a bad first argument is the reason even when keys are extra."""
    if not expression:
        fail("Match expression name not found")
    operator, argument = next(iter(expression.items()))
    if operator not in operators:
        fail(f"Unrecognized match type {operator}")
    if operator == "exists":
        if argument is True:
            leaf.exists = True
        elif argument is False:
            leaf.absent = True
        else:
            fail("exists match pattern must be either true or false.")
    elif operator == "exactly":
        leaf.strings.add(_string(argument, "exact match pattern must be a string", fail))
    elif operator == "numeric":
        leaf.tests.append(_numeric(argument, fail))
    elif operator == "cidr":
        leaf.tests.append(_cidr(argument, fail))
    elif operator == "anything-but":
        leaf.tests.append(_anything_but(argument, fail, operators))
    else:
        leaf.tests.append(_string_test(operator, argument, fail))
    if len(expression) > 1:
        fail("Too many elements in numeric expression" if operator in ("numeric", "anything-but")
             else "Only one key allowed in match expression")


def _string(value: Any, reason: str, fail: Fail) -> str:
    if not isinstance(value, str):
        fail(reason)
    return value


def _string_test(operator: str, argument: Any, fail: Fail) -> Test:
    """prefix, suffix (both optionally ignoring case), equals-ignore-case, wildcard."""
    if operator in ("prefix", "suffix") and isinstance(argument, dict):
        if not argument:
            fail(f"{operator.capitalize()} expression name not found")
        inner = next(iter(argument))
        if inner != "equals-ignore-case":
            fail(f"Unsupported {operator} pattern: {inner}")
        text = _string(argument[inner], "equals-ignore-case match pattern must be a string",
                       fail).lower()
        if len(argument) > 1:
            fail("Only one key allowed in match expression")
        if operator == "prefix":
            return lambda v: type(v) is str and v.lower().startswith(text)
        return lambda v: type(v) is str and v.lower().endswith(text)
    text = _string(argument, f"{operator} match pattern must be a string", fail)
    if operator == "prefix":
        return lambda v: type(v) is str and v.startswith(text)
    if operator == "suffix":
        return lambda v: type(v) is str and v.endswith(text)
    if operator == "equals-ignore-case":
        lowered = text.lower()
        return lambda v: type(v) is str and v.lower() == lowered
    regex = wildcard_regex(text, fail)
    return lambda v: type(v) is str and regex.fullmatch(v) is not None


def wildcard_regex(text: str, fail: Fail) -> re.Pattern[str]:
    """``*`` is any run of characters; ``\\*`` and ``\\\\`` are a literal star and backslash.
    Positions in reasons are Ruler's: UTF-8 byte offsets in the quoted value."""
    parts: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        following = text[index + 1] if index + 1 < len(text) else ""
        if char == "*":
            if following == "*":
                fail(f"Consecutive wildcard characters at pos {_byte_pos(text, index)}")
            parts.append(".*")
        elif char == "\\":
            if following not in ("*", "\\"):
                fail(f"Invalid escape character at pos {_byte_pos(text, index)}")
            parts.append(re.escape(following))
            index += 1
        else:
            parts.append(re.escape(char))
        index += 1
    return re.compile("".join(parts), re.DOTALL)


def _byte_pos(text: str, index: int) -> int:
    return len(text[:index].encode()) + 1


def _bounded(value: Any, operator: str, fail: Fail) -> int:
    """A pattern's number as its comparable() key."""
    if number(value) is None:
        fail(f"Value of {'equals' if operator == '=' else operator} must be numeric")
    key = comparable(value)
    if key is None:
        fail("Value must be between -5.0E9 and 5.0E9, inclusive")
    return key


def _numeric(argument: Any, fail: Fail) -> Test:
    """``["=", n]``, ``[op, n]`` or ``[">"|">=", low, "<"|"<=", high]``."""
    if not isinstance(argument, list):
        fail("Value of numeric must be an array.")
    if not argument or not isinstance(argument[0], str):
        fail(f"Invalid member in numeric match: {_text(argument[0]) if argument else ']'}")
    first = argument[0]
    if first not in ("=", "<", "<=", ">", ">="):
        fail(f"Unrecognized numeric range operator: {first}")
    value = _bounded(argument[1] if len(argument) > 1 else None, first, fail)
    if first == "=":
        if len(argument) > 2:
            fail("Too many elements in numeric expression")
        return lambda v: comparable(v) == value
    low = high = None
    low_open = high_open = False
    if first in ("<", "<="):
        if len(argument) > 2:
            fail("Too many elements in numeric expression")
        high, high_open = value, first == "<"
    else:
        low, low_open = value, first == ">"
        if len(argument) > 2:
            second = argument[2]
            if not isinstance(second, str):
                fail(f"Bad value in numeric range: {_text(second)}")
            if second not in ("<", "<="):
                fail(f"Bad numeric range operator: {second}")
            high = _bounded(argument[3] if len(argument) > 3 else None, second, fail)
            high_open = second == "<"
            if len(argument) > 4:
                fail("Too many terms in numeric range expression")
            if high <= low:
                fail("Bottom must be less than top")
    return _range(low, low_open, high, high_open)


def _range(low: int | None, low_open: bool, high: int | None, high_open: bool) -> Test:
    def test(value: Any) -> bool:
        numeric = comparable(value)
        if numeric is None:
            return False
        if low is not None and (numeric <= low if low_open else numeric < low):
            return False
        return not (high is not None and (numeric >= high if high_open else numeric > high))
    return test


def _text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


_IPV4 = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+")
_IPV6 = re.compile(r"[0-9a-fA-F:]*:[0-9a-fA-F:]*")
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def ip_literal(text: str) -> IpAddress | None:
    """``text`` as an IP address when it is written as one (Ruler's test), else None."""
    if not (_IPV4.fullmatch(text) or _IPV6.fullmatch(text)):
        return None
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _ip_range(low: IpAddress, high: IpAddress) -> Test:
    version, bottom, top = low.version, int(low), int(high)

    def test(value: Any) -> bool:
        if type(value) is not str:
            return False
        address = ip_literal(value)
        return (address is not None and address.version == version
                and bottom <= int(address) <= top)
    return test


def ip_equals(address: IpAddress) -> Test:
    """An exact pattern string that is an IP literal also matches other spellings of it."""
    return _ip_range(address, address)


def _cidr(argument: Any, fail: Fail) -> Test:
    """Ruler's CIDR: from the address given up to it with every host bit set."""
    text = _string(argument, "prefix match pattern must be a string", fail)
    parts = text.split("/")
    if len(parts) != 2:
        fail("Malformed CIDR, one '/' required")
    address_text, bits_text = parts
    try:
        bits = int(bits_text)
    except ValueError:
        fail("Malformed CIDR, mask bits must be an integer")
    if bits < 0:
        fail("Malformed CIDR, mask bits must not be negative")
    if not (_IPV4.fullmatch(address_text) or _IPV6.fullmatch(address_text)):
        fail(f"Nonstandard IP address: {address_text}")
    try:
        address = ipaddress.ip_address(address_text)
    except ValueError:
        fail(f"Invalid IP address: {address_text}")
    width = address.max_prefixlen
    if bits > width - 1:
        fail(f"IPv{address.version} mask bits must be < {width}")
    host = (1 << (width - bits)) - 1
    top = ipaddress.ip_address(int(address) | host)
    return _ip_range(address, top)


_BUT_TYPE_REASONS = {
    "equals-ignore-case": "Inside anything-but/equals-ignore-case list, number|start|null|boolean "
                          "is not supported.",
    "wildcard": "wildcard match pattern must be a string",
    "prefix": "prefix/suffix match pattern must be a string",
    "suffix": "prefix/suffix match pattern must be a string",
}


def _anything_but(argument: Any, fail: Fail, operators: frozenset[str]) -> Test:
    """A value or list to exclude, or ``{prefix|suffix|wildcard|equals-ignore-case: a string or
    a list of strings}``; reasons (and the order they are checked in) are Ruler's."""
    if not isinstance(argument, dict):
        if not (isinstance(argument, (list, str)) or number(argument) is not None):
            fail("Value of anything-but must be an array or single string/number value.")
        return _anything_but_values(argument, fail)
    if not argument:
        fail("Anything-But expression name not found")
    operator, inner = next(iter(argument.items()))
    if operator not in _BUT_TYPE_REASONS or (
            operator == "wildcard" and "wildcard" not in operators):
        fail(f"Unsupported anything-but pattern: {operator}")
    if not (isinstance(inner, (list, str)) or number(inner) is not None):
        fail("Value of anything-but must be an array or single string/number value.")
    items = inner if isinstance(inner, list) else [inner]
    if not all(isinstance(item, str) for item in items):
        fail(_BUT_TYPE_REASONS[operator])
    if operator in ("prefix", "suffix") and "" in items:
        fail("Null prefix/suffix not allowed")
    test = _anything_but_strings(operator, items, fail)
    if len(argument) > 1:
        fail("Too many elements in numeric expression")
    return test


def _anything_but_strings(operator: str, items: list[str], fail: Fail) -> Test:
    """Any string value none of ``items`` covers, and every non-string value."""
    if operator == "equals-ignore-case":
        words = frozenset(item.lower() for item in items)
        return lambda v: type(v) is not str or v.lower() not in words
    if operator == "prefix":
        prefixes = tuple(items)
        return lambda v: type(v) is not str or not v.startswith(prefixes)
    if operator == "suffix":
        suffixes = tuple(items)
        return lambda v: type(v) is not str or not v.endswith(suffixes)
    regexes = [wildcard_regex(item, fail) for item in items]
    return lambda v: type(v) is not str or not any(r.fullmatch(v) for r in regexes)


def _anything_but_values(argument: Any, fail: Fail) -> Test:
    """``anything-but`` a string, a number, or a list of only strings or only numbers."""
    if isinstance(argument, list):
        strings = [v for v in argument if isinstance(v, str)]
        numbers = [v for v in argument if number(v) is not None]
        if len(strings) + len(numbers) != len(argument):
            fail("Inside anything but list, start|null|boolean is not supported.")
        if bool(strings) == bool(numbers):
            fail("Inside anything but list, either all values are number or string, "
                 "mixed type is not supported")
        return _excluding(strings, numbers, fail)
    if isinstance(argument, str):
        return _excluding([argument], [], fail)
    return _excluding([], [argument], fail)


def _excluding(strings: Iterable[str], numbers: Iterable[Any], fail: Fail) -> Test:
    excluded_strings = set(strings)
    excluded_numbers = {_bounded(n, "anything-but", fail) for n in numbers}

    def test(value: Any) -> bool:
        if type(value) is str:
            return value not in excluded_strings
        return comparable(value) not in excluded_numbers
    return test
