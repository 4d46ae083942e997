"""Scan: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html"""

from __future__ import annotations

from typing import Any

from tests.e2e.dynamodb.support import validation_message


def _fill(ddb: Any, table: str, count: int) -> None:
    for start in range(0, count, 25):
        ddb.batch_write_item(RequestItems={table: [
            {"PutRequest": {"Item": {"pk": {"S": f"k{i}"}, "n": {"N": str(i)}}}}
            for i in range(start, min(count, start + 25))]})


def _scan_all(ddb: Any, **kwargs: Any) -> tuple[list[dict[str, Any]], int]:
    items: list[dict[str, Any]] = []
    pages = 0
    while True:
        resp = ddb.scan(**kwargs)
        pages += 1
        items += resp.get("Items", [])
        if "LastEvaluatedKey" not in resp:
            return items, pages
        kwargs["ExclusiveStartKey"] = resp["LastEvaluatedKey"]


def test_scan_returns_every_item(ddb: Any, table: str) -> None:
    _fill(ddb, table, 60)
    items, _ = _scan_all(ddb, TableName=table)
    assert sorted(int(i["n"]["N"]) for i in items) == list(range(60))


def test_scan_paginates_with_limit(ddb: Any, table: str) -> None:
    _fill(ddb, table, 60)
    items, pages = _scan_all(ddb, TableName=table, Limit=7)
    assert sorted(int(i["n"]["N"]) for i in items) == list(range(60))
    assert pages == 9


def test_scan_filter(ddb: Any, table: str) -> None:
    _fill(ddb, table, 30)
    resp = ddb.scan(TableName=table, FilterExpression="n < :x",
                    ExpressionAttributeValues={":x": {"N": "5"}})
    assert resp["Count"] == 5 and resp["ScannedCount"] == 30


def test_legacy_scan_filter(ddb: Any, table: str) -> None:
    _fill(ddb, table, 30)
    resp = ddb.scan(TableName=table, ScanFilter={
        "n": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "3"}, {"N": "5"}]}})
    assert sorted(int(i["n"]["N"]) for i in resp["Items"]) == [3, 4, 5]


def test_parallel_scan_segments_partition_the_table(ddb: Any, table: str) -> None:
    _fill(ddb, table, 100)
    seen: list[int] = []
    for segment in range(4):
        items, _ = _scan_all(ddb, TableName=table, Segment=segment, TotalSegments=4, Limit=10)
        seen += [int(i["n"]["N"]) for i in items]
    assert sorted(seen) == list(range(100))


def test_segment_validation(ddb: Any, table: str) -> None:
    assert validation_message(ddb.scan, TableName=table, Segment=3, TotalSegments=3) == (
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
        "Segment: 3 is not less than TotalSegments: 3")
    assert "TotalSegments parameter is required" in validation_message(
        ddb.scan, TableName=table, Segment=1)


def test_scan_select_count(ddb: Any, table: str) -> None:
    _fill(ddb, table, 10)
    resp = ddb.scan(TableName=table, Select="COUNT")
    assert resp["Count"] == 10 and "Items" not in resp


def test_scan_of_empty_table(ddb: Any, table: str) -> None:
    resp = ddb.scan(TableName=table)
    assert resp["Items"] == [] and resp["Count"] == 0 and "LastEvaluatedKey" not in resp
