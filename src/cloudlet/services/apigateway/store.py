"""API Gateway's state: AWS-shaped JSON documents in SQLite (WAL), per account and region.

Both management APIs (``apigateway`` for REST APIs, ``apigatewayv2`` for HTTP APIs) and the
data plane share one database per account and region. Every entity is stored as the document
its ``Get*`` operation answers (members named as in botocore's output shapes, timestamps as
epoch seconds), keyed by ``(kind, api, id)``:

REST APIs (``apigateway``), ``api`` = the REST API id:
- ``restapi``: the RestApi (``api`` and ``id`` both the API id).
- ``resource``: a Resource with its methods nested as the API nests them:
  ``resourceMethods[VERB]`` is a Method, its ``methodIntegration`` an Integration (with
  ``integrationResponses[status]``), its ``methodResponses[status]`` a MethodResponse.
- ``deployment``: a Deployment plus ``snapshot`` (see ``rest_snapshot``), never shown by the API.
- ``stage``, ``authorizer``, ``model``, ``requestvalidator``, ``gatewayresponse`` (id =
  responseType), ``documentationpart``.
Account-wide (``api`` = ""): ``apikey``, ``usageplan``, ``usageplankey`` (id =
``{usagePlanId}/{keyId}``), ``domainname``, ``basepathmapping`` (id = ``{domain}/{basePath}``),
``account`` (id ``account``), ``tags`` (id = resource ARN).

HTTP APIs (``apigatewayv2``), ``api`` = the API id: ``api``, ``route``, ``integration``,
``integrationresponse``, ``routeresponse``, ``authorizer``, ``stage``, ``deployment`` (plus
``snapshot``), ``model``. Account-wide: ``v2domainname``, ``apimapping``, ``vpclink``.

A deployment's ``snapshot`` is what the data plane serves for every stage pointing at it;
changing the API changes nothing served until the next deployment, as on AWS.
"""

from __future__ import annotations

import builtins
import secrets
import sqlite3
import string
import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import orjson

from cloudlet.storage import connect, transaction

_ALPHABET = string.ascii_lowercase + string.digits
_MEMO_LIMIT = 4096  # distinct keys kept between two writes (unknown stage names included)
T = TypeVar("T")


