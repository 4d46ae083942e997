"""Secondary indexes: projections, sparse indexes, pagination.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/SecondaryIndexes.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.dynamodb.support import validation_message


def _gsi(name: str, projection: dict[str, Any], range_key: str | None = "gs") -> dict[str, Any]:
    schema = [{"AttributeName": "g", "KeyType": "HASH"}]
    if range_key:
        schema.append({"AttributeName": range_key, "KeyType": "RANGE"})
    return {"IndexName": name, "KeySchema": schema, "Projection": projection}


@pytest.fixture
def indexed(make_table: Callable[..., str]) -> str:
    return make_table(
        range_key="sk", extra_attributes={"g": "S", "gs": "N", "l": "S"},
        GlobalSecondaryIndexes=[
            _gsi("all", {"ProjectionType": "ALL"}),
            _gsi("keys", {"ProjectionType": "KEYS_ONLY"}),
            _gsi("incl", {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["a"]}),
        ],
        LocalSecondaryIndexes=[{
            "IndexName": "local", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                {"AttributeName": "l", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"}}],
    )


def _item(i: int, **extra: Any) -> dict[str, Any]:
    item = {"pk": {"S": f"p{i % 2}"}, "sk": {"S": f"s{i}"}, "g": {"S": "G"},
            "gs": {"N": str(i)}, "l": {"S": f"l{9 - i}"}, "a": {"S": "A"}, "b": {"S": "B"}}
    item.update(extra)
    return item


def _query_g(ddb: Any, table: str, index: str, **kwargs: Any) -> dict[str, Any]:
    return ddb.query(TableName=table, IndexName=index,  # type: ignore[no-any-return]
                     KeyConditionExpression="g = :g",
                     ExpressionAttributeValues={":g": {"S": "G"}}, **kwargs)


def test_gsi_query_in_index_order(ddb: Any, indexed: str) -> None:
    for i in (3, 1, 2):
        ddb.put_item(TableName=indexed, Item=_item(i))
    resp = _query_g(ddb, indexed, "all")
    assert [i["gs"]["N"] for i in resp["Items"]] == ["1", "2", "3"]
    assert resp["Items"][0] == _item(1)


def test_keys_only_projection(ddb: Any, indexed: str) -> None:
    ddb.put_item(TableName=indexed, Item=_item(1))
    item = _query_g(ddb, indexed, "keys")["Items"][0]
    assert set(item) == {"pk", "sk", "g", "gs"}


def test_include_projection(ddb: Any, indexed: str) -> None:
    ddb.put_item(TableName=indexed, Item=_item(1))
    item = _query_g(ddb, indexed, "incl")["Items"][0]
    assert set(item) == {"pk", "sk", "g", "gs", "a"}


def test_all_attributes_on_partial_gsi_is_rejected(ddb: Any, indexed: str) -> None:
    message = validation_message(_query_g, ddb, indexed, "keys", Select="ALL_ATTRIBUTES")
    assert message == ("One or more parameter values were invalid: Select type ALL_ATTRIBUTES "
                       "is not supported for global secondary index keys because its projection "
                       "type is not ALL")


def test_lsi_fetches_unprojected_attributes_from_the_table(ddb: Any, indexed: str) -> None:
    for i in range(3):
        ddb.put_item(TableName=indexed, Item=_item(i * 2))
    resp = ddb.query(TableName=indexed, IndexName="local", KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": {"S": "p0"}})
    assert [i["l"]["S"] for i in resp["Items"]] == ["l5", "l7", "l9"]
    assert set(resp["Items"][0]) == {"pk", "sk", "l"}
    full = ddb.query(TableName=indexed, IndexName="local", KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": {"S": "p0"}}, Select="ALL_ATTRIBUTES")
    assert full["Items"][0] == _item(4)


def test_sparse_index_skips_items_without_index_key(ddb: Any, indexed: str) -> None:
    ddb.put_item(TableName=indexed, Item=_item(1))
    partial = _item(2)
    del partial["gs"]
    ddb.put_item(TableName=indexed, Item=partial)
    ddb.put_item(TableName=indexed, Item={"pk": {"S": "x"}, "sk": {"S": "y"}})
    assert _query_g(ddb, indexed, "all")["Count"] == 1
    assert ddb.scan(TableName=indexed, IndexName="all")["Count"] == 1
    desc = ddb.describe_table(TableName=indexed)["Table"]
    assert desc["ItemCount"] == 3
    assert {i["IndexName"]: i["ItemCount"] for i in desc["GlobalSecondaryIndexes"]}["all"] == 1


def test_index_follows_updates_and_deletes(ddb: Any, indexed: str) -> None:
    ddb.put_item(TableName=indexed, Item=_item(1))
    key = {"pk": {"S": "p1"}, "sk": {"S": "s1"}}
    ddb.update_item(TableName=indexed, Key=key, UpdateExpression="SET gs = :v",
                    ExpressionAttributeValues={":v": {"N": "42"}})
    assert [i["gs"]["N"] for i in _query_g(ddb, indexed, "all")["Items"]] == ["42"]
    ddb.update_item(TableName=indexed, Key=key, UpdateExpression="REMOVE g")
    assert _query_g(ddb, indexed, "all")["Count"] == 0
    ddb.update_item(TableName=indexed, Key=key, UpdateExpression="SET g = :g",
                    ExpressionAttributeValues={":g": {"S": "G"}})
    assert _query_g(ddb, indexed, "all")["Count"] == 1
    ddb.delete_item(TableName=indexed, Key=key)
    assert _query_g(ddb, indexed, "all")["Count"] == 0


def test_gsi_pagination_key_has_table_and_index_keys(ddb: Any, indexed: str) -> None:
    for i in range(5):
        ddb.put_item(TableName=indexed, Item=_item(i, gs={"N": "7"}))
    seen = []
    kwargs: dict[str, Any] = {}
    while True:
        resp = _query_g(ddb, indexed, "all", Limit=2, **kwargs)
        seen += [(i["pk"]["S"], i["sk"]["S"]) for i in resp["Items"]]
        if "LastEvaluatedKey" not in resp:
            break
        assert set(resp["LastEvaluatedKey"]) == {"pk", "sk", "g", "gs"}
        kwargs["ExclusiveStartKey"] = resp["LastEvaluatedKey"]
    assert len(seen) == 5 and len(set(seen)) == 5


def test_consistent_read_on_gsi_is_rejected(ddb: Any, indexed: str) -> None:
    message = validation_message(_query_g, ddb, indexed, "all", ConsistentRead=True)
    assert message == "Consistent reads are not supported on global secondary indexes"


def test_unknown_index(ddb: Any, indexed: str) -> None:
    message = validation_message(_query_g, ddb, indexed, "nope")
    assert message == "The table does not have the specified index: nope"


def test_gsi_range_condition_and_reverse(ddb: Any, indexed: str) -> None:
    for i in range(6):
        ddb.put_item(TableName=indexed, Item=_item(i))
    resp = ddb.query(TableName=indexed, IndexName="all",
                     KeyConditionExpression="g = :g AND gs BETWEEN :a AND :b",
                     ExpressionAttributeValues={":g": {"S": "G"}, ":a": {"N": "1"},
                                                ":b": {"N": "4"}},
                     ScanIndexForward=False)
    assert [i["gs"]["N"] for i in resp["Items"]] == ["4", "3", "2", "1"]


def test_scan_index_paginates(ddb: Any, indexed: str) -> None:
    for i in range(7):
        ddb.put_item(TableName=indexed, Item=_item(i))
    seen = []
    kwargs: dict[str, Any] = {}
    while True:
        resp = ddb.scan(TableName=indexed, IndexName="keys", Limit=3, **kwargs)
        seen += [i["sk"]["S"] for i in resp["Items"]]
        if "LastEvaluatedKey" not in resp:
            break
        kwargs["ExclusiveStartKey"] = resp["LastEvaluatedKey"]
    assert sorted(seen) == [f"s{i}" for i in range(7)]


def test_gsi_projection_of_unprojected_attribute_returns_only_projected(
        ddb: Any, indexed: str) -> None:
    """A GSI read cannot fetch from the table: a ProjectionExpression naming attributes the
    index does not project returns the projected ones only (no error).
    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html#DDB-Query-request-Select
    """
    ddb.put_item(TableName=indexed, Item=_item(1))
    items = _query_g(ddb, indexed, "keys", ProjectionExpression="pk, b")["Items"]
    assert items == [{"pk": {"S": "p1"}}]
    items = _query_g(ddb, indexed, "incl", ProjectionExpression="a, b")["Items"]
    assert items == [{"a": {"S": "A"}}]


def test_all_attributes_on_partial_gsi_scan_is_rejected(ddb: Any, indexed: str) -> None:
    message = validation_message(ddb.scan, TableName=indexed, IndexName="incl",
                                 Select="ALL_ATTRIBUTES")
    assert message == ("One or more parameter values were invalid: Select type ALL_ATTRIBUTES "
                       "is not supported for global secondary index incl because its projection "
                       "type is not ALL")


def test_gsi_filter_on_index_key_is_rejected(ddb: Any, indexed: str) -> None:
    """On an index, the keys that may not be filtered are the index's own."""
    message = validation_message(
        ddb.query, TableName=indexed, IndexName="all", KeyConditionExpression="g = :g",
        FilterExpression="gs > :z", ExpressionAttributeValues={":g": {"S": "G"},
                                                               ":z": {"N": "0"}})
    assert message == ("Filter Expression can only contain non-primary key attributes: "
                       "Primary key attribute: gs")


