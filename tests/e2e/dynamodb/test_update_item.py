"""UpdateItem: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.dynamodb.support import error_of, validation_message

KEY = {"pk": {"S": "a"}}


def test_update_creates_missing_item(ddb: Any, table: str) -> None:
    ddb.update_item(TableName=table, Key=KEY, UpdateExpression="SET x = :v",
                    ExpressionAttributeValues={":v": {"S": "1"}})
    assert ddb.get_item(TableName=table, Key=KEY)["Item"] == {"pk": {"S": "a"}, "x": {"S": "1"}}


def test_update_without_expression_creates_key_only_item(ddb: Any, table: str) -> None:
    ddb.update_item(TableName=table, Key=KEY)
    assert ddb.get_item(TableName=table, Key=KEY)["Item"] == KEY


@pytest.mark.parametrize("update", [
    {"UpdateExpression": "REMOVE x"},
    {"UpdateExpression": "REMOVE x, y.z"},
    {"UpdateExpression": "DELETE s :v", "ExpressionAttributeValues": {":v": {"SS": ["a"]}}},
    {"AttributeUpdates": {"x": {"Action": "DELETE"}}},
    {"AttributeUpdates": {"s": {"Action": "DELETE", "Value": {"SS": ["a"]}}}},
])
def test_update_that_only_removes_does_not_create_missing_item(
        ddb: Any, table: str, update: dict[str, Any]) -> None:
    # https://github.com/scylladb/scylladb/issues/5862 (checked against DynamoDB)
    out = ddb.update_item(TableName=table, Key=KEY, ReturnValues="ALL_NEW", **update)
    assert "Attributes" not in out
    assert "Item" not in ddb.get_item(TableName=table, Key=KEY)


def test_set_remove_add_delete(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={**KEY, "n": {"N": "1"}, "gone": {"S": "x"},
                                        "s": {"SS": ["a", "b"]}})
    resp = ddb.update_item(
        TableName=table, Key=KEY,
        UpdateExpression="SET n = n + :one, #m = :v REMOVE gone ADD c :one DELETE s :a",
        ExpressionAttributeNames={"#m": "m"},
        ExpressionAttributeValues={":one": {"N": "1"}, ":v": {"S": "v"}, ":a": {"SS": ["a"]}},
        ReturnValues="ALL_NEW")
    assert resp["Attributes"]["m"] == {"S": "v"}
    item = ddb.get_item(TableName=table, Key=KEY)["Item"]
    assert item["n"] == {"N": "2"} and item["c"] == {"N": "1"}
    assert item["s"] == {"SS": ["b"]} and "gone" not in item


def test_set_on_missing_map_is_a_validation_error(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item=KEY)
    message = validation_message(ddb.update_item, TableName=table, Key=KEY,
                                 UpdateExpression="SET m.k = :v",
                                 ExpressionAttributeValues={":v": {"S": "v"}})
    assert message == "The document path provided in the update expression is invalid for update"


@pytest.mark.parametrize(("mode", "expected"), [
    ("NONE", None),
    ("ALL_OLD", {"pk": {"S": "a"}, "x": {"N": "1"}, "y": {"N": "5"}}),
    ("UPDATED_OLD", {"x": {"N": "1"}}),
    ("ALL_NEW", {"pk": {"S": "a"}, "x": {"N": "2"}, "y": {"N": "5"}}),
    ("UPDATED_NEW", {"x": {"N": "2"}}),
])
def test_return_values(ddb: Any, table: str, mode: str, expected: Any) -> None:
    ddb.put_item(TableName=table, Item={**KEY, "x": {"N": "1"}, "y": {"N": "5"}})
    resp = ddb.update_item(TableName=table, Key=KEY, UpdateExpression="SET x = :v",
                           ExpressionAttributeValues={":v": {"N": "2"}}, ReturnValues=mode)
    assert resp.get("Attributes") == expected


def test_updated_new_of_nested_path(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={**KEY, "m": {"M": {"a": {"N": "1"}, "b": {"N": "2"}}}})
    resp = ddb.update_item(TableName=table, Key=KEY, UpdateExpression="SET m.a = :v",
                           ExpressionAttributeValues={":v": {"N": "3"}},
                           ReturnValues="UPDATED_NEW")
    assert resp["Attributes"] == {"m": {"M": {"a": {"N": "3"}}}}


def test_cannot_update_key_attribute(ddb: Any, table: str) -> None:
    message = validation_message(ddb.update_item, TableName=table, Key=KEY,
                                 UpdateExpression="SET pk = :v",
                                 ExpressionAttributeValues={":v": {"S": "b"}})
    assert message == ("One or more parameter values were invalid: Cannot update attribute pk. "
                       "This attribute is part of the key")


def test_condition_expression_on_update(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={**KEY, "v": {"N": "1"}})
    code, _, status = error_of(
        ddb.update_item, TableName=table, Key=KEY, UpdateExpression="SET v = :two",
        ConditionExpression="v = :zero",
        ExpressionAttributeValues={":two": {"N": "2"}, ":zero": {"N": "0"}})
    assert (code, status) == ("ConditionalCheckFailedException", 400)
    ddb.update_item(TableName=table, Key=KEY, UpdateExpression="SET v = :two",
                    ConditionExpression="v = :one",
                    ExpressionAttributeValues={":two": {"N": "2"}, ":one": {"N": "1"}})
    assert ddb.get_item(TableName=table, Key=KEY)["Item"]["v"] == {"N": "2"}


def test_condition_on_missing_item_sees_no_attributes(ddb: Any, table: str) -> None:
    code, _, _ = error_of(ddb.update_item, TableName=table, Key=KEY,
                          UpdateExpression="SET v = :v", ConditionExpression="attribute_exists(pk)",
                          ExpressionAttributeValues={":v": {"N": "1"}})
    assert code == "ConditionalCheckFailedException"
    assert "Item" not in ddb.get_item(TableName=table, Key=KEY)


def test_legacy_attribute_updates(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={**KEY, "n": {"N": "1"}, "gone": {"S": "x"}})
    ddb.update_item(TableName=table, Key=KEY, AttributeUpdates={
        "n": {"Action": "ADD", "Value": {"N": "2"}},
        "gone": {"Action": "DELETE"},
        "s": {"Action": "PUT", "Value": {"S": "v"}}})
    item = ddb.get_item(TableName=table, Key=KEY)["Item"]
    assert item == {**KEY, "n": {"N": "3"}, "s": {"S": "v"}}


def test_update_syntax_error(ddb: Any, table: str) -> None:
    message = validation_message(ddb.update_item, TableName=table, Key=KEY,
                                 UpdateExpression="SET = :v",
                                 ExpressionAttributeValues={":v": {"N": "1"}})
    assert message.startswith("Invalid UpdateExpression: Syntax error; token: \"=\"")


def test_reserved_word_needs_a_placeholder(ddb: Any, table: str) -> None:
    message = validation_message(ddb.update_item, TableName=table, Key=KEY,
                                 UpdateExpression="SET status = :v",
                                 ExpressionAttributeValues={":v": {"N": "1"}})
    assert message == ("Invalid UpdateExpression: Attribute name is a reserved keyword; "
                       "reserved keyword: status")


def test_update_past_400kb_is_rejected(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={**KEY, "a": {"S": "x" * 300_000}})
    message = validation_message(ddb.update_item, TableName=table, Key=KEY,
                                 UpdateExpression="SET b = :v",
                                 ExpressionAttributeValues={":v": {"S": "y" * 200_000}})
    assert message == "Item size to update has exceeded the maximum allowed size"


def test_arithmetic_on_wrong_type(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={**KEY, "s": {"S": "x"}})
    message = validation_message(ddb.update_item, TableName=table, Key=KEY,
                                 UpdateExpression="SET s = s + :one",
                                 ExpressionAttributeValues={":one": {"N": "1"}})
    assert message.startswith("An operand in the update expression has an incorrect data type")


def test_update_to_map_key_over_64kb_is_rejected(ddb: Any, table: str) -> None:
    """A value set by an update may not carry an attribute name over 65,535 bytes."""
    message = validation_message(
        ddb.update_item, TableName=table, Key=KEY, UpdateExpression="SET doc = :v",
        ExpressionAttributeValues={":v": {"M": {"n" * 65536: {"N": "1"}}}})
    assert message == ("1 validation error detected: Attribute name is too large, must be less "
                       "than 65536 bytes")
