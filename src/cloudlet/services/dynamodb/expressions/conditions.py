"""Condition nodes (ConditionExpression, FilterExpression, legacy Expected/filters).

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
- Comparing values of different types is false, never an error; ``<>`` is true
  then (and when the attribute is missing).
- ``<``, ``<=``, ``>``, ``>=`` and BETWEEN order N numerically, S by UTF-8 bytes and B
  by bytes; other types never match.
- ``contains`` checks a substring of S or B, a member of a set, or an element of a
  list; ``begins_with`` works on S and B.
Each node has ``evaluate(item)``; ``item`` None means there is no item.
"""

from __future__ import annotations

from collections.abc import Sequence

from cloudlet.services.dynamodb.expressions.ast import Operand
from cloudlet.services.dynamodb.expressions.paths import Path, get_path
from cloudlet.services.dynamodb.values import (
    SET_TYPES,
    AttributeValue,
    Item,
    binary_bytes,
    compare_values,
    set_contains,
    type_of,
    values_equal,
)


class Condition:
    """Base class of every condition node."""

    __slots__ = ("parenthesized",)

    def __init__(self) -> None:
        self.parenthesized = False

    def evaluate(self, item: Item | None) -> bool:
        raise NotImplementedError


def _compare(op: str, left: AttributeValue | None, right: AttributeValue | None) -> bool:
    if op == "=":
        return values_equal(left, right)
    if op == "<>":
        return not values_equal(left, right)
    order = compare_values(left, right)
    if order is None:
        return False
    if op == "<":
        return order < 0
    if op == "<=":
        return order <= 0
    if op == ">":
        return order > 0
    return order >= 0


class Comparison(Condition):
    """``a = b``, ``a <> b``, ``a < b``, ``a <= b``, ``a > b``, ``a >= b``."""

    __slots__ = ("op", "left", "right")

    def __init__(self, op: str, left: Operand, right: Operand) -> None:
        super().__init__()
        self.op = op
        self.left = left
        self.right = right

    def evaluate(self, item: Item | None) -> bool:
        return _compare(self.op, self.left.resolve(item), self.right.resolve(item))


class Between(Condition):
    """``a BETWEEN low AND high`` (inclusive)."""

    __slots__ = ("target", "low", "high")

    def __init__(self, target: Operand, low: Operand, high: Operand) -> None:
        super().__init__()
        self.target = target
        self.low = low
        self.high = high

    def evaluate(self, item: Item | None) -> bool:
        value = self.target.resolve(item)
        low = compare_values(value, self.low.resolve(item))
        high = compare_values(value, self.high.resolve(item))
        return low is not None and high is not None and low >= 0 and high <= 0


class In(Condition):
    """``a IN (b, c, ...)``: true if a equals any of them."""

    __slots__ = ("target", "options")

    def __init__(self, target: Operand, options: Sequence[Operand]) -> None:
        super().__init__()
        self.target = target
        self.options = tuple(options)

    def evaluate(self, item: Item | None) -> bool:
        value = self.target.resolve(item)
        if value is None:
            return False
        return any(values_equal(value, option.resolve(item)) for option in self.options)


class And(Condition):
    __slots__ = ("left", "right")

    def __init__(self, left: Condition, right: Condition) -> None:
        super().__init__()
        self.left = left
        self.right = right

    def evaluate(self, item: Item | None) -> bool:
        return self.left.evaluate(item) and self.right.evaluate(item)


class Or(Condition):
    __slots__ = ("left", "right")

    def __init__(self, left: Condition, right: Condition) -> None:
        super().__init__()
        self.left = left
        self.right = right

    def evaluate(self, item: Item | None) -> bool:
        return self.left.evaluate(item) or self.right.evaluate(item)


class Not(Condition):
    __slots__ = ("inner",)

    def __init__(self, inner: Condition) -> None:
        super().__init__()
        self.inner = inner

    def evaluate(self, item: Item | None) -> bool:
        return not self.inner.evaluate(item)


class AttributeExists(Condition):
    __slots__ = ("path",)

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def evaluate(self, item: Item | None) -> bool:
        return get_path(item, self.path) is not None


class AttributeNotExists(Condition):
    __slots__ = ("path",)

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def evaluate(self, item: Item | None) -> bool:
        return get_path(item, self.path) is None


class AttributeType(Condition):
    """``attribute_type(path, :t)`` with :t one of S, SS, N, NS, B, BS, BOOL, NULL, L, M."""

    __slots__ = ("path", "type_operand")

    def __init__(self, path: Path, type_operand: Operand) -> None:
        super().__init__()
        self.path = path
        self.type_operand = type_operand

    def evaluate(self, item: Item | None) -> bool:
        value = get_path(item, self.path)
        wanted = self.type_operand.resolve(item)
        if value is None or wanted is None or "S" not in wanted:
            return False
        return bool(type_of(value) == wanted["S"])


class BeginsWith(Condition):
    """``begins_with(a, prefix)`` on S (characters) or B (bytes)."""

    __slots__ = ("target", "prefix")

    def __init__(self, target: Operand, prefix: Operand) -> None:
        super().__init__()
        self.target = target
        self.prefix = prefix

    def evaluate(self, item: Item | None) -> bool:
        value = self.target.resolve(item)
        prefix = self.prefix.resolve(item)
        if value is None or prefix is None:
            return False
        if "S" in value and "S" in prefix:
            return bool(value["S"].startswith(prefix["S"]))
        if "B" in value and "B" in prefix:
            return binary_bytes(value).startswith(binary_bytes(prefix))
        return False


class Contains(Condition):
    """``contains(a, operand)``: substring of S/B, member of a set, element of a list."""

    __slots__ = ("target", "operand")

    def __init__(self, target: Operand, operand: Operand) -> None:
        super().__init__()
        self.target = target
        self.operand = operand

    def evaluate(self, item: Item | None) -> bool:
        value = self.target.resolve(item)
        needle = self.operand.resolve(item)
        if value is None or needle is None:
            return False
        kind = type_of(value)
        if kind == "S":
            return "S" in needle and bool(needle["S"] in value["S"])
        if kind == "B":
            return "B" in needle and binary_bytes(needle) in binary_bytes(value)
        if kind in SET_TYPES:
            return set_contains(value, needle)
        if kind == "L":
            return any(values_equal(element, needle) for element in value["L"])
        return False


class Constant(Condition):
    """A condition that is always true or always false (e.g. an empty legacy filter)."""

    __slots__ = ("result",)

    def __init__(self, result: bool) -> None:
        super().__init__()
        self.result = result

    def evaluate(self, item: Item | None) -> bool:
        return self.result
