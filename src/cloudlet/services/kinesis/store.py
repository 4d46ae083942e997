"""One account's streams in one region, in SQLite, with their shards in memory.

Streams, shards and consumers are few: they are loaded once and kept in memory (every
change is written through), so DescribeStreamSummary, ListShards and the choice of a
record's shard cost no query. Records are rows keyed by ``(stream, shard, counter)``
(``WITHOUT ROWID``), so GetRecords is one index range scan; a second index on arrival
time serves AT_TIMESTAMP and retention trimming. A PutRecord(s) is one transaction,
committed before it is answered: an acknowledged record survives SIGKILL.
"""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

import orjson

from cloudlet.services.kinesis.model import Consumer, Phase, Shard, Stream
from cloudlet.services.kinesis.throughput import ShardMeter
from cloudlet.storage import connect, transaction

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS streams (
    row INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL,
    created REAL NOT NULL, status TEXT NOT NULL, until REAL NOT NULL, mode TEXT NOT NULL,
    retention INTEGER NOT NULL, encryption TEXT NOT NULL, key_id TEXT,
    metrics TEXT NOT NULL, tags TEXT NOT NULL, max_kib INTEGER NOT NULL,
    next_shard INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS shards (
    stream INTEGER NOT NULL, idx INTEGER NOT NULL, start_hash TEXT NOT NULL,
    end_hash TEXT NOT NULL, start_counter INTEGER NOT NULL, created REAL NOT NULL,
    parents TEXT NOT NULL, end_counter INTEGER, closed REAL, PRIMARY KEY (stream, idx));
CREATE TABLE IF NOT EXISTS consumers (
    stream INTEGER NOT NULL, name TEXT NOT NULL, arn TEXT NOT NULL, created REAL NOT NULL,
    status TEXT NOT NULL, until REAL NOT NULL, tags TEXT NOT NULL,
    PRIMARY KEY (stream, name));
CREATE TABLE IF NOT EXISTS records (
    stream INTEGER NOT NULL, shard INTEGER NOT NULL, counter INTEGER NOT NULL,
    arrival REAL NOT NULL, pkey TEXT NOT NULL, data BLOB NOT NULL,
    encrypted INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (stream, shard, counter)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS records_by_arrival ON records (stream, shard, arrival);
"""

# GetRecords answers at most 10 MiB of data.
MAX_READ_BYTES = 10 * 1024 * 1024


@dataclass(slots=True)
class Record:
    counter: int
    arrival: float
    partition_key: str
    data: bytes
    # Written while the stream had server-side encryption on (EncryptionType KMS).
    encrypted: bool


@dataclass(slots=True)
class NewShard:
    start_hash: int
    end_hash: int
    parents: list[int]


class StreamStore:
    def __init__(self, state: ServerState, account: str, region: str) -> None:
        self.account = account
        self.region = region
        self.clock = state.clock
        self.conn = connect(state.db_path("kinesis", account, region))
        self.conn.executescript(_SCHEMA)
        found = self.conn.execute("SELECT value FROM meta WHERE key = 'counter'").fetchone()
        self.counter: int = found[0] if found else 0
        self.streams: dict[str, Stream] = {}
        self._by_id: dict[str, Stream] = {}
        # Write throughput of provisioned shards (memory only: a per-second measure).
        self.meter = ShardMeter()
        self._load()

    # -- streams ---------------------------------------------------------------------

    def arn_of(self, name: str) -> str:
        return f"arn:aws:kinesis:{self.region}:{self.account}:stream/{name}"

    def create(self, name: str, ranges: list[tuple[int, int]], mode: str,
               tags: dict[str, str], max_kib: int) -> Stream:
        now = self.clock.now()
        stream_id = f"{secrets.token_hex(10)}-{secrets.token_hex(2)[:3]}"
        stream = Stream(0, name, self.arn_of(name), stream_id, now,
                        Phase.starting("CREATING", now), mode, tags=dict(tags),
                        max_record_kib=max_kib)
        with transaction(self.conn):
            cur = self.conn.execute(
                "INSERT INTO streams (name, stream_id, created, status, until, mode, retention,"
                " encryption, key_id, metrics, tags, max_kib, next_shard)"
                " VALUES (?, ?, ?, '', 0, ?, 0, '', NULL, '[]', '{}', 0, 0)",
                (name, stream_id, now, mode))
            stream.row = cur.lastrowid or 0
            self._write_stream(stream)
            self._open_shards(stream, [NewShard(a, b, []) for a, b in ranges], now)
        self.streams[name] = stream
        self._by_id[stream_id] = stream
        return stream

    def save(self, stream: Stream) -> None:
        """Persist the stream's own attributes (not its shards or consumers)."""
        with transaction(self.conn):
            self._write_stream(stream)

    def delete(self, stream: Stream) -> None:
        with transaction(self.conn):
            for table in ("records", "consumers", "shards"):
                self.conn.execute(f"DELETE FROM {table} WHERE stream = ?", (stream.row,))
            self.conn.execute("DELETE FROM streams WHERE row = ?", (stream.row,))
        self.streams.pop(stream.name, None)
        self._by_id.pop(stream.stream_id, None)

    def by_stream_id(self, stream_id: str) -> Stream | None:
        return self._by_id.get(stream_id)

    # -- shards ----------------------------------------------------------------------

    def reshard(self, stream: Stream, closing: list[Shard], opening: list[NewShard]) -> None:
        """Close ``closing`` and open ``opening`` in one transaction; the stream is
        UPDATING for a moment."""
        now = self.clock.now()
        with transaction(self.conn):
            for shard in closing:
                shard.end_counter = self.counter
                shard.closed = now
                self.conn.execute(
                    "UPDATE shards SET end_counter = ?, closed = ? WHERE stream = ? AND idx = ?",
                    (shard.end_counter, now, stream.row, shard.index))
            self._open_shards(stream, opening, now)
            stream.phase = Phase.starting("UPDATING", now)
            self._write_stream(stream)

    def _open_shards(self, stream: Stream, opening: list[NewShard], now: float) -> None:
        for new in opening:
            shard = Shard(stream.next_shard, new.start_hash, new.end_hash, self.counter, now,
                          list(new.parents))
            stream.next_shard += 1
            stream.shards.append(shard)
            self.conn.execute(
                "INSERT INTO shards (stream, idx, start_hash, end_hash, start_counter, created,"
                " parents) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (stream.row, shard.index, str(shard.start_hash), str(shard.end_hash),
                 shard.start_counter, now, orjson.dumps(shard.parents).decode()))
        self.conn.execute("UPDATE streams SET next_shard = ? WHERE row = ?",
                          (stream.next_shard, stream.row))

    # -- consumers -------------------------------------------------------------------

    def add_consumer(self, stream: Stream, name: str, tags: dict[str, str]) -> Consumer:
        now = self.clock.now()
        arn = f"{stream.arn}/consumer/{name}:{int(now)}"
        consumer = Consumer(name, arn, now, Phase.starting("CREATING", now), dict(tags))
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO consumers (stream, name, arn, created, status, until, tags)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (stream.row, name, arn, now, consumer.phase.status, consumer.phase.until,
                 orjson.dumps(consumer.tags).decode()))
        stream.consumers[name] = consumer
        return consumer

    def save_consumer_tags(self, stream: Stream, consumer: Consumer) -> None:
        with transaction(self.conn):
            self.conn.execute("UPDATE consumers SET tags = ? WHERE stream = ? AND name = ?",
                              (orjson.dumps(consumer.tags).decode(), stream.row, consumer.name))

    def remove_consumer(self, stream: Stream, consumer: Consumer) -> None:
        with transaction(self.conn):
            self.conn.execute("DELETE FROM consumers WHERE stream = ? AND name = ?",
                              (stream.row, consumer.name))
        stream.consumers.pop(consumer.name, None)

    # -- records ---------------------------------------------------------------------

    def append(self, stream: Stream, entries: list[tuple[int, str, bytes]]) -> list[int]:
        """Write ``(shard index, partition key, data)`` records in one transaction; their
        counters (the sequence numbers' ordering part), in order."""
        now = self.clock.now()
        first = self.counter + 1
        counters = list(range(first, first + len(entries)))
        encrypted = int(stream.encryption != "NONE")
        rows = [(stream.row, shard, counter, now, key, data, encrypted)
                for counter, (shard, key, data) in zip(counters, entries, strict=True)]
        with transaction(self.conn):
            self.conn.executemany(
                "INSERT INTO records (stream, shard, counter, arrival, pkey, data, encrypted)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            self.conn.execute(
                "INSERT INTO meta (key, value) VALUES ('counter', ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (counters[-1],))
        self.counter = counters[-1]
        return counters

    def read(self, stream: Stream, shard: int, after: int, limit: int,
             horizon: float) -> tuple[list[Record], bool]:
        """Records of a shard with a counter above ``after`` that arrived at or after
        ``horizon``, oldest first, at most ``limit`` and about 10 MiB; and whether more
        follow."""
        rows = self.conn.execute(
            "SELECT counter, arrival, pkey, data, encrypted FROM records"
            " WHERE stream = ? AND shard = ?"
            " AND counter > ? AND arrival >= ? ORDER BY counter LIMIT ?",
            (stream.row, shard, after, horizon, limit + 1)).fetchall()
        records: list[Record] = []
        size = 0
        for counter, arrival, pkey, data, encrypted in rows[:limit]:
            size += len(data) + len(pkey)
            if records and size > MAX_READ_BYTES:
                return records, True
            records.append(Record(counter, arrival, pkey, bytes(data), bool(encrypted)))
        return records, len(rows) > limit

    def first_at(self, stream: Stream, shard: int, when: float) -> int | None:
        """The counter of the shard's first record that arrived at or after ``when``."""
        found = self.conn.execute(
            "SELECT counter FROM records WHERE stream = ? AND shard = ? AND arrival >= ?"
            " ORDER BY arrival, counter LIMIT 1", (stream.row, shard, when)).fetchone()
        return int(found[0]) if found else None

    def has_record(self, stream: Stream, shard: int, counter: int) -> bool:
        return self.conn.execute(
            "SELECT 1 FROM records WHERE stream = ? AND shard = ? AND counter = ?",
            (stream.row, shard, counter)).fetchone() is not None

    def trim(self, stream: Stream) -> None:
        """Delete the records past the stream's retention period."""
        horizon = stream.trim_horizon(self.clock.now())
        with transaction(self.conn):
            for shard in stream.shards:
                self.conn.execute(
                    "DELETE FROM records WHERE stream = ? AND shard = ? AND arrival < ?",
                    (stream.row, shard.index, horizon))

    # -- loading and writing ---------------------------------------------------------

    def _write_stream(self, stream: Stream) -> None:
        self.conn.execute(
            "UPDATE streams SET status = ?, until = ?, mode = ?, retention = ?, encryption = ?,"
            " key_id = ?, metrics = ?, tags = ?, max_kib = ?, next_shard = ? WHERE row = ?",
            (stream.phase.status, stream.phase.until, stream.mode, stream.retention_hours,
             stream.encryption, stream.key_id, orjson.dumps(stream.metrics).decode(),
             orjson.dumps(stream.tags).decode(), stream.max_record_kib, stream.next_shard,
             stream.row))

    def _load(self) -> None:
        conn = self.conn
        conn.row_factory = sqlite3.Row
        try:
            by_row: dict[int, Stream] = {}
            for r in conn.execute("SELECT * FROM streams ORDER BY row"):
                # A phase that was under way when the server stopped has ended since.
                stream = Stream(r["row"], r["name"], self.arn_of(r["name"]), r["stream_id"],
                                r["created"], Phase(), r["mode"], r["retention"],
                                r["encryption"], r["key_id"], orjson.loads(r["metrics"]),
                                orjson.loads(r["tags"]), r["max_kib"], r["next_shard"])
                by_row[stream.row] = stream
                self.streams[stream.name] = stream
                self._by_id[stream.stream_id] = stream
            for r in conn.execute("SELECT * FROM shards ORDER BY stream, idx"):
                by_row[r["stream"]].shards.append(Shard(
                    r["idx"], int(r["start_hash"]), int(r["end_hash"]), r["start_counter"],
                    r["created"], orjson.loads(r["parents"]), r["end_counter"], r["closed"]))
            for r in conn.execute("SELECT * FROM consumers ORDER BY stream, created"):
                by_row[r["stream"]].consumers[r["name"]] = Consumer(
                    r["name"], r["arn"], r["created"], Phase(), orjson.loads(r["tags"]))
        finally:
            conn.row_factory = None
