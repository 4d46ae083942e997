"""Legacy conditional parameters, turned into the same objects as expressions.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.html
- Expected (+ ConditionalOperator) -> Condition
- QueryFilter / ScanFilter (+ ConditionalOperator) -> Condition
- AttributesToGet -> Projection
- AttributeUpdates -> Update
- KeyConditions -> KeyCondition
A request may not mix these with expression parameters.

LIMITATIONS: messages for rare misuse of Expected (e.g. Value together with
ComparisonOperator) follow the pattern of DynamoDB's documented ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.expressions import conditions as c
from cloudlet.services.dynamodb.expressions.ast import (
    IfNotExists,
    ListAppend,
    Operand,
    PathOperand,
    ValueOperand,
)
from cloudlet.services.dynamodb.expressions.key_conditions import (
    KeyCondition,
    RangeCondition,
    build_key_condition,
)
from cloudlet.services.dynamodb.expressions.projection import Projection
from cloudlet.services.dynamodb.expressions.update import Update
from cloudlet.services.dynamodb.values import (
    INVALID,
    SCALAR_TYPES,
    SET_TYPES,
    AttributeValue,
    type_of,
    validate_value,
)

NON_EXPRESSION_PARAMETERS = (
    "AttributesToGet",
    "AttributeUpdates",
    "Expected",
    "KeyConditions",
    "QueryFilter",
    "ScanFilter",
    "ConditionalOperator",
)
EXPRESSION_PARAMETERS = (
    "ProjectionExpression",
    "UpdateExpression",
    "ConditionExpression",
    "KeyConditionExpression",
    "FilterExpression",
)

# ComparisonOperator -> (number of values, allowed value types or None for any)
_SCALAR = tuple(sorted(SCALAR_TYPES))
_OPERATORS: dict[str, tuple[int | None, tuple[str, ...] | None]] = {
    "EQ": (1, None),
    "NE": (1, None),
    "LE": (1, _SCALAR),
    "LT": (1, _SCALAR),
    "GE": (1, _SCALAR),
    "GT": (1, _SCALAR),
    "NOT_NULL": (0, None),
    "NULL": (0, None),
    "CONTAINS": (1, _SCALAR),
    "NOT_CONTAINS": (1, _SCALAR),
    "BEGINS_WITH": (1, ("B", "S")),
    "IN": (None, _SCALAR),
    "BETWEEN": (2, _SCALAR),
}
_COMPARATORS = {"EQ": "=", "NE": "<>", "LE": "<=", "LT": "<", "GE": ">=", "GT": ">"}
_KEY_OPERATORS = ("EQ", "LE", "LT", "GE", "GT", "BEGINS_WITH", "BETWEEN")


def reject_mixed_parameters(params: Mapping[str, Any]) -> None:
    """Refuse a request that mixes legacy and expression parameters, and placeholders
    given without any expression."""
    legacy = [p for p in NON_EXPRESSION_PARAMETERS if params.get(p) is not None]
    modern = [p for p in EXPRESSION_PARAMETERS if params.get(p) is not None]
    if legacy and modern:
        raise ValidationException(
            "Can not use both expression and non-expression parameters in the same request: "
            f"Non-expression parameters: {{{', '.join(legacy)}}} "
            f"Expression parameters: {{{', '.join(modern)}}}"
        )
    if not modern:
        if params.get("ExpressionAttributeNames") is not None:
            raise ValidationException(
                "ExpressionAttributeNames can only be specified when using expressions"
            )
        if params.get("ExpressionAttributeValues") is not None:
            raise ValidationException(
                "ExpressionAttributeValues can only be specified when using expressions"
            )


def _values(op: str, raw: Any) -> list[AttributeValue]:
    if op not in _OPERATORS:
        raise ValidationException(f"{INVALID}Unsupported ComparisonOperator: {op}")
    count, types = _OPERATORS[op]
    values = [validate_value(v) for v in (raw or [])]
    if (count is None and not values) or (count is not None and len(values) != count):
        raise ValidationException(
            f"{INVALID}Invalid number of argument(s) for the {op} ComparisonOperator"
        )
    for value in values:
        kind = type_of(value)
        if types is not None and kind not in types:
            raise ValidationException(
                f"{INVALID}ComparisonOperator {op} is not valid for {kind} AttributeValue type"
            )
    if op == "BETWEEN" and type_of(values[0]) != type_of(values[1]):
        raise ValidationException(
            f"{INVALID}AttributeValues inside AttributeValueList must be of same type"
        )
    return values


def _comparison(name: str, op: str, raw: Any) -> c.Condition:
    values = _values(op, raw)
    path = PathOperand((name,))
    consts = [ValueOperand(f":{name}", v) for v in values]
    if op in _COMPARATORS:
        return c.Comparison(_COMPARATORS[op], path, consts[0])
    if op == "NOT_NULL":
        return c.AttributeExists((name,))
    if op == "NULL":
        return c.AttributeNotExists((name,))
    if op == "CONTAINS":
        return c.Contains(path, consts[0])
    if op == "NOT_CONTAINS":
        return c.Not(c.Contains(path, consts[0]))
    if op == "BEGINS_WITH":
        return c.BeginsWith(path, consts[0])
    if op == "IN":
        return c.In(path, consts)
    return c.Between(path, consts[0], consts[1])


def _combine(parts: list[c.Condition], conditional_operator: str | None) -> c.Condition:
    if not parts:
        return c.Constant(True)
    node = parts[0]
    for part in parts[1:]:
        node = c.Or(node, part) if conditional_operator == "OR" else c.And(node, part)
    return node


def condition_from_expected(
    expected: Mapping[str, Mapping[str, Any]], conditional_operator: str | None = None
) -> c.Condition:
    """Expected (PutItem, UpdateItem, DeleteItem) as a Condition.

    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.Expected.html
    """
    parts: list[c.Condition] = []
    for name, spec in expected.items():
        exists = spec.get("Exists")
        has_value = spec.get("Value") is not None
        op = spec.get("ComparisonOperator")
        if op is not None:
            if exists is not None:
                raise ValidationException(
                    f"{INVALID}Exists and ComparisonOperator cannot be used together "
                    f"for Attribute: {name}"
                )
            if has_value:
                raise ValidationException(
                    f"{INVALID}Value and ComparisonOperator cannot be used together "
                    f"for Attribute: {name}"
                )
            parts.append(_comparison(name, op, spec.get("AttributeValueList")))
            continue
        if spec.get("AttributeValueList") is not None:
            raise ValidationException(
                f"{INVALID}AttributeValueList can only be used with a ComparisonOperator "
                f"for Attribute: {name}"
            )
        if exists is False:
            if has_value:
                raise ValidationException(
                    f"{INVALID}Value cannot be used when Exists is false for Attribute: {name}"
                )
            parts.append(c.AttributeNotExists((name,)))
            continue
        if not has_value:
            raise ValidationException(
                f"{INVALID}Value must be provided when Exists is true for Attribute: {name}"
            )
        value = validate_value(spec["Value"])
        parts.append(c.Comparison("=", PathOperand((name,)), ValueOperand(f":{name}", value)))
    return _combine(parts, conditional_operator)


def condition_from_filter(
    conditions: Mapping[str, Mapping[str, Any]], conditional_operator: str | None = None
) -> c.Condition:
    """QueryFilter or ScanFilter as a Condition.

    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.QueryFilter.html
    """
    parts = [
        _comparison(name, str(spec.get("ComparisonOperator")), spec.get("AttributeValueList"))
        for name, spec in conditions.items()
    ]
    return _combine(parts, conditional_operator)


def projection_from_attributes_to_get(names: list[str]) -> Projection:
    """AttributesToGet as a Projection of top-level attributes.

    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.AttributesToGet.html
    """
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValidationException(f"{INVALID}Duplicate value in attribute name: {name}")
        seen.add(name)
    return Projection([(name,) for name in names])


def update_from_attribute_updates(updates: Mapping[str, Mapping[str, Any]]) -> Update:
    """AttributeUpdates (UpdateItem) as an Update.

    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.AttributeUpdates.html
    - PUT sets the value; DELETE without a value removes the attribute; DELETE with a
      set removes those elements; ADD adds a number, unions a set or appends a list.
    """
    update = Update()
    for name, spec in updates.items():
        action = spec.get("Action") or "PUT"
        raw = spec.get("Value")
        path = (name,)
        if raw is None:
            if action != "DELETE":
                raise ValidationException(
                    f"{INVALID}Only DELETE action is allowed when no attribute value is specified"
                )
            update.removes.append(path)
            continue
        value = validate_value(raw)
        operand: Operand = ValueOperand(f":{name}", value)
        kind = type_of(value)
        if action == "PUT":
            update.sets.append((path, operand))
        elif action == "ADD":
            if kind == "L":
                empty = ValueOperand(":empty", {"L": []})
                update.sets.append((path, ListAppend(IfNotExists(path, empty), operand)))
            elif kind == "N" or kind in SET_TYPES:
                update.adds.append((path, operand))
            else:
                raise ValidationException(
                    f"{INVALID}ADD action is not supported for the type {kind}"
                )
        elif kind in SET_TYPES:
            update.deletes.append((path, operand))
        else:
            raise ValidationException(
                f"{INVALID}DELETE action with value is not supported for the type {kind}"
            )
    return update


def key_condition_from_key_conditions(
    conditions: Mapping[str, Mapping[str, Any]], hash_key: str, range_key: str | None
) -> KeyCondition:
    """KeyConditions (Query) as a KeyCondition.

    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.KeyConditions.html
    """
    leaves: list[tuple[str, RangeCondition]] = []
    for name, spec in conditions.items():
        op = str(spec.get("ComparisonOperator"))
        if op not in _KEY_OPERATORS:
            raise ValidationException(
                "Attempted conditional constraint is not an indexable operation"
            )
        values = _values(op, spec.get("AttributeValueList"))
        leaves.append((name, RangeCondition(op, values)))
    return build_key_condition(leaves, hash_key, range_key)
