"""ExecuteStatement INSERT, UPDATE, DELETE:
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.insert.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.update.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.delete.html"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.dynamodb.support import error_of, validation_message


def _get(ddb: Any, table: str, pk: str) -> Any:
    return ddb.get_item(TableName=table, Key={"pk": {"S": pk}}, ConsistentRead=True).get("Item")


def test_insert_writes_the_item_and_answers_no_items(ddb: Any, table: str) -> None:
    resp = ddb.execute_statement(Statement=f"INSERT INTO \"{table}\" VALUE {{'pk': ?, 'v': ?}}",
                                 Parameters=[{"S": "a"}, {"N": "1"}])
    assert resp["Items"] == []
    assert _get(ddb, table, "a") == {"pk": {"S": "a"}, "v": {"N": "1"}}


def test_insert_of_an_existing_key_is_a_duplicate_item(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"N": "1"}})
    code, message, status = error_of(
        ddb.execute_statement, Statement=f"INSERT INTO \"{table}\" VALUE {{'pk': 'a', 'v': 2}}")
    assert (code, status) == ("DuplicateItemException", 400)
    assert message == "Duplicate primary key exists in table"
    assert _get(ddb, table, "a")["v"] == {"N": "1"}


def test_insert_without_the_key_is_a_validation_error(ddb: Any, table: str) -> None:
    message = validation_message(ddb.execute_statement,
                                 Statement=f"INSERT INTO \"{table}\" VALUE {{'v': 1}}")
    assert "Missing the key pk" in message


def test_update_sets_attributes_with_arithmetic_and_list_append(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "n": {"N": "1"},
                                        "l": {"L": [{"S": "x"}]}, "m": {"M": {}}})
    ddb.execute_statement(Statement=(
        f"UPDATE \"{table}\" SET n = n + 1 SET l = list_append(l, ['y']), m.k = 'v' "
        "SET fresh = ? WHERE pk = 'a'"), Parameters=[{"BOOL": False}])
    item = _get(ddb, table, "a")
    assert item["n"] == {"N": "2"}
    assert item["l"] == {"L": [{"S": "x"}, {"S": "y"}]}
    assert item["m"] == {"M": {"k": {"S": "v"}}}
    assert item["fresh"] == {"BOOL": False}


def test_update_remove_and_set_add(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "x": {"N": "1"},
                                        "s": {"SS": ["p"]}, "l": {"L": [{"N": "1"}, {"N": "2"}]}})
    ddb.execute_statement(Statement=(
        f"UPDATE \"{table}\" REMOVE x, l[0] SET s = set_add(s, <<'q'>>) WHERE pk = 'a'"))
    item = _get(ddb, table, "a")
    assert "x" not in item
    assert item["l"] == {"L": [{"N": "2"}]}
    assert sorted(item["s"]["SS"]) == ["p", "q"]
    ddb.execute_statement(Statement=f"UPDATE \"{table}\" SET s = set_delete(s, <<'p'>>) "
                                    "WHERE pk = 'a'")
    assert _get(ddb, table, "a")["s"] == {"SS": ["q"]}


def test_update_of_a_missing_item_fails_the_condition(ddb: Any, table: str) -> None:
    code, _, status = error_of(ddb.execute_statement,
                               Statement=f"UPDATE \"{table}\" SET v = 1 WHERE pk = 'none'")
    assert (code, status) == ("ConditionalCheckFailedException", 400)
    assert _get(ddb, table, "none") is None


def test_update_with_extra_condition(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"N": "1"}})
    ddb.execute_statement(Statement=f"UPDATE \"{table}\" SET v = 2 WHERE pk = 'a' AND v = 1")
    assert _get(ddb, table, "a")["v"] == {"N": "2"}
    with pytest.raises(ClientError) as err:
        ddb.execute_statement(Statement=f"UPDATE \"{table}\" SET v = 3 WHERE pk = 'a' AND v = 1",
                              ReturnValuesOnConditionCheckFailure="ALL_OLD")
    assert err.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
    assert err.value.response["Item"] == {"pk": {"S": "a"}, "v": {"N": "2"}}
    assert _get(ddb, table, "a")["v"] == {"N": "2"}


@pytest.mark.parametrize(("returning", "expected"), [
    ("ALL OLD *", {"pk": {"S": "a"}, "v": {"N": "1"}, "w": {"N": "9"}}),
    ("ALL NEW *", {"pk": {"S": "a"}, "v": {"N": "2"}, "w": {"N": "9"}}),
    ("MODIFIED OLD *", {"v": {"N": "1"}}),
    ("MODIFIED NEW *", {"v": {"N": "2"}}),
])
def test_update_returning(ddb: Any, table: str, returning: str, expected: Any) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"N": "1"}, "w": {"N": "9"}})
    resp = ddb.execute_statement(
        Statement=f"UPDATE \"{table}\" SET v = 2 WHERE pk = 'a' RETURNING {returning}")
    assert resp["Items"] == [expected]


def test_update_without_the_full_key_is_rejected(ddb: Any, sorted_table: str) -> None:
    message = validation_message(
        ddb.execute_statement, Statement=f"UPDATE \"{sorted_table}\" SET v = 1 WHERE pk = 'a'")
    assert message == "Where clause does not contain a mandatory equality on all key attributes"
    message = validation_message(
        ddb.execute_statement,
        Statement=f"DELETE FROM \"{sorted_table}\" WHERE pk = 'a' OR sk = 1")
    assert message == "Where clause does not contain a mandatory equality on all key attributes"


def test_update_of_a_key_attribute_is_rejected(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}})
    message = validation_message(ddb.execute_statement,
                                 Statement=f"UPDATE \"{table}\" SET pk = 'b' WHERE pk = 'a'")
    assert "Cannot update attribute pk" in message


def test_delete_removes_the_item_and_returns_it(ddb: Any, sorted_table: str) -> None:
    ddb.put_item(TableName=sorted_table, Item={"pk": {"S": "a"}, "sk": {"N": "1"}})
    resp = ddb.execute_statement(
        Statement=f"DELETE FROM \"{sorted_table}\" WHERE pk = ? AND sk = ? RETURNING ALL OLD *",
        Parameters=[{"S": "a"}, {"N": "1"}])
    assert resp["Items"] == [{"pk": {"S": "a"}, "sk": {"N": "1"}}]
    assert "Item" not in ddb.get_item(TableName=sorted_table,
                                      Key={"pk": {"S": "a"}, "sk": {"N": "1"}})


def test_delete_of_a_missing_item_succeeds(ddb: Any, table: str) -> None:
    resp = ddb.execute_statement(Statement=f"DELETE FROM \"{table}\" WHERE pk = 'none'")
    assert resp["Items"] == []


def test_delete_with_false_condition_keeps_the_item(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"N": "1"}})
    code, _, _ = error_of(ddb.execute_statement,
                          Statement=f"DELETE FROM \"{table}\" WHERE pk = 'a' AND v = 5")
    assert code == "ConditionalCheckFailedException"
    assert _get(ddb, table, "a") is not None


def test_writes_maintain_indexes_and_streams(ddb: Any, streams: Any,
                                             make_table: Callable[..., str]) -> None:
    name = make_table(extra_attributes={"g": "S"}, GlobalSecondaryIndexes=[{
        "IndexName": "byg", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "ALL"}}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    ddb.execute_statement(Statement=f"INSERT INTO \"{name}\" VALUE {{'pk': 'a', 'g': 'x'}}")
    ddb.execute_statement(Statement=f"UPDATE \"{name}\" SET g = 'y' WHERE pk = 'a'")
    assert ddb.query(TableName=name, IndexName="byg", KeyConditionExpression="g = :g",
                     ExpressionAttributeValues={":g": {"S": "y"}})["Count"] == 1
    ddb.execute_statement(Statement=f"DELETE FROM \"{name}\" WHERE pk = 'a'")
    assert ddb.scan(TableName=name, IndexName="byg")["Count"] == 0
    arn = ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    events = [r["eventName"] for r in streams.get_records(ShardIterator=iterator)["Records"]]
    assert events == ["INSERT", "MODIFY", "REMOVE"]


def test_consumed_capacity_of_a_write(ddb: Any, table: str) -> None:
    resp = ddb.execute_statement(Statement=f"INSERT INTO \"{table}\" VALUE {{'pk': 'a'}}",
                                 ReturnConsumedCapacity="TOTAL")
    assert resp["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": 1.0}
