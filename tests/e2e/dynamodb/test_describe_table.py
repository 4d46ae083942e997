"""DescribeTable: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTable.html"""

from __future__ import annotations

from typing import Any

from tests.e2e.dynamodb.support import error_of


def test_item_count_and_size(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"S": "12345"}})
    ddb.put_item(TableName=table, Item={"pk": {"S": "b"}})
    desc = ddb.describe_table(TableName=table)["Table"]
    assert desc["ItemCount"] == 2
    assert desc["TableSizeBytes"] == (2 + 1 + 1 + 5) + (2 + 1)


def test_unknown_table_is_not_found(ddb: Any) -> None:
    code, message, status = error_of(ddb.describe_table, TableName="nothere")
    assert (code, status) == ("ResourceNotFoundException", 400)
    assert message == "Requested resource not found: Table: nothere not found"


def test_describe_by_table_arn(ddb: Any, table: str) -> None:
    arn = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    assert ddb.describe_table(TableName=arn)["Table"]["TableName"] == table
