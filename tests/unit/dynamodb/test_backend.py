"""backend.py: storage of items, index rows and stream records in one transaction."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import orjson
import pytest

from cloudlet.clock import Clock
from cloudlet.services.dynamodb.backend import Bound, DynamoBackend
from cloudlet.services.dynamodb.keys import encode_number
from cloudlet.services.dynamodb.table import Index, KeySpec, StreamInfo, Table


@pytest.fixture
def backend(tmp_path: Path) -> DynamoBackend:
    return DynamoBackend(tmp_path / "db.sqlite", Clock())


def _table(backend: DynamoBackend, with_index: bool = False) -> Table:
    with backend.transaction():
        indexes = {}
        if with_index:
            indexes["byG"] = Index(backend.next_id("index"), "byG", True, KeySpec("g", "S"),
                                   "KEYS_ONLY")
        table = Table(backend.next_id("table"), "t", "id", "arn:t", 0.0,
                      KeySpec("pk", "S", "sk", "N"), [], indexes=indexes)
        row = backend.streams.create(table.id, "t", "arn:t", "KEYS_ONLY", [], 1.0)
        table.stream = StreamInfo(row.id, row.arn, row.label, "KEYS_ONLY", True)
        backend.add_table(table)
    return table


def _put(backend: DynamoBackend, table: Table, sk: int, **extra: dict[str, str]) -> None:
    item = {"pk": {"S": "p"}, "sk": {"N": str(sk)}, **extra}
    h, r = table.key_of_item(item)
    with backend.transaction() as writer:
        writer.put(table, h, r, writer.read(table, h, r), item)


def test_query_rows_come_in_key_order(backend: DynamoBackend) -> None:
    table = _table(backend)
    for sk in (5, -1, 3, 10):
        _put(backend, table, sk)
    rows = backend.query_rows(table, None, b"p", None, None, True, None)
    assert [orjson.loads(r[0])["sk"]["N"] for r in rows] == ["-1", "3", "5", "10"]
    rows = backend.query_rows(table, None, b"p", Bound(encode_number("3"), False), None,
                              False, None)
    assert [orjson.loads(r[0])["sk"]["N"] for r in rows] == ["10", "5"]


def test_failed_transaction_leaves_nothing(backend: DynamoBackend) -> None:
    table = _table(backend, with_index=True)
    item = {"pk": {"S": "p"}, "sk": {"N": "1"}, "g": {"S": "x"}}
    h, r = table.key_of_item(item)
    with pytest.raises(RuntimeError), backend.transaction() as writer:
        writer.put(table, h, r, None, item)
        raise RuntimeError("boom")
    assert backend.get(table, h, r) is None
    assert backend.index_stats(table.indexes["byG"]) == (0, 0)
    assert backend.streams.bounds(table.stream.id if table.stream else 0) == (None, None)


def test_index_rows_follow_the_item(backend: DynamoBackend) -> None:
    table = _table(backend, with_index=True)
    _put(backend, table, 1, g={"S": "x"})
    assert backend.index_stats(table.indexes["byG"])[0] == 1
    _put(backend, table, 1)
    assert backend.index_stats(table.indexes["byG"])[0] == 0


def test_catalogue_survives_reopen(tmp_path: Path) -> None:
    first = DynamoBackend(tmp_path / "db.sqlite", Clock())
    table = _table(first, with_index=True)
    _put(first, table, 1)
    first.close()
    second = DynamoBackend(tmp_path / "db.sqlite", Clock())
    again = second.table("t")
    assert again.indexes["byG"].keys.hash_name == "g"
    h, r = again.key_of_item({"pk": {"S": "p"}, "sk": {"N": "1"}})
    assert second.get(again, h, r) == {"pk": {"S": "p"}, "sk": {"N": "1"}}
    assert second.streams.last_seq() == 1


def test_the_database_is_the_backends_alone_while_it_is_open(tmp_path: Path) -> None:
    # Its file locks are taken once and kept (no six lock calls per write): another
    # connection is refused until the backend closes, and then finds every write.
    first = DynamoBackend(tmp_path / "db.sqlite", Clock())
    table = _table(first)
    _put(first, table, 1)
    other = sqlite3.connect(tmp_path / "db.sqlite", timeout=0)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        other.execute("SELECT count(*) FROM items").fetchone()
    first.close()
    assert other.execute("SELECT count(*) FROM items").fetchone() == (1,)
    other.close()


def test_scan_segments_cover_the_table(backend: DynamoBackend) -> None:
    table = _table(backend)
    with backend.transaction() as writer:
        for i in range(200):
            item = {"pk": {"S": f"k{i}"}, "sk": {"N": "0"}}
            h, r = table.key_of_item(item)
            writer.put(table, h, r, None, item)
    seen = []
    for segment in range(3):
        seen += [orjson.loads(r[0])["pk"]["S"] for r in backend.scan_rows(table, None, segment, 3, None)]
    assert sorted(seen) == sorted(f"k{i}" for i in range(200))
