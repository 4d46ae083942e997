"""ReturnConsumedCapacity.
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def test_write_units_round_up_per_kilobyte(ddb: Any, table: str) -> None:
    resp = ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "b": {"S": "x" * 1500}},
                        ReturnConsumedCapacity="TOTAL")
    assert resp["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": 2.0}


def test_read_units_eventually_consistent_is_half(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "b": {"S": "x" * 5000}})
    eventual = ddb.get_item(TableName=table, Key={"pk": {"S": "a"}},
                            ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"]
    strong = ddb.get_item(TableName=table, Key={"pk": {"S": "a"}}, ConsistentRead=True,
                          ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"]
    assert eventual["CapacityUnits"] == 1.0 and strong["CapacityUnits"] == 2.0
    missing = ddb.get_item(TableName=table, Key={"pk": {"S": "none"}},
                           ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"]
    assert missing["CapacityUnits"] == 0.5


def test_query_sums_item_sizes_before_rounding(ddb: Any, sorted_table: str) -> None:
    for i in range(10):
        ddb.put_item(TableName=sorted_table, Item={"pk": {"S": "p"}, "sk": {"N": str(i)},
                                                   "b": {"S": "x" * 1000}})
    resp = ddb.query(TableName=sorted_table, KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": {"S": "p"}}, ConsistentRead=True,
                     ReturnConsumedCapacity="TOTAL")
    assert resp["ConsumedCapacity"]["CapacityUnits"] == 3.0


def test_indexes_mode_reports_index_writes(ddb: Any, make_table: Callable[..., str]) -> None:
    name = make_table(extra_attributes={"g": "S"}, GlobalSecondaryIndexes=[{
        "IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "KEYS_ONLY"}}])
    resp = ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "g": {"S": "x"}},
                        ReturnConsumedCapacity="INDEXES")
    assert resp["ConsumedCapacity"] == {
        "TableName": name, "CapacityUnits": 2.0, "Table": {"CapacityUnits": 1.0},
        "GlobalSecondaryIndexes": {"byG": {"CapacityUnits": 1.0}}}


def test_transactions_cost_double(ddb: Any, table: str) -> None:
    resp = ddb.transact_write_items(
        TransactItems=[{"Put": {"TableName": table, "Item": {"pk": {"S": "a"}}}}],
        ReturnConsumedCapacity="TOTAL")
    assert resp["ConsumedCapacity"] == [{"TableName": table, "CapacityUnits": 2.0}]
