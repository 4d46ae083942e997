"""ExecuteStatement SELECT: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.select.html"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.dynamodb.support import error_of, validation_message


def _fill(ddb: Any, table: str, count: int = 3) -> None:
    for pk in ("a", "b"):
        for sk in range(count):
            ddb.put_item(TableName=table, Item={
                "pk": {"S": pk}, "sk": {"N": str(sk)}, "v": {"S": f"{pk}{sk}"},
                "tags": {"SS": ["x", "y"]}, "doc": {"M": {"n": {"N": str(sk)},
                                                          "l": {"L": [{"S": "first"}]}}}})


def _run(ddb: Any, statement: str, *params: dict[str, Any], **kwargs: Any) -> list[Any]:
    if params:
        kwargs["Parameters"] = list(params)
    return ddb.execute_statement(Statement=statement, **kwargs)["Items"]  # type: ignore[no-any-return]


def test_select_star_by_partition_key_returns_its_items_in_key_order(
        ddb: Any, sorted_table: str) -> None:
    _fill(ddb, sorted_table)
    items = _run(ddb, f'SELECT * FROM "{sorted_table}" WHERE pk = \'a\'')
    assert [i["sk"]["N"] for i in items] == ["0", "1", "2"]
    assert items[0]["v"] == {"S": "a0"}


def test_select_projection_with_nested_paths(ddb: Any, sorted_table: str) -> None:
    _fill(ddb, sorted_table)
    items = _run(ddb, f'SELECT v, doc.n, doc.l[0] FROM "{sorted_table}" WHERE pk = ? AND sk = ?',
                 {"S": "b"}, {"N": "1"})
    assert items == [{"v": {"S": "b1"}, "doc": {"M": {"n": {"N": "1"},
                                                      "l": {"L": [{"S": "first"}]}}}}]


def test_select_without_where_scans_the_table(ddb: Any, sorted_table: str) -> None:
    _fill(ddb, sorted_table)
    assert len(_run(ddb, f'SELECT * FROM "{sorted_table}"')) == 6


@pytest.mark.parametrize(("where", "expected"), [
    ("sk > 0", ["a1", "a2"]),
    ("sk >= 1 AND sk <= 1", ["a1"]),
    ("sk < 1", ["a0"]),
    ("sk <> 1", ["a0", "a2"]),
    ("sk BETWEEN 1 AND 2", ["a1", "a2"]),
    ("sk IN [0, 2]", ["a0", "a2"]),
    ("sk IN (0, 2)", ["a0", "a2"]),
    ("NOT sk = 1", ["a0", "a2"]),
    ("(sk = 0 OR sk = 2)", ["a0", "a2"]),
    ("begins_with(v, 'a1')", ["a1"]),
    ("contains(tags, 'x') AND sk = 0", ["a0"]),
    ("contains(v, '2')", ["a2"]),
    ("attribute_type(v, 'S') AND sk = 2", ["a2"]),
    ("size(v) = 2 AND sk = 2", ["a2"]),
    ("doc.n = 1", ["a1"]),
    ("doc.l[0] = 'first' AND sk = 0", ["a0"]),
    ("missing_attr IS MISSING AND sk = 0", ["a0"]),
    ("v IS NOT MISSING AND sk = 0", ["a0"]),
    ("sk NOT IN [0, 1]", ["a2"]),
])
def test_where_operators_filter_the_partition(ddb: Any, sorted_table: str, where: str,
                                              expected: list[str]) -> None:
    _fill(ddb, sorted_table)
    items = _run(ddb, f'SELECT v FROM "{sorted_table}" WHERE pk = \'a\' AND {where}')
    assert [i["v"]["S"] for i in items] == expected


def test_in_and_or_on_the_partition_key_read_several_partitions(
        ddb: Any, sorted_table: str) -> None:
    _fill(ddb, sorted_table, 1)
    assert len(_run(ddb, f'SELECT * FROM "{sorted_table}" WHERE pk IN [\'a\', \'b\']')) == 2
    assert len(_run(ddb, f'SELECT * FROM "{sorted_table}" WHERE pk = \'a\' OR pk = \'b\'')) == 2


def test_filter_without_partition_key_scans(ddb: Any, sorted_table: str) -> None:
    _fill(ddb, sorted_table)
    items = _run(ddb, f'SELECT v FROM "{sorted_table}" WHERE sk = 2')
    assert sorted(i["v"]["S"] for i in items) == ["a2", "b2"]


def test_order_by_sort_key_descending(ddb: Any, sorted_table: str) -> None:
    _fill(ddb, sorted_table)
    items = _run(ddb, f'SELECT sk FROM "{sorted_table}" WHERE pk = \'a\' ORDER BY sk DESC')
    assert [i["sk"]["N"] for i in items] == ["2", "1", "0"]


def test_limit_and_next_token_page_through_the_results(ddb: Any, sorted_table: str) -> None:
    _fill(ddb, sorted_table)
    statement = f'SELECT sk FROM "{sorted_table}" WHERE pk = ?'
    seen: list[str] = []
    token = None
    pages = 0
    while True:
        kwargs: dict[str, Any] = {"Limit": 2}
        if token:
            kwargs["NextToken"] = token
        resp = ddb.execute_statement(Statement=statement, Parameters=[{"S": "a"}], **kwargs)
        seen += [i["sk"]["N"] for i in resp["Items"]]
        pages += 1
        token = resp.get("NextToken")
        if not token:
            break
    assert seen == ["0", "1", "2"]
    assert pages == 2


def test_scan_pages_cover_every_item_once(ddb: Any, sorted_table: str) -> None:
    _fill(ddb, sorted_table)
    seen = []
    token = None
    while True:
        kwargs: dict[str, Any] = {"Limit": 4}
        if token:
            kwargs["NextToken"] = token
        resp = ddb.execute_statement(Statement=f'SELECT v FROM "{sorted_table}"', **kwargs)
        seen += [i["v"]["S"] for i in resp["Items"]]
        token = resp.get("NextToken")
        if not token:
            break
    assert sorted(seen) == ["a0", "a1", "a2", "b0", "b1", "b2"]


def test_next_token_of_another_statement_is_rejected(ddb: Any, sorted_table: str) -> None:
    _fill(ddb, sorted_table)
    token = ddb.execute_statement(Statement=f'SELECT * FROM "{sorted_table}"',
                                  Limit=1)["NextToken"]
    code, _, status = error_of(ddb.execute_statement,
                               Statement=f'SELECT v FROM "{sorted_table}"', NextToken=token)
    assert (code, status) == ("ValidationException", 400)


def test_select_from_a_global_index(ddb: Any, make_table: Callable[..., str]) -> None:
    name = make_table(extra_attributes={"g": "S"}, GlobalSecondaryIndexes=[{
        "IndexName": "byg", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "ALL"}}])
    ddb.put_item(TableName=name, Item={"pk": {"S": "1"}, "g": {"S": "x"}})
    ddb.put_item(TableName=name, Item={"pk": {"S": "2"}, "g": {"S": "y"}})
    ddb.put_item(TableName=name, Item={"pk": {"S": "3"}})
    items = _run(ddb, f'SELECT pk FROM "{name}"."byg" WHERE g = \'x\'')
    assert items == [{"pk": {"S": "1"}}]
    assert len(_run(ddb, f'SELECT * FROM "{name}"."byg"')) == 2
    code, _, _ = error_of(ddb.execute_statement,
                          Statement=f'SELECT * FROM "{name}"."byg"', ConsistentRead=True)
    assert code == "ValidationException"
    assert "index" in validation_message(ddb.execute_statement,
                                         Statement=f'SELECT * FROM "{name}"."nope"')


def test_consumed_capacity_of_a_select(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}})
    resp = ddb.execute_statement(Statement=f'SELECT * FROM "{table}" WHERE pk = \'a\'',
                                 ReturnConsumedCapacity="TOTAL", ConsistentRead=True)
    assert resp["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": 1.0}


def test_literals_of_every_type_compare_equal(ddb: Any, table: str) -> None:
    ddb.execute_statement(Statement=(
        f"INSERT INTO \"{table}\" VALUE {{'pk': 'k', 'n': -1.50, 'b': TRUE, 'z': NULL, "
        "'m': {'a': [1, 'x']}, 'ss': <<'p', 'q'>>, 'ns': <<1, 2>>}"))
    item = ddb.get_item(TableName=table, Key={"pk": {"S": "k"}})["Item"]
    assert item["n"] == {"N": "-1.5"}
    assert item["b"] == {"BOOL": True}
    assert item["z"] == {"NULL": True}
    assert item["m"] == {"M": {"a": {"L": [{"N": "1"}, {"S": "x"}]}}}
    assert sorted(item["ss"]["SS"]) == ["p", "q"]
    assert sorted(item["ns"]["NS"]) == ["1", "2"]
    where = "n = -1.5 AND b = TRUE AND m = {'a': [1, 'x']} AND ss = <<'q', 'p'>>"
    assert len(_run(ddb, f'SELECT * FROM "{table}" WHERE pk = \'k\' AND {where}')) == 1
