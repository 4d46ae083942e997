"""Legacy conditional parameters: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.html"""

from typing import Any

import pytest

from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.expressions.legacy import (
    condition_from_expected,
    condition_from_filter,
    key_condition_from_key_conditions,
    projection_from_attributes_to_get,
    reject_mixed_parameters,
    update_from_attribute_updates,
)

ITEM: dict[str, Any] = {"a": {"N": "5"}, "s": {"S": "hello"}, "ss": {"SS": ["x"]}, "l": {"L": []}}
INVALID = "One or more parameter values were invalid: "


def test_mixing_is_rejected() -> None:
    with pytest.raises(ValidationException) as err:
        reject_mixed_parameters({"AttributesToGet": ["a"], "ProjectionExpression": "a"})
    assert err.value.message == (
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}"
    )
    with pytest.raises(
        ValidationException, match="^ExpressionAttributeNames can only be specified"
    ):
        reject_mixed_parameters({"ExpressionAttributeNames": {"#a": "a"}})
    reject_mixed_parameters({"Expected": {}, "ConditionalOperator": "OR"})


def test_expected_value_and_exists() -> None:
    cond = condition_from_expected({"a": {"Value": {"N": "5"}}, "b": {"Exists": False}})
    assert cond.evaluate(ITEM)
    assert not condition_from_expected({"a": {"Value": {"N": "6"}}}).evaluate(ITEM)
    assert condition_from_expected(
        {"a": {"Value": {"N": "6"}}, "s": {"Exists": True, "Value": {"S": "hello"}}}, "OR"
    ).evaluate(ITEM)


def test_expected_comparison_operators() -> None:
    def ok(name: str, op: str, values: list[Any] | None = None) -> bool:
        spec: dict[str, Any] = {"ComparisonOperator": op}
        if values is not None:
            spec["AttributeValueList"] = values
        return condition_from_expected({name: spec}).evaluate(ITEM)

    assert (
        ok("a", "EQ", [{"N": "5"}]) and ok("a", "NE", [{"N": "4"}]) and ok("zz", "NE", [{"N": "4"}])
    )
    assert ok("a", "GT", [{"N": "4"}]) and ok("a", "GE", [{"N": "5"}])
    assert ok("a", "LT", [{"N": "6"}]) and ok("a", "LE", [{"N": "5"}])
    assert ok("a", "NOT_NULL") and ok("zz", "NULL") and not ok("a", "NULL")
    assert ok("s", "CONTAINS", [{"S": "ell"}]) and ok("ss", "CONTAINS", [{"S": "x"}])
    assert ok("s", "NOT_CONTAINS", [{"S": "zz"}])
    assert ok("s", "BEGINS_WITH", [{"S": "he"}])
    assert ok("a", "IN", [{"N": "1"}, {"N": "5"}])
    assert ok("a", "BETWEEN", [{"N": "1"}, {"N": "5"}])


def test_expected_errors() -> None:
    def error(expected: dict[str, Any]) -> str:
        with pytest.raises(ValidationException) as err:
            condition_from_expected(expected)
        return err.value.message

    assert error({"a": {"Exists": False, "Value": {"N": "1"}}}) == (
        INVALID + "Value cannot be used when Exists is false for Attribute: a"
    )
    assert error({"a": {"Exists": True}}) == (
        INVALID + "Value must be provided when Exists is true for Attribute: a"
    )
    assert error({"a": {"ComparisonOperator": "EQ", "AttributeValueList": []}}) == (
        INVALID + "Invalid number of argument(s) for the EQ ComparisonOperator"
    )
    assert error({"a": {"ComparisonOperator": "GT", "AttributeValueList": [{"SS": ["x"]}]}}) == (
        INVALID + "ComparisonOperator GT is not valid for SS AttributeValue type"
    )
    assert "number of argument(s) for the NULL" in error(
        {"a": {"ComparisonOperator": "NULL", "AttributeValueList": [{"N": "1"}]}}
    )


def test_filters() -> None:
    cond = condition_from_filter(
        {
            "a": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "1"}]},
            "s": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "no"}]},
        },
        "OR",
    )
    assert cond.evaluate(ITEM)
    assert condition_from_filter({}).evaluate(ITEM)


def test_attributes_to_get() -> None:
    projection = projection_from_attributes_to_get(["a", "s", "zz"])
    assert projection.apply(ITEM) == {"a": {"N": "5"}, "s": {"S": "hello"}}
    assert projection.top_level_names == {"a", "s", "zz"}
    with pytest.raises(ValidationException, match="Duplicate value in attribute name: a"):
        projection_from_attributes_to_get(["a", "a"])


def test_attribute_updates() -> None:
    update = update_from_attribute_updates(
        {
            "a": {"Action": "ADD", "Value": {"N": "2"}},
            "s": {"Action": "DELETE"},
            "ss": {"Action": "ADD", "Value": {"SS": ["y"]}},
            "l": {"Action": "ADD", "Value": {"L": [{"N": "1"}]}},
            "new": {"Value": {"S": "v"}},
            "newl": {"Action": "ADD", "Value": {"L": [{"N": "1"}]}},
        }
    )
    out = update.apply(ITEM)
    assert out["a"] == {"N": "7"} and "s" not in out
    assert out["ss"] == {"SS": ["x", "y"]}
    assert out["l"] == {"L": [{"N": "1"}]} and out["newl"] == {"L": [{"N": "1"}]}
    assert out["new"] == {"S": "v"}
    out = update_from_attribute_updates({"ss": {"Action": "DELETE", "Value": {"SS": ["x"]}}}).apply(
        ITEM
    )
    assert "ss" not in out
    with pytest.raises(ValidationException) as err:
        update_from_attribute_updates({"a": {"Action": "PUT"}})
    assert err.value.message == (
        INVALID + "Only DELETE action is allowed when no attribute value is specified"
    )
    with pytest.raises(ValidationException, match="DELETE action with value is not supported"):
        update_from_attribute_updates({"a": {"Action": "DELETE", "Value": {"N": "1"}}})


def test_key_conditions() -> None:
    kc = key_condition_from_key_conditions(
        {
            "p": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "x"}]},
            "c": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "1"}, {"N": "3"}]},
        },
        "p",
        "c",
    )
    assert kc.hash_value == {"S": "x"} and kc.range is not None and kc.range.op == "BETWEEN"
    with pytest.raises(ValidationException) as err:
        key_condition_from_key_conditions(
            {"p": {"ComparisonOperator": "NE", "AttributeValueList": [{"S": "x"}]}}, "p", None
        )
    assert err.value.message == "Attempted conditional constraint is not an indexable operation"
    with pytest.raises(ValidationException, match="missed key schema element: p"):
        key_condition_from_key_conditions(
            {"c": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]}}, "p", "c"
        )
