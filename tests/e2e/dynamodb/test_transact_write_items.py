"""TransactWriteItems: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.dynamodb.support import error_of, validation_message


def test_all_actions_commit_together(ddb: Any, make_table: Callable[..., str]) -> None:
    a, b = make_table(), make_table()
    ddb.put_item(TableName=a, Item={"pk": {"S": "check"}, "v": {"N": "1"}})
    ddb.put_item(TableName=b, Item={"pk": {"S": "del"}})
    ddb.put_item(TableName=b, Item={"pk": {"S": "upd"}, "n": {"N": "1"}})
    ddb.transact_write_items(TransactItems=[
        {"ConditionCheck": {"TableName": a, "Key": {"pk": {"S": "check"}},
                            "ConditionExpression": "v = :one",
                            "ExpressionAttributeValues": {":one": {"N": "1"}}}},
        {"Put": {"TableName": a, "Item": {"pk": {"S": "new"}}}},
        {"Delete": {"TableName": b, "Key": {"pk": {"S": "del"}}}},
        {"Update": {"TableName": b, "Key": {"pk": {"S": "upd"}},
                    "UpdateExpression": "SET n = n + :one",
                    "ExpressionAttributeValues": {":one": {"N": "1"}}}},
    ])
    assert "Item" in ddb.get_item(TableName=a, Key={"pk": {"S": "new"}})
    assert "Item" not in ddb.get_item(TableName=b, Key={"pk": {"S": "del"}})
    assert ddb.get_item(TableName=b, Key={"pk": {"S": "upd"}})["Item"]["n"] == {"N": "2"}


def test_update_that_only_removes_does_not_create_missing_item(ddb: Any, table: str) -> None:
    ddb.transact_write_items(TransactItems=[
        {"Update": {"TableName": table, "Key": {"pk": {"S": "gone"}},
                    "UpdateExpression": "REMOVE x"}},
        {"Put": {"TableName": table, "Item": {"pk": {"S": "other"}}}},
    ])
    assert "Item" not in ddb.get_item(TableName=table, Key={"pk": {"S": "gone"}})
    assert "Item" in ddb.get_item(TableName=table, Key={"pk": {"S": "other"}})


def test_failed_condition_cancels_everything(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"N": "1"}})
    with pytest.raises(ClientError) as err:
        ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": table, "Item": {"pk": {"S": "b"}}}},
            {"Update": {"TableName": table, "Key": {"pk": {"S": "a"}},
                        "UpdateExpression": "SET v = :two", "ConditionExpression": "v = :zero",
                        "ExpressionAttributeValues": {":two": {"N": "2"}, ":zero": {"N": "0"}},
                        "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
        ])
    resp = err.value.response
    assert resp["Error"]["Code"] == "TransactionCanceledException"
    assert resp["Error"]["Message"] == ("Transaction cancelled, please refer cancellation reasons "
                                        "for specific reasons [None, ConditionalCheckFailed]")
    assert resp["CancellationReasons"] == [
        {"Code": "None"},
        {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed",
         "Item": {"pk": {"S": "a"}, "v": {"N": "1"}}},
    ]
    assert "Item" not in ddb.get_item(TableName=table, Key={"pk": {"S": "b"}})
    assert ddb.get_item(TableName=table, Key={"pk": {"S": "a"}})["Item"]["v"] == {"N": "1"}


def test_two_actions_on_one_item_are_rejected(ddb: Any, table: str) -> None:
    message = validation_message(ddb.transact_write_items, TransactItems=[
        {"Put": {"TableName": table, "Item": {"pk": {"S": "a"}}}},
        {"Delete": {"TableName": table, "Key": {"pk": {"S": "a"}}}}])
    assert message == "Transaction request cannot include multiple operations on one item"


def test_at_most_100_actions(ddb: Any, table: str) -> None:
    items = [{"Put": {"TableName": table, "Item": {"pk": {"S": str(i)}}}} for i in range(101)]
    code, _, _ = error_of(ddb.transact_write_items, TransactItems=items)
    assert code == "ValidationException"
    ddb.transact_write_items(TransactItems=items[:100])
    assert ddb.scan(TableName=table, Select="COUNT")["Count"] == 100


def test_client_request_token_is_idempotent(ddb: Any, table: str) -> None:
    token = str(uuid.uuid4())
    put = [{"Update": {"TableName": table, "Key": {"pk": {"S": "a"}},
                       "UpdateExpression": "ADD n :one",
                       "ExpressionAttributeValues": {":one": {"N": "1"}}}}]
    ddb.transact_write_items(TransactItems=put, ClientRequestToken=token)
    ddb.transact_write_items(TransactItems=put, ClientRequestToken=token)
    assert ddb.get_item(TableName=table, Key={"pk": {"S": "a"}})["Item"]["n"] == {"N": "1"}
    other = [{"Put": {"TableName": table, "Item": {"pk": {"S": "b"}}}}]
    code, _, status = error_of(ddb.transact_write_items, TransactItems=other,
                               ClientRequestToken=token)
    assert (code, status) == ("IdempotentParameterMismatchException", 400)


def test_update_type_error_is_a_validation_reason(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "s": {"S": "x"}})
    with pytest.raises(ClientError) as err:
        ddb.transact_write_items(TransactItems=[
            {"Update": {"TableName": table, "Key": {"pk": {"S": "a"}},
                        "UpdateExpression": "SET s = s + :one",
                        "ExpressionAttributeValues": {":one": {"N": "1"}}}}])
    reasons = err.value.response["CancellationReasons"]
    assert reasons[0]["Code"] == "ValidationError"
