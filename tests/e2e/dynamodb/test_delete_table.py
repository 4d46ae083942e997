"""DeleteTable: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteTable.html"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.e2e.dynamodb.support import create_table, error_of, validation_message


def test_delete_returns_deleting_and_removes_the_table(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}})
    desc = ddb.delete_table(TableName=table)["TableDescription"]
    assert desc["TableStatus"] == "DELETING"
    ddb.get_waiter("table_not_exists").wait(TableName=table, WaiterConfig={"Delay": 1})
    assert error_of(ddb.describe_table, TableName=table)[0] == "ResourceNotFoundException"
    create_table(ddb, table)
    assert ddb.scan(TableName=table)["Count"] == 0


def test_delete_unknown_table(ddb: Any) -> None:
    assert error_of(ddb.delete_table, TableName="nothere")[0] == "ResourceNotFoundException"


def test_deletion_protection(ddb: Any, make_table: Callable[..., str]) -> None:
    name = make_table(DeletionProtectionEnabled=True)
    message = validation_message(ddb.delete_table, TableName=name)
    assert "protected against deletion" in message
    ddb.update_table(TableName=name, DeletionProtectionEnabled=False)
    ddb.delete_table(TableName=name)
