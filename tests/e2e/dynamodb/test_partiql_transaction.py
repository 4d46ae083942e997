"""ExecuteTransaction: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExecuteTransaction.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.multiplestatements.transactions.html"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.dynamodb.support import error_of, validation_message


def _get(ddb: Any, table: str, pk: str) -> Any:
    return ddb.get_item(TableName=table, Key={"pk": {"S": pk}}).get("Item")


def test_writes_commit_together(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "u"}, "n": {"N": "1"}})
    ddb.put_item(TableName=table, Item={"pk": {"S": "d"}})
    ddb.execute_transaction(TransactStatements=[
        {"Statement": f"INSERT INTO \"{table}\" VALUE {{'pk': ?}}", "Parameters": [{"S": "i"}]},
        {"Statement": f"UPDATE \"{table}\" SET n = n + 1 WHERE pk = 'u'"},
        {"Statement": f"DELETE FROM \"{table}\" WHERE pk = 'd'"},
    ])
    assert _get(ddb, table, "i") is not None
    assert _get(ddb, table, "u")["n"] == {"N": "2"}
    assert _get(ddb, table, "d") is None


def test_a_failed_statement_cancels_everything(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "dup"}, "v": {"N": "1"}})
    ddb.put_item(TableName=table, Item={"pk": {"S": "other"}, "v": {"N": "1"}})
    with pytest.raises(ClientError) as err:
        ddb.execute_transaction(TransactStatements=[
            {"Statement": f"INSERT INTO \"{table}\" VALUE {{'pk': 'first'}}"},
            {"Statement": f"UPDATE \"{table}\" SET v = 2 WHERE pk = 'missing'"},
            {"Statement": f"INSERT INTO \"{table}\" VALUE {{'pk': 'dup'}}"},
            {"Statement": f"UPDATE \"{table}\" SET v = 3 WHERE pk = 'other' AND v = 9",
             "ReturnValuesOnConditionCheckFailure": "ALL_OLD"},
        ])
    resp = err.value.response
    assert resp["Error"]["Code"] == "TransactionCanceledException"
    reasons = resp["CancellationReasons"]
    assert [r["Code"] for r in reasons] == [
        "None", "ConditionalCheckFailed", "DuplicateItem", "ConditionalCheckFailed"]
    assert reasons[3]["Item"] == {"pk": {"S": "other"}, "v": {"N": "1"}}
    assert _get(ddb, table, "first") is None


def test_reads_answer_each_item(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"N": "1"}})
    resp = ddb.execute_transaction(TransactStatements=[
        {"Statement": f'SELECT v FROM "{table}" WHERE pk = \'a\''},
        {"Statement": f'SELECT * FROM "{table}" WHERE pk = \'none\''},
    ])
    assert resp["Responses"] == [{"Item": {"v": {"N": "1"}}}, {}]


def test_reads_and_writes_cannot_mix(ddb: Any, table: str) -> None:
    message = validation_message(ddb.execute_transaction, TransactStatements=[
        {"Statement": f'SELECT * FROM "{table}" WHERE pk = \'a\''},
        {"Statement": f"INSERT INTO \"{table}\" VALUE {{'pk': 'b'}}"},
    ])
    assert message == ("ExecuteTransaction API does not support both read and write "
                       "operations in the same request.")


def test_two_writes_to_one_item_are_rejected(ddb: Any, table: str) -> None:
    message = validation_message(ddb.execute_transaction, TransactStatements=[
        {"Statement": f"INSERT INTO \"{table}\" VALUE {{'pk': 'a'}}"},
        {"Statement": f"DELETE FROM \"{table}\" WHERE pk = 'a'"},
    ])
    assert message == "Transaction request cannot include multiple operations on one item"


def test_syntax_error_rejects_the_transaction(ddb: Any, table: str) -> None:
    message = validation_message(ddb.execute_transaction, TransactStatements=[
        {"Statement": f"INSERT INTO \"{table}\" VALUE {{'pk': 'a'}}"},
        {"Statement": "DELETE \"x\""},
    ])
    assert message.startswith("Statement wasn't well formed, can't be processed: ")
    assert _get(ddb, table, "a") is None


def test_unknown_table_is_resource_not_found(ddb: Any) -> None:
    code, _, _ = error_of(ddb.execute_transaction, TransactStatements=[
        {"Statement": "DELETE FROM \"no-such-table\" WHERE pk = 'a'"}])
    assert code == "ResourceNotFoundException"


def test_more_than_100_statements_are_rejected(ddb: Any, table: str) -> None:
    statements = [{"Statement": f"DELETE FROM \"{table}\" WHERE pk = '{i}'"} for i in range(101)]
    code, _, _ = error_of(ddb.execute_transaction, TransactStatements=statements)
    assert code == "ValidationException"


def test_client_request_token_is_idempotent(ddb: Any, table: str) -> None:
    token = str(uuid.uuid4())
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "n": {"N": "1"}})
    statements = [{"Statement": f"UPDATE \"{table}\" SET n = n + 1 WHERE pk = 'a'"}]
    ddb.execute_transaction(TransactStatements=statements, ClientRequestToken=token)
    ddb.execute_transaction(TransactStatements=statements, ClientRequestToken=token)
    assert _get(ddb, table, "a")["n"] == {"N": "2"}
    code, _, _ = error_of(ddb.execute_transaction, ClientRequestToken=token, TransactStatements=[
        {"Statement": f"UPDATE \"{table}\" SET n = n + 5 WHERE pk = 'a'"}])
    assert code == "IdempotentParameterMismatchException"


def test_transaction_capacity_is_doubled(ddb: Any, table: str) -> None:
    resp = ddb.execute_transaction(TransactStatements=[
        {"Statement": f"INSERT INTO \"{table}\" VALUE {{'pk': 'a'}}"},
    ], ReturnConsumedCapacity="TOTAL")
    assert resp["ConsumedCapacity"] == [{"TableName": table, "CapacityUnits": 2.0}]
