"""KeyConditionExpression: the partition key value and an optional sort key range.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html#DDB-Query-request-KeyConditionExpression
- The partition key must be tested with ``=``; the sort key with ``= < <= > >=``,
  BETWEEN or ``begins_with`` (on S or B). Conditions are joined with AND only.
- DynamoDB parses the text with the condition grammar, then rejects OR, NOT, IN,
  ``<>``, other functions, non-key or nested attributes and two conditions on one key.

LIMITATIONS: checking the value types against the table's key schema ("Condition
parameter type does not match schema type") is left to the caller, which knows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.expressions import conditions as c
from cloudlet.services.dynamodb.expressions.ast import Operand, PathOperand, ValueOperand
from cloudlet.services.dynamodb.values import (
    AttributeValue,
    Item,
    binary_bytes,
    compare_values,
    values_equal,
)

_FLIPPED = {"=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_OPS = {"=": "EQ", "<": "LT", "<=": "LE", ">": "GT", ">=": "GE"}
_FUNCTION_NAMES = {
    c.AttributeExists: "attribute_exists",
    c.AttributeNotExists: "attribute_not_exists",
    c.AttributeType: "attribute_type",
    c.Contains: "contains",
}


@dataclass
class RangeCondition:
    """The sort key test: op is EQ, LT, LE, GT, GE, BETWEEN or BEGINS_WITH."""

    op: str
    values: list[AttributeValue]

    def matches(self, value: AttributeValue | None) -> bool:
        if value is None:
            return False
        if self.op == "EQ":
            return values_equal(value, self.values[0])
        if self.op == "BEGINS_WITH":
            prefix = self.values[0]
            if "S" in value and "S" in prefix:
                return bool(value["S"].startswith(prefix["S"]))
            if "B" in value and "B" in prefix:
                return binary_bytes(value).startswith(binary_bytes(prefix))
            return False
        first = compare_values(value, self.values[0])
        if first is None:
            return False
        if self.op == "BETWEEN":
            second = compare_values(value, self.values[1])
            return second is not None and first >= 0 and second <= 0
        return {
            "LT": first < 0,
            "LE": first <= 0,
            "GT": first > 0,
            "GE": first >= 0,
        }[self.op]


@dataclass
class KeyCondition:
    """A compiled key condition for a Query."""

    hash_key: str
    hash_value: AttributeValue
    range_key: str | None = None
    range: RangeCondition | None = field(default=None)

    def matches(self, item: Item) -> bool:
        if not values_equal(item.get(self.hash_key), self.hash_value):
            return False
        if self.range is None or self.range_key is None:
            return True
        return self.range.matches(item.get(self.range_key))


def _invalid(detail: str) -> ValidationException:
    return ValidationException(detail)


def _leaves(node: c.Condition) -> list[c.Condition]:
    if isinstance(node, c.And):
        return _leaves(node.left) + _leaves(node.right)
    if isinstance(node, c.Or):
        raise _invalid("Invalid operator used in KeyConditionExpression: OR")
    if isinstance(node, c.Not):
        raise _invalid("Invalid operator used in KeyConditionExpression: NOT")
    if isinstance(node, c.In):
        raise _invalid("Invalid operator used in KeyConditionExpression: IN")
    if isinstance(node, c.Comparison) and node.op == "<>":
        raise _invalid("Invalid operator used in KeyConditionExpression: <>")
    for cls, name in _FUNCTION_NAMES.items():
        if isinstance(node, cls):
            raise _invalid(f"Invalid operator used in KeyConditionExpression: {name}")
    return [node]


def _attribute(operand: Operand) -> str:
    if not isinstance(operand, PathOperand):
        raise _invalid("Invalid operator used in KeyConditionExpression: size")
    if len(operand.path) > 1:
        raise _invalid("KeyConditionExpressions cannot have conditions on nested attributes")
    return str(operand.path[0])


def _value(operand: Operand) -> AttributeValue:
    if not isinstance(operand, ValueOperand) or operand.value is None:
        raise _invalid(
            "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"
        )
    return operand.value


def _leaf(node: c.Condition) -> tuple[str, RangeCondition]:
    if isinstance(node, c.Comparison):
        left, right, op = node.left, node.right, node.op
        if isinstance(left, ValueOperand) and isinstance(right, ValueOperand):
            raise _invalid(
                "Invalid condition in KeyConditionExpression: No key attribute specified"
            )
        if isinstance(left, ValueOperand):
            left, right, op = right, left, _FLIPPED[op]
        return _attribute(left), RangeCondition(_OPS[op], [_value(right)])
    if isinstance(node, c.Between):
        return _attribute(node.target), RangeCondition(
            "BETWEEN", [_value(node.low), _value(node.high)]
        )
    if isinstance(node, c.BeginsWith):
        return _attribute(node.target), RangeCondition("BEGINS_WITH", [_value(node.prefix)])
    raise _invalid("Query key condition not supported")  # pragma: no cover - Constant only


def key_condition_from_tree(
    tree: c.Condition, hash_key: str, range_key: str | None
) -> KeyCondition:
    """Check a parsed condition against the key schema and extract the key tests."""
    leaves = [_leaf(node) for node in _leaves(tree)]
    return build_key_condition(leaves, hash_key, range_key)


def build_key_condition(
    leaves: list[tuple[str, RangeCondition]], hash_key: str, range_key: str | None
) -> KeyCondition:
    """Validate (attribute, test) pairs against the key schema (shared with KeyConditions)."""
    if len(leaves) > 2:
        raise _invalid("Conditions can be of length 1 or 2 only")
    names = [name for name, _ in leaves]
    if len(set(names)) != len(names):
        raise _invalid("KeyConditionExpressions must only contain one condition per key")
    by_name = dict(leaves)
    if hash_key not in by_name:
        raise _invalid(f"Query condition missed key schema element: {hash_key}")
    hash_test = by_name.pop(hash_key)
    if hash_test.op != "EQ":
        raise _invalid("Query key condition not supported")
    range_test: RangeCondition | None = None
    for name, test in by_name.items():
        if range_key is None or name != range_key:
            if range_key is None:
                raise _invalid("Query key condition not supported")
            raise _invalid(f"Query condition missed key schema element: {range_key}")
        range_test = test
    return KeyCondition(hash_key, hash_test.values[0], range_key, range_test)
