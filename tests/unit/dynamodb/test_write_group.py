"""write_group.py: writes of one turn of the loop share one commit, on a real SQLite file."""

from __future__ import annotations

import asyncio
from pathlib import Path

import orjson

from cloudlet.clock import Clock
from cloudlet.services.dynamodb.backend import DynamoBackend, read_item
from cloudlet.services.dynamodb.table import KeySpec, StreamInfo, Table
from cloudlet.services.dynamodb.write_group import Changes


def _table(backend: DynamoBackend) -> Table:
    with backend.transaction():
        table = Table(backend.next_id("table"), "t", "id", "arn:t", 0.0,
                      KeySpec("pk", "S", "sk", "N"), [])
        row = backend.streams.create(table.id, "t", "arn:t", "NEW_IMAGE", [], 1.0)
        table.stream = StreamInfo(row.id, row.arn, row.label, "NEW_IMAGE", True)
        backend.add_table(table)
    return table


def _commits(backend: DynamoBackend) -> list[int]:
    """Count the group commits (the number of changes of each) of ``backend``."""
    sizes: list[int] = []
    commit = backend.writes.commit

    def counted(changes: list[object]) -> None:
        sizes.append(len(changes))
        commit(changes)  # type: ignore[arg-type]

    backend.writes.commit = counted  # type: ignore[method-assign]
    return sizes


async def _add_one(backend: DynamoBackend, table: Table, fail_if: int | None,
                   index: int) -> int:
    """Read-modify-write of one counter item, as UpdateItem does: returns the new value."""
    item = {"pk": {"S": "c"}, "sk": {"N": "0"}}
    h, r = table.key_of_item(item)
    changes: Changes
    async with backend.changes() as changes:
        old = changes.read(table, h, r)
        value = int(old["n"]["N"]) if old else 0
        if index == fail_if:
            raise ValueError("condition failed")
        changes.put(table, h, r, old, {**item, "n": {"N": str(value + 1)}})
    return value + 1


def test_writes_of_one_turn_share_a_commit_in_arrival_order(tmp_path: Path) -> None:
    backend = DynamoBackend(tmp_path / "db.sqlite", Clock())
    table = _table(backend)
    sizes = _commits(backend)
    backend.writes.grouping = True  # as after a turn with two writes

    async def main() -> list[int | BaseException]:
        return await asyncio.gather(*(_add_one(backend, table, 3, i) for i in range(8)),
                                    return_exceptions=True)

    results = asyncio.run(main())
    assert sizes == [7]  # one commit, without the write that failed
    assert isinstance(results[3], ValueError)
    assert results[:3] + results[4:] == [1, 2, 3, 4, 5, 6, 7]
    stored = read_item(backend.conn, table, *table.key_of_item({"pk": {"S": "c"}, "sk": {"N": "0"}}))
    assert stored is not None and stored["n"] == {"N": "7"}
    records = backend.streams.records_after(table.stream.id, 0, 100)  # type: ignore[union-attr]
    images = [orjson.loads(body)["dynamodb"]["NewImage"]["n"]["N"] for _, body in records]
    assert images == ["1", "2", "3", "4", "5", "6", "7"]
    backend.close()


def test_a_lone_writer_commits_at_once_and_grouping_starts_and_stops(tmp_path: Path) -> None:
    backend = DynamoBackend(tmp_path / "db.sqlite", Clock())
    table = _table(backend)
    sizes = _commits(backend)

    async def main() -> None:
        for i in range(3):  # one write per turn: each commits before it is answered
            assert await _add_one(backend, table, None, i) == i + 1
            assert sizes[-1] == 1 and backend.writes.group is None
            await asyncio.sleep(0)
        assert not backend.writes.grouping
        await asyncio.gather(*(_add_one(backend, table, None, i) for i in range(12)))
        assert backend.writes.grouping and max(sizes) > 1
        for i in range(12):  # alone again: grouping stops
            await _add_one(backend, table, None, i)
            await asyncio.sleep(0)
        assert not backend.writes.grouping

    asyncio.run(main())
    assert sum(sizes) == 27
    backend.close()


def test_another_transaction_commits_the_pending_group_first(tmp_path: Path) -> None:
    backend = DynamoBackend(tmp_path / "db.sqlite", Clock())
    table = _table(backend)
    backend.writes.grouping = True
    key = table.key_of_item({"pk": {"S": "c"}, "sk": {"N": "0"}})

    async def main() -> None:
        task = asyncio.ensure_future(_add_one(backend, table, None, 0))
        await asyncio.sleep(0)  # the write is pending, not in the database
        assert read_item(backend.conn, table, *key) is None
        with backend.transaction():
            pass
        assert read_item(backend.conn, table, *key) is not None
        assert await task == 1

    asyncio.run(main())
    backend.close()
