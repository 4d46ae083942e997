"""AttributeValue helpers: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html"""

import base64
from typing import Any

import pytest

from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.values import (
    check_attribute_names,
    clone,
    compare_values,
    format_value,
    item_size,
    set_contains,
    size_function,
    type_of,
    validate_expression_values,
    validate_item,
    validate_value,
    value_size,
    values_equal,
)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def error_of(value: Any) -> str:
    with pytest.raises(ValidationException) as err:
        validate_value(value)
    return err.value.message


def test_valid_values_are_returned_normalised() -> None:
    assert validate_value({"N": "1.50"}) == {"N": "1.5"}
    assert validate_value({"NS": ["1e2", "2"]}) == {"NS": ["100", "2"]}
    assert validate_value({"M": {"a": {"L": [{"N": "01"}]}}}) == {"M": {"a": {"L": [{"N": "1"}]}}}
    assert validate_value({"S": ""}) == {"S": ""}
    assert validate_value({"NULL": True}) == {"NULL": True}
    assert validate_value({"BOOL": False}) == {"BOOL": False}
    assert validate_value({"B": b"ab"}) == {"B": b64(b"ab")}
    assert validate_value({"SS": [""]}) == {"SS": [""]}
    assert validate_value({"L": []}) == {"L": []}
    assert validate_value({"M": {}}) == {"M": {}}


def test_empty_value() -> None:
    msg = "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
    assert error_of({}) == msg
    assert error_of("x") == msg


def test_more_than_one_type() -> None:
    assert error_of({"S": "a", "N": "1"}) == (
        "Supplied AttributeValue has more than one datatypes set, "
        "must contain exactly one of the supported datatypes"
    )


@pytest.mark.parametrize(("kind", "word"), [("SS", "string"), ("NS", "number"), ("BS", "binary")])
def test_empty_sets(kind: str, word: str) -> None:
    assert error_of({kind: []}) == (
        f"One or more parameter values were invalid: An {word} set  may not be empty"
    )


def test_duplicates_in_sets() -> None:
    prefix = "One or more parameter values were invalid: "
    assert error_of({"SS": ["a", "a"]}) == prefix + "Input collection [a, a] contains duplicates."
    assert (
        error_of({"NS": ["1", "1.0"]}) == prefix + "Input collection [1, 1.0] contains duplicates."
    )
    assert "duplicates" in error_of({"BS": [b64(b"x"), b64(b"x")]})
    assert "duplicates" in error_of({"M": {"a": {"SS": ["x", "x"]}}})


def test_null_must_be_true() -> None:
    assert error_of({"NULL": False}) == (
        "One or more parameter values were invalid: "
        "Null attribute value types must have the value of true"
    )


def test_invalid_number_inside_document() -> None:
    assert (
        error_of({"L": [{"N": "abc"}]})
        == "The parameter cannot be converted to a numeric value: abc"
    )


def test_nesting_limit() -> None:
    value: dict[str, Any] = {"S": "x"}
    for _ in range(31):
        value = {"L": [value]}
    validate_value(value)  # 32 levels
    assert error_of({"L": [value]}) == "Nesting Levels have exceeded supported limits"


def test_validate_item_and_expression_values() -> None:
    assert validate_item({"a": {"N": "1.0"}}) == {"a": {"N": "1"}}
    with pytest.raises(ValidationException) as err:
        validate_expression_values({":v": {"SS": []}})
    assert err.value.message == (
        "ExpressionAttributeValues contains invalid value: One or more parameter values were "
        "invalid: An string set  may not be empty for key :v"
    )


def test_equality() -> None:
    assert values_equal({"N": "1"}, {"N": "1.0"})
    assert not values_equal({"N": "1"}, {"S": "1"})
    assert values_equal({"SS": ["a", "b"]}, {"SS": ["b", "a"]})
    assert values_equal({"NS": ["1", "2"]}, {"NS": ["2.0", "1"]})
    assert values_equal({"B": b64(b"x")}, {"B": b64(b"x")})
    assert values_equal({"M": {"a": {"N": "1"}}}, {"M": {"a": {"N": "1.0"}}})
    assert not values_equal({"L": [{"N": "1"}]}, {"L": [{"N": "1"}, {"N": "2"}]})
    assert not values_equal(None, {"N": "1"})
    assert values_equal({"NULL": True}, {"NULL": True})


def test_ordering() -> None:
    assert compare_values({"N": "2"}, {"N": "10"}) == -1
    assert compare_values({"S": "2"}, {"S": "10"}) == 1
    assert compare_values({"S": "a"}, {"S": "a"}) == 0
    # UTF-8 byte order: U+FFFD sorts after U+00E9
    assert compare_values({"S": "\u00e9"}, {"S": "\ufffd"}) == -1
    assert compare_values({"B": b64(bytes([127]))}, {"B": b64(bytes([128]))}) == -1
    assert compare_values({"N": "1"}, {"S": "1"}) is None
    assert compare_values({"SS": ["a"]}, {"SS": ["a"]}) is None


def test_set_contains() -> None:
    assert set_contains({"NS": ["1", "2"]}, {"N": "2.0"})
    assert not set_contains({"NS": ["1"]}, {"S": "1"})
    assert set_contains({"BS": [b64(b"a")]}, {"B": b64(b"a")})


def test_size_function() -> None:
    assert size_function({"S": "abc"}) == 3
    assert size_function({"S": "\u00e9\U0001d11e"}) == 3  # UTF-16 code units
    assert size_function({"B": b64(b"abcd")}) == 4
    assert size_function({"SS": ["a", "b"]}) == 2
    assert size_function({"L": [{"N": "1"}]}) == 1
    assert size_function({"M": {"a": {"N": "1"}, "b": {"N": "1"}}}) == 2
    assert size_function({"N": "1"}) is None
    assert size_function(None) is None


def test_item_size() -> None:
    assert item_size({"ab": {"S": "xyz"}}) == 5
    assert item_size({"a": {"BOOL": True}, "b": {"NULL": True}}) == 4
    assert item_size({"a": {"N": "123"}}) == 1 + 3
    assert value_size({"M": {"k": {"S": "v"}}}) == 3 + 1 + 1 + 1
    assert value_size({"L": [{"S": "v"}, {"S": "w"}]}) == 3 + 2 + 2
    assert value_size({"SS": ["ab", "c"]}) == 3
    assert value_size({"B": b64(b"abcd")}) == 4
    assert item_size({"\u00e9": {"S": "\u00e9"}}) == 4


def test_type_clone_format() -> None:
    assert type_of({"SS": ["a"]}) == "SS"
    original = {"M": {"l": {"L": [{"S": "x"}]}}}
    copy = clone(original)
    copy["M"]["l"]["L"].append({"S": "y"})
    assert len(original["M"]["l"]["L"]) == 1
    assert format_value({"N": "5"}) == "{N:5}"
    assert format_value({"SS": ["a", "b"]}) == "{SS:[a, b]}"


def test_check_attribute_names_skips_small_items() -> None:
    check_attribute_names({"n" * 70000: {"S": "v"}}, 100)  # size says small: not looked at


def test_check_attribute_names_finds_nested_map_keys() -> None:
    item = {"doc": {"L": [{"M": {"n" * 65536: {"S": "v"}}}]}}
    with pytest.raises(ValidationException, match="Attribute name is too large"):
        check_attribute_names(item, 70000)
    check_attribute_names({"doc": {"M": {"n" * 65535: {"S": "v"}}}}, 70000)
