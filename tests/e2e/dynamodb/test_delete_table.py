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


def test_delete_protected_table_fails_with_aws_message(ddb: Any,
                                                        make_table: Callable[..., str]) -> None:
    """A table with DeletionProtectionEnabled cannot be deleted: ValidationException (400)
    with DynamoDB's text; the table and its items stay.
    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection
    """
    name = make_table(DeletionProtectionEnabled=True)
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}})

    code, message, status = error_of(ddb.delete_table, TableName=name)

    assert (code, status) == ("ValidationException", 400)
    assert message == ("Resource cannot be deleted as it is currently protected against "
                       "deletion. Disable deletion protection first.")
    assert ddb.describe_table(TableName=name)["Table"]["TableStatus"] == "ACTIVE"
    assert ddb.scan(TableName=name)["Count"] == 1


def test_deletion_protection_is_described(ddb: Any, make_table: Callable[..., str]) -> None:
    """DescribeTable reports DeletionProtectionEnabled (false by default); UpdateTable
    switches it."""
    plain = make_table()
    assert ddb.describe_table(TableName=plain)["Table"]["DeletionProtectionEnabled"] is False
    protected = make_table(DeletionProtectionEnabled=True)
    assert ddb.describe_table(TableName=protected)["Table"]["DeletionProtectionEnabled"] is True

    desc = ddb.update_table(TableName=plain, DeletionProtectionEnabled=True)["TableDescription"]

    assert desc["DeletionProtectionEnabled"] is True
    assert error_of(ddb.delete_table, TableName=plain)[0] == "ValidationException"
