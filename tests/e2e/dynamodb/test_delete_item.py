"""DeleteItem: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteItem.html"""

from __future__ import annotations

from typing import Any

from tests.e2e.dynamodb.support import error_of, validation_message

KEY = {"pk": {"S": "a"}}


def test_delete_removes_the_item(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item=KEY)
    assert "Attributes" not in ddb.delete_item(TableName=table, Key=KEY)
    assert "Item" not in ddb.get_item(TableName=table, Key=KEY)


def test_delete_of_missing_item_succeeds(ddb: Any, table: str) -> None:
    resp = ddb.delete_item(TableName=table, Key=KEY, ReturnValues="ALL_OLD")
    assert "Attributes" not in resp


def test_delete_returns_old_item(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={**KEY, "v": {"N": "1"}})
    resp = ddb.delete_item(TableName=table, Key=KEY, ReturnValues="ALL_OLD")
    assert resp["Attributes"] == {**KEY, "v": {"N": "1"}}


def test_delete_with_condition(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={**KEY, "v": {"N": "1"}})
    code, _, _ = error_of(ddb.delete_item, TableName=table, Key=KEY,
                          ConditionExpression="v > :x",
                          ExpressionAttributeValues={":x": {"N": "5"}})
    assert code == "ConditionalCheckFailedException"
    ddb.delete_item(TableName=table, Key=KEY, ConditionExpression="v < :x",
                    ExpressionAttributeValues={":x": {"N": "5"}})
    assert "Item" not in ddb.get_item(TableName=table, Key=KEY)


def test_delete_return_values_all_new_is_invalid(ddb: Any, table: str) -> None:
    message = validation_message(ddb.delete_item, TableName=table, Key=KEY,
                                 ReturnValues="ALL_NEW")
    assert message == "ReturnValues can only be ALL_OLD or NONE"
