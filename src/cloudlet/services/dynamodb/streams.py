"""DynamoDB Streams storage: one shard per stream, records written with the item change.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html
- A record is written in the SAME SQLite transaction as the item write, so a record exists
  exactly for every committed change, in commit order (which is per-key order).
- INSERT / MODIFY / REMOVE; a write that changes nothing writes no record.
- The images a record carries follow the stream's view type: KEYS_ONLY, NEW_IMAGE,
  OLD_IMAGE, NEW_AND_OLD_IMAGES.
- TTL deletions carry ``userIdentity``: ``{"Type": "Service", "PrincipalId":
  "dynamodb.amazonaws.com"}`` in the Streams API (member names of its model); a Lambda
  event carries it as ``{"type": ..., "principalId": ...}`` (Lambda's event sources).
- Records are kept 24 hours (``trim``).
- Disabling a stream closes it (its shard gets an EndingSequenceNumber); enabling again
  starts a new stream with a new ARN and label. Old streams stay readable for 24 hours.

https://docs.aws.amazon.com/amazondynamodbstreams/latest/APIReference/API_Record.html

LIMITATIONS: one shard per stream (shards never split).
"""

from __future__ import annotations

import secrets
import sqlite3
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from cloudlet.services.dynamodb.values import Item, item_size
from cloudlet.storage import transaction

RETENTION_S = 24 * 3600
SERVICE_IDENTITY = {"Type": "Service", "PrincipalId": "dynamodb.amazonaws.com"}


def format_seq(seq: int) -> str:
    """Sequence numbers are decimal strings; fixed width so they also sort as text."""
    return f"{seq:021d}"


def stream_label(now: float) -> str:
    """A stream label is the creation time, ISO 8601 with milliseconds."""
    return datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]


@dataclass(slots=True)
class StreamRow:
    id: int
    table_id: int
    table_name: str
    arn: str
    label: str
    view_type: str
    key_schema: list[dict[str, str]]
    shard_id: str
    created: float
    disabled: float | None


_STREAM_COLUMNS = "id, table_id, table_name, arn, label, view_type, key_schema, shard_id, created, disabled"


def _stream_row(row: tuple[Any, ...]) -> StreamRow:
    return StreamRow(row[0], row[1], row[2], row[3], row[4], row[5], orjson.loads(row[6]),
                     row[7], row[8], row[9])


class StreamStore:
    """Streams and their records in the backend's database."""

    def __init__(self, conn: sqlite3.Connection, region: str):
        self.conn = conn
        self.region = region
        found = conn.execute("SELECT max(seq) FROM stream_records").fetchone()[0]
        self._seq = int(found or 0)

    # -- lifecycle (called inside the catalogue's transaction) ---------------------

    def create(self, table_id: int, table_name: str, table_arn: str, view_type: str,
               key_schema: list[dict[str, str]], now: float) -> StreamRow:
        label = stream_label(now)
        arn = f"{table_arn}/stream/{label}"
        # The label has millisecond precision; keep ARNs unique if enabled twice in one ms.
        while self.conn.execute("SELECT 1 FROM streams WHERE arn=?", (arn,)).fetchone():
            now += 0.001
            label = stream_label(now)
            arn = f"{table_arn}/stream/{label}"
        shard_id = f"shardId-{int(now * 1000):020d}-{secrets.token_hex(4)}"
        cur = self.conn.execute(
            "INSERT INTO streams (table_id, table_name, arn, label, view_type, key_schema, "
            "shard_id, created) VALUES (?,?,?,?,?,?,?,?)",
            (table_id, table_name, arn, label, view_type, orjson.dumps(key_schema), shard_id, now),
        )
        assert cur.lastrowid is not None
        return StreamRow(cur.lastrowid, table_id, table_name, arn, label, view_type, key_schema,
                         shard_id, now, None)

    def disable(self, stream_id: int, now: float) -> None:
        self.conn.execute("UPDATE streams SET disabled=? WHERE id=? AND disabled IS NULL",
                          (now, stream_id))

    # -- writing records -----------------------------------------------------------

    def record(self, stream_id: int, view_type: str, keys: Item, old: Item | None,
               new: Item | None, now: float, service: bool = False) -> None:
        """Append the record of one item change (inside the write's transaction)."""
        if old is None and new is None:
            return
        if old is not None and new is not None:
            if old == new:
                return
            event = "MODIFY"
        else:
            event = "INSERT" if old is None else "REMOVE"
        self._seq += 1
        seq = self._seq
        body: dict[str, Any] = {"ApproximateCreationDateTime": int(now), "Keys": keys}
        size = item_size(keys)
        if new is not None and view_type in ("NEW_IMAGE", "NEW_AND_OLD_IMAGES"):
            body["NewImage"] = new
            size += item_size(new)
        if old is not None and view_type in ("OLD_IMAGE", "NEW_AND_OLD_IMAGES"):
            body["OldImage"] = old
            size += item_size(old)
        body["SequenceNumber"] = format_seq(seq)
        body["SizeBytes"] = size
        body["StreamViewType"] = view_type
        rec: dict[str, Any] = {
            "eventID": uuid.uuid4().hex,
            "eventName": event,
            "eventVersion": "1.1",
            "eventSource": "aws:dynamodb",
            "awsRegion": self.region,
            "dynamodb": body,
        }
        if service:
            rec["userIdentity"] = SERVICE_IDENTITY
        self.conn.execute(
            "INSERT INTO stream_records (s, seq, created, record) VALUES (?,?,?,?)",
            (stream_id, seq, now, orjson.dumps(rec)),
        )

    # -- reading -------------------------------------------------------------------

    def all(self) -> list[StreamRow]:
        rows = self.conn.execute(f"SELECT {_STREAM_COLUMNS} FROM streams ORDER BY id").fetchall()
        return [_stream_row(r) for r in rows]

    def by_arn(self, arn: str) -> StreamRow | None:
        row = self.conn.execute(f"SELECT {_STREAM_COLUMNS} FROM streams WHERE arn=?",
                                (arn,)).fetchone()
        return None if row is None else _stream_row(row)

    def bounds(self, stream_id: int) -> tuple[int | None, int | None]:
        """The first and last sequence numbers held for a stream."""
        row = self.conn.execute("SELECT min(seq), max(seq) FROM stream_records WHERE s=?",
                                (stream_id,)).fetchone()
        return row[0], row[1]

    def has(self, stream_id: int, seq: int) -> bool:
        return self.conn.execute("SELECT 1 FROM stream_records WHERE s=? AND seq=?",
                                 (stream_id, seq)).fetchone() is not None

    def records_after(self, stream_id: int, seq: int, limit: int) -> list[tuple[int, bytes]]:
        """Up to ``limit`` records with a sequence number greater than ``seq``."""
        return self.conn.execute(
            "SELECT seq, record FROM stream_records WHERE s=? AND seq>? ORDER BY seq LIMIT ?",
            (stream_id, seq, limit),
        ).fetchall()

    def last_seq(self) -> int:
        return self._seq

    def trim(self, now: float | None = None) -> int:
        """Drop records (and closed streams) older than 24 hours."""
        cutoff = (time.time() if now is None else now) - RETENTION_S
        with transaction(self.conn) as conn:
            cur = conn.execute("DELETE FROM stream_records WHERE created < ?", (cutoff,))
            conn.execute("DELETE FROM streams WHERE disabled IS NOT NULL AND disabled < ?",
                         (cutoff,))
        return cur.rowcount