def test_gsi_filter_on_table_key_is_allowed(ddb: Any, indexed: str) -> None:
    for i in (1, 2):
        ddb.put_item(TableName=indexed, Item=_item(i))
    resp = ddb.query(TableName=indexed, IndexName="all", KeyConditionExpression="g = :g",
                     FilterExpression="sk = :s",
                     ExpressionAttributeValues={":g": {"S": "G"}, ":s": {"S": "s2"}})
    assert [i["sk"]["S"] for i in resp["Items"]] == ["s2"]


def test_lsi_filter_on_index_sort_key_is_rejected(ddb: Any, indexed: str) -> None:
    message = validation_message(
        ddb.query, TableName=indexed, IndexName="local", KeyConditionExpression="pk = :p",
        FilterExpression="l > :l", ExpressionAttributeValues={":p": {"S": "p1"},
                                                              ":l": {"S": "a"}})
    assert message.endswith("Primary key attribute: l")


def test_gsi_start_key_outside_partition_is_rejected(ddb: Any, indexed: str) -> None:
    message = validation_message(
        _query_g, ddb, indexed, "all",
        ExclusiveStartKey={"pk": {"S": "p1"}, "sk": {"S": "s1"}, "g": {"S": "H"},
                           "gs": {"N": "1"}})
    assert message == ("The provided starting key is outside query boundaries based on "
                       "provided conditions")
