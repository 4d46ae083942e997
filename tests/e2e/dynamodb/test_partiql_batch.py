"""BatchExecuteStatement: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchExecuteStatement.html"""

from __future__ import annotations

from typing import Any

from tests.e2e.dynamodb.support import error_of, validation_message


def test_batch_reads_answer_each_item_in_order(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"N": "1"}})
    resp = ddb.batch_execute_statement(Statements=[
        {"Statement": f'SELECT * FROM "{table}" WHERE pk = ?', "Parameters": [{"S": "a"}]},
        {"Statement": f'SELECT * FROM "{table}" WHERE pk = \'missing\''},
        {"Statement": f'SELECT v FROM "{table}" WHERE pk = \'a\' AND v = 1'},
    ])
    responses = resp["Responses"]
    assert responses[0]["Item"] == {"pk": {"S": "a"}, "v": {"N": "1"}}
    assert responses[0]["TableName"] == table
    assert "Item" not in responses[1] and "Error" not in responses[1]
    assert responses[2]["Item"] == {"v": {"N": "1"}}


def test_batch_read_must_name_the_primary_key(ddb: Any, sorted_table: str) -> None:
    resp = ddb.batch_execute_statement(Statements=[
        {"Statement": f'SELECT * FROM "{sorted_table}" WHERE pk = \'a\''},
    ])
    assert resp["Responses"][0]["Error"] == {
        "Code": "ValidationError",
        "Message": "Select statements within BatchExecuteStatement must specify the primary "
                   "key in the where clause."}


def test_batch_writes_succeed_or_fail_alone(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "dup"}, "v": {"N": "1"}})
    resp = ddb.batch_execute_statement(Statements=[
        {"Statement": f"INSERT INTO \"{table}\" VALUE {{'pk': 'new'}}"},
        {"Statement": f"INSERT INTO \"{table}\" VALUE {{'pk': 'dup'}}"},
        {"Statement": f"UPDATE \"{table}\" SET v = 5 WHERE pk = 'dup' AND v = 2",
         "ReturnValuesOnConditionCheckFailure": "ALL_OLD"},
        {"Statement": f"DELETE FROM \"{table}\" WHERE pk = 'dup'"},
        {"Statement": "SELEKT nonsense"},
        {"Statement": "INSERT INTO \"no-such-table\" VALUE {'pk': 'x'}"},
    ])
    responses = resp["Responses"]
    assert "Error" not in responses[0]
    assert responses[1]["Error"]["Code"] == "DuplicateItem"
    assert responses[2]["Error"]["Code"] == "ConditionalCheckFailed"
    assert responses[2]["Error"]["Item"] == {"pk": {"S": "dup"}, "v": {"N": "1"}}
    assert "Error" not in responses[3]
    assert responses[4]["Error"]["Code"] == "ValidationError"
    assert responses[5]["Error"]["Code"] == "ResourceNotFound"
    assert "Item" in ddb.get_item(TableName=table, Key={"pk": {"S": "new"}})
    assert "Item" not in ddb.get_item(TableName=table, Key={"pk": {"S": "dup"}})


def test_batch_cannot_mix_reads_and_writes(ddb: Any, table: str) -> None:
    message = validation_message(ddb.batch_execute_statement, Statements=[
        {"Statement": f'SELECT * FROM "{table}" WHERE pk = \'a\''},
        {"Statement": f"INSERT INTO \"{table}\" VALUE {{'pk': 'b'}}"},
    ])
    assert "both read and write" in message


def test_batch_of_more_than_25_statements_is_rejected(ddb: Any, table: str) -> None:
    statements = [{"Statement": f"DELETE FROM \"{table}\" WHERE pk = '{i}'"} for i in range(26)]
    code, _, status = error_of(ddb.batch_execute_statement, Statements=statements)
    assert (code, status) == ("ValidationException", 400)


def test_batch_consumed_capacity(ddb: Any, table: str) -> None:
    resp = ddb.batch_execute_statement(Statements=[
        {"Statement": f"INSERT INTO \"{table}\" VALUE {{'pk': 'a'}}"},
        {"Statement": f"INSERT INTO \"{table}\" VALUE {{'pk': 'b'}}"},
    ], ReturnConsumedCapacity="TOTAL")
    assert resp["ConsumedCapacity"] == [{"TableName": table, "CapacityUnits": 2.0}]