def new_id(length: int = 10) -> str:
    """An id like API Gateway's (``a1b2c3d4e5`` for APIs and keys, 6 characters for
    resources, deployments and usage plans)."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


class Store:
    def __init__(self, path: Path):
        self.conn = connect(path)
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS docs (kind TEXT NOT NULL, api TEXT NOT NULL,"
            " id TEXT NOT NULL, body BLOB NOT NULL, PRIMARY KEY (kind, api, id))"
        )
        self._lock = threading.RLock()
        # Bumped on every write: what ``memo`` keeps is valid for one generation.
        self.generation = 0
        self._memo: dict[Hashable, Any] = {}
        self._memo_generation = 0

    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        """``build()``'s result, kept until the next write that is not quiet: what the data
        plane derives from the documents (a stage with its snapshot and router, the key
        index) is computed once per change, not per request."""
        if self._memo_generation != self.generation or len(self._memo) > _MEMO_LIMIT:
            self._memo.clear()
            self._memo_generation = self.generation
        try:
            found: T = self._memo[key]
        except KeyError:
            found = self._memo[key] = build()
        return found

    def get(self, kind: str, api: str, id: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT body FROM docs WHERE kind=? AND api=? AND id=?",
                                (kind, api, id)).fetchone()
        if row is None:
            return None
        found: dict[str, Any] = orjson.loads(row[0])
        return found

    def list(self, kind: str, api: str = "") -> builtins.list[dict[str, Any]]:
        """Every ``kind`` document of ``api``, in the order they were first stored."""
        rows = self.conn.execute("SELECT body FROM docs WHERE kind=? AND api=? ORDER BY rowid",
                                 (kind, api)).fetchall()
        return [orjson.loads(r[0]) for r in rows]

    def list_all(self, kind: str) -> builtins.list[tuple[str, dict[str, Any]]]:
        """Every ``kind`` document of every API, as ``(api, doc)``."""
        rows = self.conn.execute("SELECT api, body FROM docs WHERE kind=? ORDER BY rowid",
                                 (kind,)).fetchall()
        return [(r[0], orjson.loads(r[1])) for r in rows]

    def ids(self, kind: str, api: str = "") -> builtins.list[str]:
        """The store ids of ``api``'s ``kind`` documents, in the order they were stored."""
        rows = self.conn.execute("SELECT id FROM docs WHERE kind=? AND api=? ORDER BY rowid",
                                 (kind, api)).fetchall()
        return [str(r[0]) for r in rows]

    def between(self, kind: str, api: str, low: str, high: str) -> builtins.list[dict[str, Any]]:
        """The ``kind`` documents of ``api`` whose ids sort from ``low`` to ``high``."""
        rows = self.conn.execute(
            "SELECT body FROM docs WHERE kind=? AND api=? AND id BETWEEN ? AND ? ORDER BY id",
            (kind, api, low, high)).fetchall()
        return [orjson.loads(r[0]) for r in rows]

    def put(self, kind: str, api: str, id: str, doc: dict[str, Any], *,
            quiet: bool = False) -> dict[str, Any]:
        """Store ``doc`` (replacing any with the same key, keeping its place in ``list``).
        ``quiet``: a record that changes nothing the data plane serves (usage counts), so
        its caches stay valid."""
        body = orjson.dumps(doc)
        with self.write(quiet=quiet) as conn:
            updated = conn.execute("UPDATE docs SET body=? WHERE kind=? AND api=? AND id=?",
                                   (body, kind, api, id)).rowcount
            if not updated:
                conn.execute("INSERT INTO docs (kind, api, id, body) VALUES (?, ?, ?, ?)",
                             (kind, api, id, body))
        return doc

    def delete(self, kind: str, api: str, id: str) -> bool:
        with self.write() as conn:
            return conn.execute("DELETE FROM docs WHERE kind=? AND api=? AND id=?",
                                (kind, api, id)).rowcount > 0

    def delete_api(self, api: str) -> None:
        """Everything stored under ``api`` (its resources, stages, deployments, ...)."""
        with self.write() as conn:
            conn.execute("DELETE FROM docs WHERE api=?", (api,))

    @contextmanager
    def write(self, *, quiet: bool = False) -> Iterator[sqlite3.Connection]:
        """One transaction; writes inside it (``put``/``delete`` nest) commit together.
        Unless ``quiet``, it tells the data plane's caches (``generation``) that APIs changed."""
        with self._lock:
            if self.conn.in_transaction:
                yield self.conn
            else:
                with transaction(self.conn) as conn:
                    yield conn
            if not quiet:
                self.generation += 1


class ApiIndex:
    """Which account and region each API id belongs to, for the data plane, whose requests
    carry no credentials: ``data_dir/apigateway-index.sqlite``. API ids are unique across
    accounts, as on AWS."""

    def __init__(self, path: Path):
        self.conn = connect(path)
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS apis (id TEXT PRIMARY KEY, kind TEXT NOT NULL,"
            " account TEXT NOT NULL, region TEXT NOT NULL)"
        )
        self._cache: dict[str, tuple[str, str, str]] = {}

    def new_api_id(self, kind: str, account: str, region: str) -> str:
        """A fresh id, registered to ``account`` and ``region`` (``kind``: REST or HTTP)."""
        while True:
            api_id = new_id(10)
            try:
                with transaction(self.conn) as conn:
                    conn.execute("INSERT INTO apis VALUES (?, ?, ?, ?)",
                                 (api_id, kind, account, region))
            except sqlite3.IntegrityError:
                continue
            self._cache[api_id] = (kind, account, region)
            return api_id

    def lookup(self, api_id: str) -> tuple[str, str, str] | None:
        """``(kind, account, region)`` of ``api_id``, or None."""
        found = self._cache.get(api_id)
        if found is None:
            row = self.conn.execute("SELECT kind, account, region FROM apis WHERE id=?",
                                    (api_id.lower(),)).fetchone()
            if row is None:
                return None
            found = self._cache[api_id] = (row[0], row[1], row[2])
        return found

    def remove(self, api_id: str) -> None:
        with transaction(self.conn) as conn:
            conn.execute("DELETE FROM apis WHERE id=?", (api_id,))
        self._cache.pop(api_id, None)
