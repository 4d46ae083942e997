"""KeyConditionExpression: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html"""

from typing import Any

import pytest

from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.expressions import (
    ExpressionContext,
    KeyCondition,
    RangeCondition,
    compile_key_condition,
)

VALUES: dict[str, Any] = {":p": {"S": "x"}, ":c": {"N": "3"}, ":d": {"N": "7"}, ":s": {"S": "ab"}}


def compile_kc(
    text: str, range_key: str | None = "c", names: dict[str, str] | None = None
) -> KeyCondition:
    return compile_key_condition(text, ExpressionContext(names, VALUES), "p", range_key)


def error(text: str, range_key: str | None = "c") -> str:
    with pytest.raises(ValidationException) as err:
        compile_kc(text, range_key)
    return err.value.message


def test_hash_only() -> None:
    kc = compile_kc("p = :p", None)
    assert kc.hash_value == {"S": "x"} and kc.range is None
    assert kc.matches({"p": {"S": "x"}}) and not kc.matches({"p": {"S": "y"}})


@pytest.mark.parametrize(
    ("text", "op", "count"),
    [
        ("p = :p AND c = :c", "EQ", 1),
        ("p = :p AND c < :c", "LT", 1),
        ("p = :p AND c <= :c", "LE", 1),
        ("p = :p AND c > :c", "GT", 1),
        ("p = :p AND c >= :c", "GE", 1),
        ("p = :p AND c BETWEEN :c AND :d", "BETWEEN", 2),
        ("p = :p AND begins_with(c, :s)", "BEGINS_WITH", 1),
        ("c = :c AND p = :p", "EQ", 1),
        ("((c = :c) AND (p = :p))", "EQ", 1),
        (":p = p AND :c < c", "GT", 1),
    ],
)
def test_range_operators(text: str, op: str, count: int) -> None:
    kc = compile_kc(text)
    assert kc.range is not None and kc.range.op == op and len(kc.range.values) == count


def test_names_and_matching() -> None:
    kc = compile_kc("#a = :p AND #b BETWEEN :c AND :d", names={"#a": "p", "#b": "c"})
    assert kc.matches({"p": {"S": "x"}, "c": {"N": "3"}})
    assert not kc.matches({"p": {"S": "x"}, "c": {"N": "8"}})
    assert RangeCondition("BEGINS_WITH", [{"S": "ab"}]).matches({"S": "abc"})
    assert not RangeCondition("LT", [{"N": "1"}]).matches({"S": "0"})


def test_rejected_forms() -> None:
    assert error("c = :c") == "Query condition missed key schema element: p"
    assert error("p < :p") == "Query key condition not supported"
    assert error("p = :p AND a < :c") == "Query condition missed key schema element: c"
    assert error("p = :p AND c = :c AND a = :d") == "Conditions can be of length 1 or 2 only"
    assert (
        error("p = :p AND p = :p")
        == "KeyConditionExpressions must only contain one condition per key"
    )
    assert error("p = :p AND c >= :c AND c <= :d") == "Conditions can be of length 1 or 2 only"
    assert error("p = :p AND c <> :c") == "Invalid operator used in KeyConditionExpression: <>"
    assert error("p = :p AND c IN (:c)") == "Invalid operator used in KeyConditionExpression: IN"
    assert error("c = :c OR p = :p") == "Invalid operator used in KeyConditionExpression: OR"
    assert error("NOT c = :c AND p = :p") == "Invalid operator used in KeyConditionExpression: NOT"
    assert error("p = :p AND attribute_exists(c)") == (
        "Invalid operator used in KeyConditionExpression: attribute_exists"
    )
    assert error("p = :p AND dog(c, :c)") == (
        "Invalid KeyConditionExpression: Invalid function name; function: dog"
    )
    assert error("p = :p AND begins_with(c, :c)") == (
        "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
        "operator or function: begins_with, operand type: N"
    )
    assert error("p = :p AND c.x < :c") == (
        "KeyConditionExpressions cannot have conditions on nested attributes"
    )
    assert error("p = c") == (
        "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"
    )
    assert (
        error(":p = :c")
        == "Invalid condition in KeyConditionExpression: No key attribute specified"
    )
    assert error("p") == 'Invalid KeyConditionExpression: Syntax error; token: "<EOF>", near: "p"'
    assert error("p = :p AND c = :c", None) == "Query key condition not supported"
    assert error("p = :p AND c BETWEEN :d AND :c").startswith(
        "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound"
    )
