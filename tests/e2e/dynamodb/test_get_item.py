"""GetItem: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetItem.html"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.e2e.dynamodb.support import validation_message


def test_missing_item_has_no_item_member(ddb: Any, table: str) -> None:
    resp = ddb.get_item(TableName=table, Key={"pk": {"S": "nope"}})
    assert "Item" not in resp


def test_consistent_read(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}})
    resp = ddb.get_item(TableName=table, Key={"pk": {"S": "a"}}, ConsistentRead=True)
    assert resp["Item"] == {"pk": {"S": "a"}}


def test_projection_expression_with_nested_paths(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={
        "pk": {"S": "a"}, "x": {"N": "1"},
        "m": {"M": {"in": {"S": "v"}, "other": {"S": "w"}}},
        "l": {"L": [{"S": "0"}, {"S": "1"}]}})
    resp = ddb.get_item(TableName=table, Key={"pk": {"S": "a"}},
                        ProjectionExpression="#m.#in, l[1]",
                        ExpressionAttributeNames={"#m": "m", "#in": "in"})
    assert resp["Item"] == {"m": {"M": {"in": {"S": "v"}}}, "l": {"L": [{"S": "1"}]}}


def test_attributes_to_get(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "x": {"N": "1"}, "y": {"N": "2"}})
    resp = ddb.get_item(TableName=table, Key={"pk": {"S": "a"}}, AttributesToGet=["x"])
    assert resp["Item"] == {"x": {"N": "1"}}


def test_key_must_match_schema(ddb: Any, sorted_table: str) -> None:
    expected = "The provided key element does not match the schema"
    assert validation_message(ddb.get_item, TableName=sorted_table,
                              Key={"pk": {"S": "a"}}) == expected
    assert validation_message(ddb.get_item, TableName=sorted_table,
                              Key={"pk": {"S": "a"}, "sk": {"S": "1"}}) == expected
    assert validation_message(ddb.get_item, TableName=sorted_table,
                              Key={"pk": {"S": "a"}, "sk": {"N": "1"},
                                   "x": {"S": "b"}}) == expected


def test_empty_string_key_in_get(ddb: Any, table: str) -> None:
    message = validation_message(ddb.get_item, TableName=table, Key={"pk": {"S": ""}})
    assert message == ("One or more parameter values are not valid. The AttributeValue for a key "
                       "attribute cannot contain an empty string value. Key: pk")


def test_number_and_binary_keys(ddb: Any, make_table: Callable[..., str]) -> None:
    name = make_table(hash_type="N", range_key="b", range_type="B")
    ddb.put_item(TableName=name, Item={"pk": {"N": "1.50"}, "b": {"B": b"\x00\xff"}})
    resp = ddb.get_item(TableName=name, Key={"pk": {"N": "1.5"}, "b": {"B": b"\x00\xff"}})
    assert resp["Item"] == {"pk": {"N": "1.5"}, "b": {"B": b"\x00\xff"}}


def test_mixing_expression_and_legacy_parameters(ddb: Any, table: str) -> None:
    message = validation_message(ddb.get_item, TableName=table, Key={"pk": {"S": "a"}},
                                 AttributesToGet=["x"], ProjectionExpression="x")
    assert message.startswith("Can not use both expression and non-expression parameters")
