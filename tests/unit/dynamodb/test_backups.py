"""backups.py: snapshots copied row by row within SQLite, listed in creation order."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cloudlet.clock import Clock
from cloudlet.services.dynamodb.backend import DynamoBackend
from cloudlet.services.dynamodb.backups import backup_time_ms
from cloudlet.services.dynamodb.schema import VERSION, migrate
from cloudlet.services.dynamodb.table import Index, KeySpec, Table

ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/t"


class FixedClock(Clock):
    def now(self) -> float:
        return 1_700_000_000.5


@pytest.fixture
def backend(tmp_path: Path) -> DynamoBackend:
    return DynamoBackend(tmp_path / "db.sqlite", FixedClock())


def _table(backend: DynamoBackend, name: str = "t") -> Table:
    with backend.transaction():
        index = Index(backend.next_id("index"), "byG", True, KeySpec("g", "S"), "KEYS_ONLY")
        table = Table(backend.next_id("table"), name, "id", f"{ARN[:-1]}{name}", 0.0,
                      KeySpec("pk", "S"), [], indexes={"byG": index})
        backend.add_table(table)
    for i in range(3):
        item = {"pk": {"S": f"k{i}"}, "g": {"S": "x"}}
        h, r = table.key_of_item(item)
        with backend.transaction() as writer:
            writer.put(table, h, r, None, item)
    return table


def test_backup_time_is_read_from_the_arn() -> None:
    assert backup_time_ms(f"{ARN}/backup/01700000000500-0a1b2c3d") == 1_700_000_000_500
    assert backup_time_ms(f"{ARN}/backup/latest") is None
    assert backup_time_ms(ARN) is None


def test_create_copies_items_and_index_rows(backend: DynamoBackend) -> None:
    table = _table(backend)
    with backend.transaction():
        backup = backend.backups.create(table, "b", backend.clock.now())
    assert backup.arn == f"{table.arn}/backup/01700000000500-{backup.arn[-8:]}"
    assert backup.item_count == 3 and backup.size > 0
    counts = [backend.conn.execute(f"SELECT count(*) FROM {t} WHERE b=?",
                                   (backup.id,)).fetchone()[0]
              for t in ("backup_items", "backup_index_items")]
    assert counts == [3, 3]


def test_backups_made_in_one_millisecond_get_increasing_times(backend: DynamoBackend) -> None:
    table = _table(backend)
    with backend.transaction():
        made = [backend.backups.create(table, f"b{i}", backend.clock.now()) for i in range(3)]
    assert [b.created_ms for b in made] == [1_700_000_000_500 + i for i in range(3)]
    listed = backend.backups.page("t", None, None, None, 10)
    assert [b.arn for b in listed] == [b.arn for b in made]
    after = backend.backups.page("t", None, None, (made[0].created_ms, made[0].arn), 10)
    assert [b.arn for b in after] == [b.arn for b in made[1:]]


def test_restore_into_and_delete(backend: DynamoBackend) -> None:
    table = _table(backend)
    with backend.transaction():
        backup = backend.backups.create(table, "b", backend.clock.now())
    with backend.transaction():
        index = Index(backend.next_id("index"), "byG", True, KeySpec("g", "S"), "KEYS_ONLY")
        copy = Table(backend.next_id("table"), "copy", "id2", f"{ARN}copy", 0.0,
                     KeySpec("pk", "S"), [], indexes={"byG": index})
        backend.backups.restore_into(backup, copy)
        backend.add_table(copy)
    assert backend.table_stats(copy)[0] == 3
    assert backend.index_stats(index)[0] == 3
    with backend.transaction():
        backend.backups.delete(backup)
    assert backend.backups.get(backup.arn) is None
    assert backend.conn.execute("SELECT count(*) FROM backup_items").fetchone()[0] == 0


def test_migrate_adds_backup_tables_to_a_version_1_database(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "old.sqlite", isolation_level=None)
    conn.executescript("CREATE TABLE tables (id INTEGER PRIMARY KEY, name TEXT, meta BLOB);"
                       "PRAGMA user_version=1;")
    migrate(conn)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"backups", "backup_items", "backup_index_items"} <= names
    assert conn.execute("PRAGMA user_version").fetchone()[0] == VERSION
