"""Query: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.dynamodb.support import validation_message


def _fill(ddb: Any, table: str, count: int = 10, pk: str = "p") -> None:
    for i in range(count):
        ddb.put_item(TableName=table, Item={"pk": {"S": pk}, "sk": {"N": str(i)},
                                            "v": {"N": str(i % 3)}})


def _sks(resp: dict[str, Any]) -> list[int]:
    return [int(item["sk"]["N"]) for item in resp["Items"]]


def _query(ddb: Any, table: str, cond: str, **values: Any) -> dict[str, Any]:
    names = {f":{k}": {"N": str(v)} for k, v in values.items()}
    names[":p"] = {"S": "p"}
    return ddb.query(TableName=table, KeyConditionExpression=f"pk = :p{cond}",
                     ExpressionAttributeValues=names)  # type: ignore[no-any-return]


@pytest.mark.parametrize(("cond", "values", "expected"), [
    ("", {}, list(range(10))),
    (" AND sk = :a", {"a": 3}, [3]),
    (" AND sk < :a", {"a": 3}, [0, 1, 2]),
    (" AND sk <= :a", {"a": 3}, [0, 1, 2, 3]),
    (" AND sk > :a", {"a": 7}, [8, 9]),
    (" AND sk >= :a", {"a": 7}, [7, 8, 9]),
    (" AND sk BETWEEN :a AND :b", {"a": 2, "b": 4}, [2, 3, 4]),
])
def test_key_conditions(ddb: Any, sorted_table: str, cond: str, values: dict[str, int],
                        expected: list[int]) -> None:
    _fill(ddb, sorted_table)
    _fill(ddb, sorted_table, 3, pk="other")
    resp = _query(ddb, sorted_table, cond, **values)
    assert _sks(resp) == expected
    assert resp["Count"] == resp["ScannedCount"] == len(expected)


def test_numbers_sort_numerically(ddb: Any, sorted_table: str) -> None:
    for n in ["-10", "-2.5", "-2", "0", "0.001", "1", "1.5", "10", "1E+20", "-1E-10"]:
        ddb.put_item(TableName=sorted_table, Item={"pk": {"S": "p"}, "sk": {"N": n}})
    resp = _query(ddb, sorted_table, "")
    got = [item["sk"]["N"] for item in resp["Items"]]
    assert got == ["-10", "-2.5", "-2", "-0.0000000001", "0", "0.001", "1", "1.5", "10",
                   "100000000000000000000"]


def test_begins_with_on_strings(ddb: Any, make_table: Callable[..., str]) -> None:
    name = make_table(range_key="sk")
    for sk in ["a", "ab", "abc", "abd", "b", "a\uffff"]:
        ddb.put_item(TableName=name, Item={"pk": {"S": "p"}, "sk": {"S": sk}})
    resp = ddb.query(TableName=name, KeyConditionExpression="pk = :p AND begins_with(sk, :s)",
                     ExpressionAttributeValues={":p": {"S": "p"}, ":s": {"S": "ab"}})
    assert [i["sk"]["S"] for i in resp["Items"]] == ["ab", "abc", "abd"]


def test_strings_sort_by_utf8_bytes(ddb: Any, make_table: Callable[..., str]) -> None:
    name = make_table(range_key="sk")
    values = ["Z", "a", "\u00e9", "\U0001f600", "\uffee"]
    for sk in values:
        ddb.put_item(TableName=name, Item={"pk": {"S": "p"}, "sk": {"S": sk}})
    resp = ddb.query(TableName=name, KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": {"S": "p"}})
    assert [i["sk"]["S"] for i in resp["Items"]] == sorted(values, key=lambda s: s.encode())


def test_scan_index_forward_false_reverses(ddb: Any, sorted_table: str) -> None:
    _fill(ddb, sorted_table)
    resp = ddb.query(TableName=sorted_table, KeyConditionExpression="pk = :p AND sk > :a",
                     ExpressionAttributeValues={":p": {"S": "p"}, ":a": {"N": "5"}},
                     ScanIndexForward=False)
    assert _sks(resp) == [9, 8, 7, 6]


@pytest.mark.parametrize("forward", [True, False])
def test_pagination_with_limit(ddb: Any, sorted_table: str, forward: bool) -> None:
    _fill(ddb, sorted_table)
    seen: list[int] = []
    kwargs: dict[str, Any] = {}
    pages = 0
    while True:
        resp = ddb.query(TableName=sorted_table, KeyConditionExpression="pk = :p",
                         ExpressionAttributeValues={":p": {"S": "p"}}, Limit=4,
                         ScanIndexForward=forward, **kwargs)
        pages += 1
        seen += _sks(resp)
        if "LastEvaluatedKey" not in resp:
            break
        assert set(resp["LastEvaluatedKey"]) == {"pk", "sk"}
        kwargs["ExclusiveStartKey"] = resp["LastEvaluatedKey"]
    assert seen == (list(range(10)) if forward else list(range(9, -1, -1)))
    assert pages == 3


def test_limit_equal_to_remaining_items_returns_a_last_key(ddb: Any, sorted_table: str) -> None:
    """DynamoDB stops after Limit items and returns LastEvaluatedKey without looking ahead;
    the next page is then empty."""
    _fill(ddb, sorted_table, 3)
    resp = ddb.query(TableName=sorted_table, KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": {"S": "p"}}, Limit=3)
    assert resp["Count"] == 3 and "LastEvaluatedKey" in resp
    last = ddb.query(TableName=sorted_table, KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": {"S": "p"}}, Limit=3,
                     ExclusiveStartKey=resp["LastEvaluatedKey"])
    assert last["Count"] == 0 and "LastEvaluatedKey" not in last


def test_filter_expression_counts(ddb: Any, sorted_table: str) -> None:
    _fill(ddb, sorted_table)
    resp = ddb.query(TableName=sorted_table, KeyConditionExpression="pk = :p",
                     FilterExpression="v = :z",
                     ExpressionAttributeValues={":p": {"S": "p"}, ":z": {"N": "0"}})
    assert _sks(resp) == [0, 3, 6, 9]
    assert resp["Count"] == 4 and resp["ScannedCount"] == 10


def test_limit_applies_before_filter(ddb: Any, sorted_table: str) -> None:
    _fill(ddb, sorted_table)
    resp = ddb.query(TableName=sorted_table, KeyConditionExpression="pk = :p",
                     FilterExpression="v = :z", Limit=5,
                     ExpressionAttributeValues={":p": {"S": "p"}, ":z": {"N": "0"}})
    assert _sks(resp) == [0, 3] and resp["ScannedCount"] == 5
    assert resp["LastEvaluatedKey"]["sk"] == {"N": "4"}


def test_select_count(ddb: Any, sorted_table: str) -> None:
    _fill(ddb, sorted_table)
    resp = ddb.query(TableName=sorted_table, KeyConditionExpression="pk = :p", Select="COUNT",
                     ExpressionAttributeValues={":p": {"S": "p"}})
    assert resp["Count"] == 10 and "Items" not in resp


def test_projection_expression(ddb: Any, sorted_table: str) -> None:
    _fill(ddb, sorted_table, 2)
    resp = ddb.query(TableName=sorted_table, KeyConditionExpression="pk = :p",
                     ProjectionExpression="sk", ExpressionAttributeValues={":p": {"S": "p"}})
    assert resp["Items"] == [{"sk": {"N": "0"}}, {"sk": {"N": "1"}}]


def test_select_validation(ddb: Any, sorted_table: str) -> None:
    base = {"TableName": sorted_table, "KeyConditionExpression": "pk = :p",
            "ExpressionAttributeValues": {":p": {"S": "p"}}}
    prefix = "1 validation error detected: "  # Query's messages carry it, Scan's do not
    assert validation_message(ddb.query, Select="SPECIFIC_ATTRIBUTES", **base) == (
        f"{prefix}Must specify the AttributesToGet or ProjectionExpression when choosing to get "
        "SPECIFIC_ATTRIBUTES")
    assert validation_message(ddb.query, Select="ALL_PROJECTED_ATTRIBUTES", **base) == (
        f"{prefix}ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName")
    assert validation_message(ddb.query, Select="COUNT", ProjectionExpression="sk", **base) == (
        f"{prefix}Cannot specify the ProjectionExpression when choosing to get only the Count")
    assert validation_message(ddb.query, Select="ALL_ATTRIBUTES", ProjectionExpression="sk",
                              **base) == (
        f"{prefix}Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES")


def test_key_condition_errors(ddb: Any, sorted_table: str) -> None:
    assert validation_message(
        ddb.query, TableName=sorted_table, KeyConditionExpression="sk = :a",
        ExpressionAttributeValues={":a": {"N": "1"}}) == (
        "Query condition missed key schema element: pk")
    message = validation_message(
        ddb.query, TableName=sorted_table, KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"N": "1"}})
    assert message == ("One or more parameter values were invalid: Condition parameter type "
                       "does not match schema type")
    assert validation_message(ddb.query, TableName=sorted_table) == (
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the "
        "request.")


def test_legacy_key_conditions(ddb: Any, sorted_table: str) -> None:
    _fill(ddb, sorted_table)
    resp = ddb.query(TableName=sorted_table, KeyConditions={
        "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]},
        "sk": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "7"}]}})
    assert _sks(resp) == [8, 9]


def test_one_megabyte_pages(ddb: Any, sorted_table: str) -> None:
    """A page stops once 1 MB has been read."""
    blob = "x" * 100_000
    for i in range(25):
        ddb.put_item(TableName=sorted_table, Item={"pk": {"S": "p"}, "sk": {"N": str(i)},
                                                   "blob": {"S": blob}})
    first = ddb.query(TableName=sorted_table, KeyConditionExpression="pk = :p",
                      ExpressionAttributeValues={":p": {"S": "p"}})
    assert 9 <= first["Count"] <= 11 and "LastEvaluatedKey" in first
    rest = ddb.query(TableName=sorted_table, KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": {"S": "p"}},
                     ExclusiveStartKey=first["LastEvaluatedKey"])
    assert rest["Items"][0]["sk"] == {"N": str(first["Count"])}


def test_exclusive_start_key_must_match_schema(ddb: Any, sorted_table: str) -> None:
    message = validation_message(ddb.query, TableName=sorted_table,
                                 KeyConditionExpression="pk = :p",
                                 ExpressionAttributeValues={":p": {"S": "p"}},
                                 ExclusiveStartKey={"pk": {"S": "p"}})
    assert message.startswith("The provided starting key is invalid")


@pytest.mark.parametrize(("filter_expression", "key"), [
    ("sk > :z", "sk"),
    ("pk = :p2 OR v = :z", "pk"),
    ("attribute_exists(sk)", "sk"),
])
def test_filter_on_key_attribute_is_rejected(ddb: Any, sorted_table: str,
                                             filter_expression: str, key: str) -> None:
    """A Query's FilterExpression may not name a key attribute (they belong in the key
    condition): ValidationException (400).
    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.FilterExpression.html
    """
    values = {":p": {"S": "p"}, ":z": {"N": "0"}, ":p2": {"S": "q"}}
    used = {k: v for k, v in values.items() if k == ":p" or k in filter_expression}
    message = validation_message(
        ddb.query, TableName=sorted_table, KeyConditionExpression="pk = :p",
        FilterExpression=filter_expression, ExpressionAttributeValues=used)
    assert message == ("Filter Expression can only contain non-primary key attributes: "
                       f"Primary key attribute: {key}")


def test_filter_key_attribute_through_a_name_placeholder_is_rejected(
        ddb: Any, sorted_table: str) -> None:
    message = validation_message(
        ddb.query, TableName=sorted_table, KeyConditionExpression="pk = :p",
        FilterExpression="#k > :z", ExpressionAttributeNames={"#k": "sk"},
        ExpressionAttributeValues={":p": {"S": "p"}, ":z": {"N": "0"}})
    assert message.endswith("Primary key attribute: sk")


def test_query_filter_on_key_attribute_is_rejected(ddb: Any, sorted_table: str) -> None:
    """The legacy QueryFilter names the parameter in the message."""
    message = validation_message(
        ddb.query, TableName=sorted_table,
        KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]}},
        QueryFilter={"sk": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "0"}]}})
    assert message == ("QueryFilter can only contain non-primary key attributes: "
                       "Primary key attribute: sk")


def test_scan_filter_may_name_key_attributes(ddb: Any, sorted_table: str) -> None:
    """The rule is Query's only: a Scan filter may read the key."""
    _fill(ddb, sorted_table, 3)
    resp = ddb.scan(TableName=sorted_table, FilterExpression="sk > :z",
                    ExpressionAttributeValues={":z": {"N": "0"}})
    assert resp["Count"] == 2


