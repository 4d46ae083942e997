"""ReturnItemCollectionMetrics=SIZE: the size of the item collections a write touched.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ItemCollectionMetrics.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html#LSI.ItemCollections
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

METRICS = {"ItemCollectionKey": {"pk": {"S": "p"}}, "SizeEstimateRangeGB": [0.0, 1.0]}


@pytest.fixture
def with_lsi(make_table: Callable[..., str]) -> str:
    return make_table(range_key="sk", extra_attributes={"l": "S"}, LocalSecondaryIndexes=[{
        "IndexName": "local", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                            {"AttributeName": "l", "KeyType": "RANGE"}],
        "Projection": {"ProjectionType": "ALL"}}])


def _item(sk: str) -> dict[str, Any]:
    return {"pk": {"S": "p"}, "sk": {"S": sk}, "l": {"S": "x"}}


def test_put_item_returns_collection_metrics(ddb: Any, with_lsi: str) -> None:
    """With an LSI, a write reports its item collection: key and size range in GB."""
    resp = ddb.put_item(TableName=with_lsi, Item=_item("a"), ReturnItemCollectionMetrics="SIZE")
    assert resp["ItemCollectionMetrics"] == METRICS


def test_update_and_delete_item_return_collection_metrics(ddb: Any, with_lsi: str) -> None:
    key = {"pk": {"S": "p"}, "sk": {"S": "a"}}
    resp = ddb.update_item(TableName=with_lsi, Key=key, UpdateExpression="SET v = :v",
                           ExpressionAttributeValues={":v": {"N": "1"}},
                           ReturnItemCollectionMetrics="SIZE")
    assert resp["ItemCollectionMetrics"] == METRICS
    resp = ddb.delete_item(TableName=with_lsi, Key=key, ReturnItemCollectionMetrics="SIZE")
    assert resp["ItemCollectionMetrics"] == METRICS


def test_no_metrics_without_the_parameter(ddb: Any, with_lsi: str) -> None:
    resp = ddb.put_item(TableName=with_lsi, Item=_item("a"))
    assert "ItemCollectionMetrics" not in resp
    resp = ddb.put_item(TableName=with_lsi, Item=_item("a"), ReturnItemCollectionMetrics="NONE")
    assert "ItemCollectionMetrics" not in resp


def test_no_metrics_for_a_table_without_lsi(ddb: Any, sorted_table: str) -> None:
    """Item collections exist only in tables with local secondary indexes."""
    resp = ddb.put_item(TableName=sorted_table, Item={"pk": {"S": "p"}, "sk": {"N": "1"}},
                        ReturnItemCollectionMetrics="SIZE")
    assert "ItemCollectionMetrics" not in resp


def test_batch_write_returns_metrics_per_table(ddb: Any, with_lsi: str) -> None:
    resp = ddb.batch_write_item(RequestItems={with_lsi: [
        {"PutRequest": {"Item": _item("a")}}, {"PutRequest": {"Item": _item("b")}},
        {"PutRequest": {"Item": {"pk": {"S": "q"}, "sk": {"S": "a"}}}},
    ]}, ReturnItemCollectionMetrics="SIZE")
    metrics = resp["ItemCollectionMetrics"][with_lsi]
    assert sorted(m["ItemCollectionKey"]["pk"]["S"] for m in metrics) == ["p", "q"]
    assert all(m["SizeEstimateRangeGB"] == [0.0, 1.0] for m in metrics)


def test_transact_write_returns_metrics_per_table(ddb: Any, with_lsi: str) -> None:
    resp = ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": with_lsi, "Item": _item("a")}},
        {"Delete": {"TableName": with_lsi, "Key": {"pk": {"S": "q"}, "sk": {"S": "z"}}}},
    ], ReturnItemCollectionMetrics="SIZE")
    metrics = resp["ItemCollectionMetrics"][with_lsi]
    assert sorted(m["ItemCollectionKey"]["pk"]["S"] for m in metrics) == ["p", "q"]
