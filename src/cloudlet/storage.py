"""SQLite, the way every service stores its state.

WAL mode with ``synchronous=NORMAL``: a committed transaction is in the WAL file before the
call returns, so killing the server (SIGKILL) loses no acknowledged write; only a power loss
could lose the last transactions. Each service keeps one database per account and region.
A write is answered only once the transaction holding it has committed; several writes may
share one transaction (DynamoDB's concurrent item writes do: ``write_group``).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import TracebackType


def connect(path: Path, exclusive: bool = False) -> sqlite3.Connection:
    """The database at ``path`` in WAL mode. ``exclusive``: for a database only this
    connection ever opens while the server runs (DynamoDB's): its locks are taken once and
    kept (``locking_mode=EXCLUSIVE`` before WAL is entered, so no shared-memory index
    either), where otherwise every transaction takes and drops six file locks; another
    process opening it meanwhile waits ``busy_timeout`` and fails "database is locked"."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    if exclusive:
        conn.execute("PRAGMA locking_mode=EXCLUSIVE")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA busy_timeout=5000")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


class transaction:  # noqa: N801 (used as a function: ``with transaction(conn):``)
    """One all-or-nothing write: ``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on any error.

    A class rather than a ``contextmanager`` generator: a lone DynamoDB write opens one per
    request, and the generator's machinery cost more than the ``BEGIN`` it wraps."""

    __slots__ = ("conn",)

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.conn.execute("COMMIT" if kind is None else "ROLLBACK")
