"""How a PartiQL statement reaches the items: key lookups, queries or scans.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.select.html
- A SELECT whose WHERE pins the partition key with ``=`` or IN (alone, under AND, or
  in every branch of an OR) reads only those partitions, in key order; otherwise it
  scans. The whole WHERE is still evaluated on each item read.
- A sort-key test (``= < <= > >=``, BETWEEN, begins_with) ANDed with a single partition
  key equality narrows the range read.
- UPDATE and DELETE need an equality on every key attribute, ANDed at the top of the
  WHERE; the other terms become the write's condition.
"""

from __future__ import annotations

from dataclasses import dataclass

from cloudlet.services.dynamodb.backend import Bound
from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.expressions import Condition, RangeCondition
from cloudlet.services.dynamodb.expressions import conditions as c
from cloudlet.services.dynamodb.expressions.ast import Operand, PathOperand, ValueOperand
from cloudlet.services.dynamodb.keys import encode_value
from cloudlet.services.dynamodb.operations.query import key_bounds
from cloudlet.services.dynamodb.table import KeySpec
from cloudlet.services.dynamodb.values import AttributeValue, Item, values_equal

NO_KEY = "Where clause does not contain a mandatory equality on all key attributes"
_FLIPPED = {"=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_OPS = {"=": "EQ", "<": "LT", "<=": "LE", ">": "GT", ">=": "GE"}


def leaves(node: Condition | None) -> list[Condition]:
    """The terms ANDed at the top of a condition."""
    if node is None:
        return []
    if isinstance(node, c.And):
        return leaves(node.left) + leaves(node.right)
    return [node]


def conjunction(nodes: list[Condition]) -> Condition | None:
    """AND the nodes back together (None for none)."""
    result: Condition | None = None
    for node in nodes:
        result = node if result is None else c.And(result, node)
    return result


def _attribute(operand: Operand) -> str | None:
    if isinstance(operand, PathOperand) and len(operand.path) == 1:
        return str(operand.path[0])
    return None


def _value(operand: Operand) -> AttributeValue | None:
    return operand.value if isinstance(operand, ValueOperand) else None


def equality(node: Condition) -> tuple[str, AttributeValue] | None:
    """``name = value`` (either way round) as (name, value)."""
    if not isinstance(node, c.Comparison) or node.op != "=":
        return None
    for side, other in ((node.left, node.right), (node.right, node.left)):
        name, value = _attribute(side), _value(other)
        if name is not None and value is not None:
            return name, value
    return None


def key_and_condition(where: Condition, keys: KeySpec) -> tuple[Item, Condition | None]:
    """Split an UPDATE/DELETE WHERE into the item key and the remaining condition."""
    key: Item = {}
    rest: list[Condition] = []
    for node in leaves(where):
        found = equality(node)
        if found is not None and found[0] in keys.names and found[0] not in key:
            key[found[0]] = found[1]
        else:
            rest.append(node)
    if set(key) != set(keys.names):
        raise ValidationException(NO_KEY)
    return key, conjunction(rest)


def partitions(node: Condition | None, hash_name: str) -> list[AttributeValue] | None:
    """The partition key values a condition limits the items to (None: any)."""
    if node is None:
        return None
    found = equality(node)
    if found is not None:
        return [found[1]] if found[0] == hash_name else None
    if isinstance(node, c.In) and _attribute(node.target) == hash_name:
        values = [_value(o) for o in node.options]
        return None if any(v is None for v in values) else _unique(values)  # type: ignore[arg-type]
    if isinstance(node, c.And):
        left = partitions(node.left, hash_name)
        right = partitions(node.right, hash_name)
        if left is None or right is None:
            return left if right is None else right
        return [v for v in left if any(values_equal(v, w) for w in right)]
    if isinstance(node, c.Or):
        left = partitions(node.left, hash_name)
        right = partitions(node.right, hash_name)
        if left is None or right is None:
            return None
        return _unique(left + right)
    return None


def _unique(values: list[AttributeValue]) -> list[AttributeValue]:
    out: list[AttributeValue] = []
    for v in values:
        if not any(values_equal(v, w) for w in out):
            out.append(v)
    return out


@dataclass(slots=True)
class KeyRange:
    """The encoded partitions to read, and sort-key bounds (for a single partition)."""

    hashes: list[bytes]
    low: Bound | None = None
    high: Bound | None = None


def key_range(where: Condition | None, keys: KeySpec) -> KeyRange | None:
    """The partitions (and sort-key range) a SELECT reads; None for a scan."""
    values = partitions(where, keys.hash_name)
    if values is None:
        return None
    hashes = [encode_value(keys.hash_type, v) for v in values if keys.hash_type in v]
    plan = KeyRange(hashes)
    if len(values) == 1 and keys.range_name is not None and keys.range_type is not None:
        test = _range_test(where, keys.range_name, keys.range_type)
        if test is not None:
            plan.low, plan.high = key_bounds(test, keys.range_type)
    return plan


def _range_test(where: Condition | None, name: str, kind: str) -> RangeCondition | None:
    for node in leaves(where):
        test: RangeCondition | None = None
        if isinstance(node, c.Comparison) and node.op in _OPS:
            if _attribute(node.left) == name and _value(node.right) is not None:
                test = RangeCondition(_OPS[node.op], [node.right.resolve(None) or {}])
            elif _attribute(node.right) == name and _value(node.left) is not None:
                test = RangeCondition(_OPS[_FLIPPED[node.op]], [node.left.resolve(None) or {}])
        elif isinstance(node, c.Between) and _attribute(node.target) == name:
            low, high = _value(node.low), _value(node.high)
            if low is not None and high is not None:
                test = RangeCondition("BETWEEN", [low, high])
        elif (isinstance(node, c.BeginsWith) and _attribute(node.target) == name
              and kind != "N"):
            prefix = _value(node.prefix)
            if prefix is not None:
                test = RangeCondition("BEGINS_WITH", [prefix])
        if test is not None and all(kind in v for v in test.values):
            return test
    return None
