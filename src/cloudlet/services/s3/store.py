"""S3's state: one server-wide SQLite database (bucket names are global, as on AWS).

``<data dir>/s3/s3.sqlite`` holds buckets (with their owner's account and region), bucket
settings (versioning, notifications, policy, CORS, lifecycle, tags, as JSON), object
versions, and multipart uploads with their parts; the bytes are files (``blobs.py``).
Every object row is a version: ``version_id`` is ``"null"`` for objects written while
versioning was never enabled (or is suspended), ``latest`` marks the current version and
``marker`` a delete marker. ``seq`` orders every change (the event ``sequencer``).

A write and its change records (``cloudlet.queue`` on this connection) commit together;
the files a write replaces are removed after the commit (a crash in between leaves an
unreferenced file, never a row without its bytes).
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from cloudlet.clock import Clock
from cloudlet.queue import Queues
from cloudlet.services.s3.blobs import BlobStore
from cloudlet.services.s3.errors import (
    BucketAlreadyExists,
    BucketAlreadyOwnedByYou,
    BucketNotEmpty,
    MethodNotAllowed,
    NoSuchBucket,
    NoSuchKey,
    NoSuchUpload,
    NoSuchVersion,
)
from cloudlet.storage import connect, transaction

_SCHEMA = """
CREATE TABLE IF NOT EXISTS buckets (
    name TEXT PRIMARY KEY, account TEXT NOT NULL, region TEXT NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS bucket_settings (
    bucket TEXT NOT NULL, kind TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (bucket, kind));
CREATE TABLE IF NOT EXISTS objects (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, bucket TEXT NOT NULL, key TEXT NOT NULL,
    version_id TEXT NOT NULL, latest INTEGER NOT NULL, marker INTEGER NOT NULL,
    size INTEGER NOT NULL, etag TEXT NOT NULL, modified REAL NOT NULL, meta BLOB NOT NULL,
    tags BLOB NOT NULL, path TEXT NOT NULL, UNIQUE (bucket, key, version_id));
CREATE INDEX IF NOT EXISTS objects_latest ON objects (bucket, latest, key);
CREATE TABLE IF NOT EXISTS uploads (
    id TEXT PRIMARY KEY, bucket TEXT NOT NULL, key TEXT NOT NULL, initiated REAL NOT NULL,
    meta BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS parts (
    upload_id TEXT NOT NULL, number INTEGER NOT NULL, size INTEGER NOT NULL,
    etag TEXT NOT NULL, modified REAL NOT NULL, checksums BLOB NOT NULL, path TEXT NOT NULL,
    PRIMARY KEY (upload_id, number));
"""

_OBJECT_COLUMNS = "seq, bucket, key, version_id, latest, marker, size, etag, modified, meta, tags, path"


@dataclass(frozen=True, slots=True)
class Bucket:
    name: str
    account: str
    region: str
    created: float


@dataclass(slots=True)
class ObjectRow:
    bucket: str
    key: str
    version_id: str = "null"
    latest: bool = True
    marker: bool = False
    size: int = 0
    etag: str = ""  # quoted
    modified: float = 0.0
    meta: dict[str, Any] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    path: str = ""
    seq: int = 0

    @property
    def sequencer(self) -> str:
        """The event ``sequencer``: hexadecimal, ordering changes to a key."""
        return f"{self.seq:016X}"


@dataclass(slots=True)
class Part:
    number: int
    size: int
    etag: str
    modified: float
    checksums: dict[str, str]
    path: str


@dataclass(slots=True)
class Upload:
    id: str
    bucket: str
    key: str
    initiated: float
    meta: dict[str, Any]


def _object(row: tuple[Any, ...]) -> ObjectRow:
    return ObjectRow(row[1], row[2], row[3], bool(row[4]), bool(row[5]), row[6], row[7], row[8],
                     orjson.loads(row[9]), orjson.loads(row[10]), row[11], row[0])


def new_version_id() -> str:
    return secrets.token_urlsafe(24)


class S3Store:
    def __init__(self, data_dir: Path, clock: Clock) -> None:
        self.clock = clock
        self.conn: sqlite3.Connection = connect(data_dir / "s3.sqlite")
        self.conn.executescript(_SCHEMA)
        self.blobs = BlobStore(data_dir / "objects")
        self.queues = Queues(self.conn, clock)
        # Buckets and their settings, as read from the database (every object request reads
        # them; only this store writes them). An entry goes when its row is written, and all
        # go when a transaction fails, so nothing uncommitted is remembered.
        self._buckets: dict[str, Bucket] = {}
        self._settings: dict[tuple[str, str], bytes | None] = {}

    def _forget(self) -> None:
        self._buckets.clear()
        self._settings.clear()

    @contextmanager
    def write(self) -> Iterator[list[str]]:
        """One transaction; yields a list the writer fills with files to remove after it."""
        garbage: list[str] = []
        try:
            with transaction(self.conn):
                yield garbage
        except BaseException:
            self._forget()
            raise
        self.blobs.remove(*garbage)

    # -- buckets ---------------------------------------------------------------------

    def create_bucket(self, name: str, account: str, region: str) -> Bucket:
        found = self.conn.execute("SELECT account, region FROM buckets WHERE name = ?",
                                  (name,)).fetchone()
        if found is not None:
            # us-east-1 answers success to the owner re-creating its bucket there (legacy).
            if found[0] == account and not (region == found[1] == "us-east-1"):
                raise BucketAlreadyOwnedByYou(BucketName=name)
            if found[0] != account:
                raise BucketAlreadyExists(BucketName=name)
            return self.bucket(name)
        bucket = Bucket(name, account, region, self.clock.now())
        self.conn.execute("INSERT INTO buckets VALUES (?, ?, ?, ?)",
                          (name, account, region, bucket.created))
        return bucket

    def bucket(self, name: str) -> Bucket:
        found = self._buckets.get(name)
        if found is not None:
            return found
        row = self.conn.execute("SELECT name, account, region, created FROM buckets WHERE name = ?",
                                (name,)).fetchone()
        if row is None:
            raise NoSuchBucket(BucketName=name)
        found = self._buckets[name] = Bucket(*row)
        return found

    def buckets(self, account: str) -> list[Bucket]:
        rows = self.conn.execute(
            "SELECT name, account, region, created FROM buckets WHERE account = ? ORDER BY name",
            (account,)).fetchall()
        return [Bucket(*row) for row in rows]

    def all_buckets(self) -> list[Bucket]:
        rows = self.conn.execute("SELECT name, account, region, created FROM buckets").fetchall()
        return [Bucket(*row) for row in rows]

    def delete_bucket(self, name: str) -> None:
        self.bucket(name)
        if self.conn.execute("SELECT 1 FROM objects WHERE bucket = ? LIMIT 1", (name,)).fetchone():
            raise BucketNotEmpty(BucketName=name)
        with self.write() as garbage:
            for upload in self.conn.execute("SELECT id FROM uploads WHERE bucket = ?", (name,)).fetchall():
                garbage.extend(self._drop_upload(upload[0]))
            self.conn.execute("DELETE FROM bucket_settings WHERE bucket = ?", (name,))
            self.conn.execute("DELETE FROM buckets WHERE name = ?", (name,))
        self._forget()

    def setting(self, bucket: str, kind: str) -> Any:
        """The stored value (a fresh copy: callers may change it)."""
        key = (bucket, kind)
        if key in self._settings:
            raw = self._settings[key]
        else:
            row = self.conn.execute(
                "SELECT value FROM bucket_settings WHERE bucket = ? AND kind = ?",
                (bucket, kind)).fetchone()
            raw = self._settings[key] = None if row is None else bytes(row[0])
        return None if raw is None else orjson.loads(raw)

    def set_setting(self, bucket: str, kind: str, value: Any) -> None:
        self._settings.pop((bucket, kind), None)
        if value is None:
            self.conn.execute("DELETE FROM bucket_settings WHERE bucket = ? AND kind = ?",
                              (bucket, kind))
        else:
            self.conn.execute("INSERT OR REPLACE INTO bucket_settings VALUES (?, ?, ?)",
                              (bucket, kind, orjson.dumps(value)))

    def versioning(self, bucket: str) -> str | None:
        """``Enabled``, ``Suspended`` or None (never enabled)."""
        value = self.setting(bucket, "versioning")
        return None if value is None else str(value.get("Status") or "") or None

    # -- objects ---------------------------------------------------------------------

    def find(self, bucket: str, key: str, version_id: str | None = None) -> ObjectRow | None:
        if version_id is None:
            row = self.conn.execute(
                f"SELECT {_OBJECT_COLUMNS} FROM objects WHERE bucket = ? AND key = ? AND latest = 1",
                (bucket, key)).fetchone()
        else:
            row = self.conn.execute(
                f"SELECT {_OBJECT_COLUMNS} FROM objects WHERE bucket = ? AND key = ?"
                " AND version_id = ?", (bucket, key, version_id)).fetchone()
        return None if row is None else _object(row)

    def get(self, bucket: str, key: str, version_id: str | None = None) -> ObjectRow:
        """The object (its latest version unless ``version_id``): NoSuchKey when absent or
        a delete marker (with ``x-amz-delete-marker``), NoSuchVersion for an unknown id,
        MethodNotAllowed (405) when ``version_id`` names a delete marker.
        https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html"""
        found = self.find(bucket, key, version_id)
        if found is None:
            if version_id is not None:
                raise NoSuchVersion(Key=key, VersionId=version_id)
            raise NoSuchKey(Key=key)
        if found.marker:
            error: NoSuchKey | MethodNotAllowed = NoSuchKey(Key=key)
            if version_id is not None:
                error = MethodNotAllowed(Method="GET", ResourceType="DeleteMarker")
                error.headers.append(("Allow", "DELETE"))
            error.headers.append(("x-amz-delete-marker", "true"))
            if found.version_id != "null":
                error.headers.append(("x-amz-version-id", found.version_id))
            raise error
        return found

    def put(self, row: ObjectRow, garbage: list[str]) -> ObjectRow:
        """Make ``row`` the latest version of its key (inside ``write()``)."""
        status = self.versioning(row.bucket)
        row.version_id = new_version_id() if status == "Enabled" else "null"
        row.latest = True
        old = self.conn.execute(
            "SELECT path FROM objects WHERE bucket = ? AND key = ? AND version_id = ?",
            (row.bucket, row.key, row.version_id)).fetchone()
        if old is not None:
            garbage.append(old[0])
            self.conn.execute("DELETE FROM objects WHERE bucket = ? AND key = ? AND version_id = ?",
                              (row.bucket, row.key, row.version_id))
        self.conn.execute("UPDATE objects SET latest = 0 WHERE bucket = ? AND key = ? AND latest = 1",
                          (row.bucket, row.key))
        cur = self.conn.execute(
            "INSERT INTO objects (bucket, key, version_id, latest, marker, size, etag, modified,"
            " meta, tags, path) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)",
            (row.bucket, row.key, row.version_id, int(row.marker), row.size, row.etag,
             row.modified, orjson.dumps(row.meta), orjson.dumps(row.tags), row.path))
        row.seq = int(cur.lastrowid or 0)
        return row

    def delete(self, bucket: str, key: str, version_id: str | None,
               garbage: list[str]) -> ObjectRow | None:
        """DeleteObject's effect (inside ``write()``): the delete marker created, the
        version removed, or None when there was nothing to delete."""
        status = self.versioning(bucket)
        if version_id is None and status is not None:
            marker = ObjectRow(bucket, key, marker=True, modified=self.clock.now())
            return self.put(marker, garbage)
        found = self.find(bucket, key, version_id or "null")
        if found is None:
            return None
        garbage.append(found.path)
        self.conn.execute("DELETE FROM objects WHERE seq = ?", (found.seq,))
        if found.latest:
            self.conn.execute(
                "UPDATE objects SET latest = 1 WHERE seq = (SELECT max(seq) FROM objects"
                " WHERE bucket = ? AND key = ?)", (bucket, key))
        # A removal takes the next sequence number too (bumping AUTOINCREMENT's counter),
        # so its event orders after every earlier change of the key.
        bumped = self.conn.execute(
            "UPDATE sqlite_sequence SET seq = seq + 1 WHERE name = 'objects' RETURNING seq"
        ).fetchone()
        found.seq = int(bumped[0])
        return found

    def set_tags(self, row: ObjectRow, tags: dict[str, str]) -> None:
        self.conn.execute("UPDATE objects SET tags = ? WHERE seq = ?", (orjson.dumps(tags), row.seq))

    def latest_from(self, bucket: str, prefix: str, after: str, limit: int) -> list[ObjectRow]:
        """Current, non-deleted objects with keys after ``after`` starting with ``prefix``."""
        rows = self.conn.execute(
            f"SELECT {_OBJECT_COLUMNS} FROM objects WHERE bucket = ? AND latest = 1 AND marker = 0"
            " AND key > ? AND substr(key, 1, ?) = ? ORDER BY key LIMIT ?",
            (bucket, after, len(prefix), prefix, limit)).fetchall()
        return [_object(r) for r in rows]

    def versions_from(self, bucket: str, prefix: str, after: str, limit: int) -> list[ObjectRow]:
        """Every version of keys after ``after``, by key then newest first."""
        rows = self.conn.execute(
            f"SELECT {_OBJECT_COLUMNS} FROM objects WHERE bucket = ? AND key > ?"
            " AND substr(key, 1, ?) = ? ORDER BY key, seq DESC LIMIT ?",
            (bucket, after, len(prefix), prefix, limit)).fetchall()
        return [_object(r) for r in rows]

    def modified_before(self, bucket: str, prefix: str, before: float) -> list[ObjectRow]:
        """Current objects under ``prefix`` last modified before ``before``."""
        rows = self.conn.execute(
            f"SELECT {_OBJECT_COLUMNS} FROM objects WHERE bucket = ? AND latest = 1 AND marker = 0"
            " AND substr(key, 1, ?) = ? AND modified < ?",
            (bucket, len(prefix), prefix, before)).fetchall()
        return [_object(r) for r in rows]

    # -- multipart uploads -----------------------------------------------------------

    def create_upload(self, bucket: str, key: str, meta: dict[str, Any]) -> Upload:
        upload = Upload(secrets.token_urlsafe(32), bucket, key, self.clock.now(), meta)
        self.conn.execute("INSERT INTO uploads VALUES (?, ?, ?, ?, ?)",
                          (upload.id, bucket, key, upload.initiated, orjson.dumps(meta)))
        return upload

    def upload(self, bucket: str, key: str, upload_id: str) -> Upload:
        row = self.conn.execute(
            "SELECT id, bucket, key, initiated, meta FROM uploads WHERE id = ? AND bucket = ?"
            " AND key = ?", (upload_id, bucket, key)).fetchone()
        if row is None:
            raise NoSuchUpload(UploadId=upload_id)
        return Upload(row[0], row[1], row[2], row[3], orjson.loads(row[4]))

    def uploads(self, bucket: str) -> list[Upload]:
        rows = self.conn.execute(
            "SELECT id, bucket, key, initiated, meta FROM uploads WHERE bucket = ?"
            " ORDER BY key, initiated", (bucket,)).fetchall()
        return [Upload(r[0], r[1], r[2], r[3], orjson.loads(r[4])) for r in rows]

    def put_part(self, upload_id: str, part: Part) -> None:
        with self.write() as garbage:
            old = self.conn.execute("SELECT path FROM parts WHERE upload_id = ? AND number = ?",
                                    (upload_id, part.number)).fetchone()
            if old is not None:
                garbage.append(old[0])
            self.conn.execute(
                "INSERT OR REPLACE INTO parts VALUES (?, ?, ?, ?, ?, ?, ?)",
                (upload_id, part.number, part.size, part.etag, part.modified,
                 orjson.dumps(part.checksums), part.path))

    def parts(self, upload_id: str) -> list[Part]:
        rows = self.conn.execute(
            "SELECT number, size, etag, modified, checksums, path FROM parts WHERE upload_id = ?"
            " ORDER BY number", (upload_id,)).fetchall()
        return [Part(r[0], r[1], r[2], r[3], orjson.loads(r[4]), r[5]) for r in rows]

    def drop_upload(self, upload_id: str, garbage: list[str]) -> None:
        garbage.extend(self._drop_upload(upload_id))

    def _drop_upload(self, upload_id: str) -> list[str]:
        paths = [r[0] for r in self.conn.execute("SELECT path FROM parts WHERE upload_id = ?",
                                                  (upload_id,)).fetchall()]
        self.conn.execute("DELETE FROM parts WHERE upload_id = ?", (upload_id,))
        self.conn.execute("DELETE FROM uploads WHERE id = ?", (upload_id,))
        return paths
