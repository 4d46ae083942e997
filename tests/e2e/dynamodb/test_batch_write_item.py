"""BatchWriteItem: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html"""

from __future__ import annotations

from typing import Any

from tests.e2e.dynamodb.support import error_of, validation_message


def test_puts_and_deletes(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "old"}})
    resp = ddb.batch_write_item(RequestItems={table: [
        {"PutRequest": {"Item": {"pk": {"S": "new"}}}},
        {"DeleteRequest": {"Key": {"pk": {"S": "old"}}}}]})
    assert resp["UnprocessedItems"] == {}
    assert "Item" in ddb.get_item(TableName=table, Key={"pk": {"S": "new"}})
    assert "Item" not in ddb.get_item(TableName=table, Key={"pk": {"S": "old"}})


def test_at_most_25_requests(ddb: Any, table: str) -> None:
    writes = [{"PutRequest": {"Item": {"pk": {"S": str(i)}}}} for i in range(26)]
    code, _, status = error_of(ddb.batch_write_item, RequestItems={table: writes})
    assert (code, status) == ("ValidationException", 400)
    assert ddb.scan(TableName=table)["Count"] == 0


def test_duplicate_keys_are_rejected(ddb: Any, table: str) -> None:
    message = validation_message(ddb.batch_write_item, RequestItems={table: [
        {"PutRequest": {"Item": {"pk": {"S": "1"}}}},
        {"DeleteRequest": {"Key": {"pk": {"S": "1"}}}}]})
    assert message == "Provided list of item keys contains duplicates"


def test_wrong_key_type_reads_as_schema_mismatch(ddb: Any, table: str) -> None:
    message = validation_message(ddb.batch_write_item, RequestItems={table: [
        {"PutRequest": {"Item": {"pk": {"N": "1"}}}}]})
    assert message == "The provided key element does not match the schema"


def test_invalid_request_writes_nothing(ddb: Any, table: str) -> None:
    validation_message(ddb.batch_write_item, RequestItems={table: [
        {"PutRequest": {"Item": {"pk": {"S": "ok"}}}},
        {"PutRequest": {"Item": {"pk": {"S": ""}}}}]})
    assert ddb.scan(TableName=table)["Count"] == 0


def test_put_and_delete_in_one_request_is_rejected(ddb: Any, table: str) -> None:
    """A WriteRequest holds exactly one of PutRequest and DeleteRequest."""
    code, _, status = error_of(ddb.batch_write_item, RequestItems={table: [{
        "PutRequest": {"Item": {"pk": {"S": "a"}}},
        "DeleteRequest": {"Key": {"pk": {"S": "b"}}}}]})
    assert (code, status) == ("ValidationException", 400)
    assert "Item" not in ddb.get_item(TableName=table, Key={"pk": {"S": "a"}})
