"""BatchGetItem: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.e2e.dynamodb.support import error_of, validation_message


def test_batch_get_from_two_tables(ddb: Any, make_table: Callable[..., str]) -> None:
    a, b = make_table(), make_table()
    ddb.put_item(TableName=a, Item={"pk": {"S": "1"}, "x": {"S": "a"}})
    ddb.put_item(TableName=b, Item={"pk": {"S": "2"}, "x": {"S": "b"}})
    resp = ddb.batch_get_item(RequestItems={
        a: {"Keys": [{"pk": {"S": "1"}}, {"pk": {"S": "missing"}}]},
        b: {"Keys": [{"pk": {"S": "2"}}], "ProjectionExpression": "x"}})
    assert resp["Responses"][a] == [{"pk": {"S": "1"}, "x": {"S": "a"}}]
    assert resp["Responses"][b] == [{"x": {"S": "b"}}]
    assert resp["UnprocessedKeys"] == {}


def test_at_most_100_keys(ddb: Any, table: str) -> None:
    keys = [{"pk": {"S": str(i)}} for i in range(101)]
    code, _, status = error_of(ddb.batch_get_item, RequestItems={table: {"Keys": keys}})
    assert (code, status) == ("ValidationException", 400)


def test_at_most_100_keys_across_tables(ddb: Any, make_table: Callable[..., str]) -> None:
    """The 100-key limit counts every table of the request."""
    first, second = make_table(), make_table()
    keys = [{"pk": {"S": str(i)}} for i in range(60)]
    message = validation_message(ddb.batch_get_item, RequestItems={
        first: {"Keys": keys}, second: {"Keys": keys[:41]}})
    assert message == "Too many items requested for the BatchGetItem call"


def test_100_keys_are_allowed(ddb: Any, table: str) -> None:
    keys = [{"pk": {"S": str(i)}} for i in range(100)]
    assert ddb.batch_get_item(RequestItems={table: {"Keys": keys}})["Responses"][table] == []


def test_duplicate_keys_are_rejected(ddb: Any, table: str) -> None:
    message = validation_message(ddb.batch_get_item, RequestItems={
        table: {"Keys": [{"pk": {"S": "1"}}, {"pk": {"S": "1"}}]}})
    assert message == "Provided list of item keys contains duplicates"


def test_unknown_table(ddb: Any) -> None:
    code, _, _ = error_of(ddb.batch_get_item, RequestItems={"nothere": {"Keys": [
        {"pk": {"S": "1"}}]}})
    assert code == "ResourceNotFoundException"


def test_answers_at_most_16mb(ddb: Any, table: str) -> None:
    blob = "x" * 390_000
    for i in range(45):
        ddb.put_item(TableName=table, Item={"pk": {"S": str(i)}, "b": {"S": blob}})
    keys = [{"pk": {"S": str(i)}} for i in range(45)]
    resp = ddb.batch_get_item(RequestItems={table: {"Keys": keys}})
    got = len(resp["Responses"][table])
    left = resp["UnprocessedKeys"][table]["Keys"]
    assert got < 45 and got + len(left) == 45
