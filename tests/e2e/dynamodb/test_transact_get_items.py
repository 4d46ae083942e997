"""TransactGetItems: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactGetItems.html"""

from __future__ import annotations

from typing import Any

from tests.e2e.dynamodb.support import validation_message


def test_reads_in_order_with_projection(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "x": {"N": "1"}, "y": {"N": "2"}})
    resp = ddb.transact_get_items(TransactItems=[
        {"Get": {"TableName": table, "Key": {"pk": {"S": "missing"}}}},
        {"Get": {"TableName": table, "Key": {"pk": {"S": "a"}}, "ProjectionExpression": "y"}}])
    assert resp["Responses"] == [{}, {"Item": {"y": {"N": "2"}}}]


def test_two_reads_of_one_item_are_rejected(ddb: Any, table: str) -> None:
    message = validation_message(ddb.transact_get_items, TransactItems=[
        {"Get": {"TableName": table, "Key": {"pk": {"S": "a"}}}},
        {"Get": {"TableName": table, "Key": {"pk": {"S": "a"}}}}])
    assert message == "Transaction request cannot include multiple operations on one item"