def test_start_key_in_another_partition_is_rejected(ddb: Any, sorted_table: str) -> None:
    """ExclusiveStartKey must lie inside the partition queried."""
    message = validation_message(
        ddb.query, TableName=sorted_table, KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": "p"}},
        ExclusiveStartKey={"pk": {"S": "other"}, "sk": {"N": "1"}})
    assert message == ("The provided starting key is outside query boundaries based on "
                       "provided conditions")


def test_start_key_outside_the_sort_key_range_is_rejected(ddb: Any, sorted_table: str) -> None:
    message = validation_message(
        ddb.query, TableName=sorted_table, KeyConditionExpression="pk = :p AND sk > :a",
        ExpressionAttributeValues={":p": {"S": "p"}, ":a": {"N": "5"}},
        ExclusiveStartKey={"pk": {"S": "p"}, "sk": {"N": "5"}})
    assert message == "The provided starting key does not match the range key predicate"


def test_start_key_inside_the_sort_key_range_continues(ddb: Any, sorted_table: str) -> None:
    _fill(ddb, sorted_table)
    resp = ddb.query(TableName=sorted_table, KeyConditionExpression="pk = :p AND sk >= :a",
                     ExpressionAttributeValues={":p": {"S": "p"}, ":a": {"N": "5"}},
                     ExclusiveStartKey={"pk": {"S": "p"}, "sk": {"N": "7"}})
    assert _sks(resp) == [8, 9]


def test_select_count_with_limit_pages(ddb: Any, sorted_table: str) -> None:
    """Select=COUNT and Limit go together: the count of one page, and a LastEvaluatedKey."""
    _fill(ddb, sorted_table)
    resp = ddb.query(TableName=sorted_table, KeyConditionExpression="pk = :p", Select="COUNT",
                     Limit=4, ExpressionAttributeValues={":p": {"S": "p"}})
    assert resp["Count"] == 4 and "Items" not in resp
    assert resp["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"N": "3"}}
