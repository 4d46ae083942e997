"""partiql/planner.py: keys for writes, partitions and sort-key ranges for reads."""

from __future__ import annotations

import pytest

from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.keys import encode_value
from cloudlet.services.dynamodb.partiql import Select, parse
from cloudlet.services.dynamodb.partiql.planner import (
    NO_KEY,
    key_and_condition,
    key_range,
    partitions,
)
from cloudlet.services.dynamodb.table import KeySpec

KEYS = KeySpec("pk", "S", "sk", "N")


def _where(text: str):  # type: ignore[no-untyped-def]
    stmt = parse(f"SELECT * FROM t WHERE {text}")
    assert isinstance(stmt, Select) and stmt.where is not None
    return stmt.where


def test_key_and_remaining_condition() -> None:
    key, rest = key_and_condition(_where("v = 1 AND pk = 'a' AND 2 = sk"), KEYS)
    assert key == {"pk": {"S": "a"}, "sk": {"N": "2"}}
    assert rest is not None and rest.evaluate({"v": {"N": "1"}})


@pytest.mark.parametrize("where", ["pk = 'a'", "pk = 'a' OR sk = 1", "pk > 'a' AND sk = 1"])
def test_missing_key_equality(where: str) -> None:
    with pytest.raises(ValidationException) as err:
        key_and_condition(_where(where), KEYS)
    assert err.value.message == NO_KEY


@pytest.mark.parametrize(("where", "expected"), [
    ("pk = 'a'", ["a"]),
    ("pk IN ['a', 'b', 'a']", ["a", "b"]),
    ("pk = 'a' OR pk = 'b'", ["a", "b"]),
    ("(pk = 'a' OR pk = 'b') AND v = 1", ["a", "b"]),
    ("pk = 'a' OR v = 1", None),
    ("pk > 'a'", None),
    ("v = 1", None),
])
def test_partitions(where: str, expected: list[str] | None) -> None:
    found = partitions(_where(where), "pk")
    assert (None if found is None else [v["S"] for v in found]) == expected


def test_sort_key_range_of_a_single_partition() -> None:
    plan = key_range(_where("pk = 'a' AND sk BETWEEN 2 AND 5"), KEYS)
    assert plan is not None and plan.hashes == [b"a"]
    assert plan.low is not None and plan.low.value == encode_value("N", {"N": "2"})
    assert plan.high is not None and plan.high.value == encode_value("N", {"N": "5"})
    assert key_range(_where("sk = 1"), KEYS) is None
