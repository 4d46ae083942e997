"""Where function URL configurations are kept: ``data_dir/lambda-urls.sqlite``, one row
per URL (its id, the function's account, region, name and qualifier, and the
``FunctionUrlConfig``), read into memory once.

A row also records when its function was created: a function deleted and created again
under the same name has no URL (DeleteFunction removes a function's URLs on AWS), and a
URL whose alias is gone is gone with it; such rows are dropped when next looked at.
"""

from __future__ import annotations

import json
import secrets
import string
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cloudlet.storage import connect, transaction

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState

_SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    url_id TEXT PRIMARY KEY, account TEXT NOT NULL, region TEXT NOT NULL,
    name TEXT NOT NULL, qualifier TEXT NOT NULL, created REAL NOT NULL, config TEXT NOT NULL,
    UNIQUE (account, region, name, qualifier));
"""
_EXTRA = "lambda.urls"
_ALPHABET = string.ascii_lowercase + string.digits


@dataclass(slots=True)
class FunctionUrl:
    url_id: str
    account: str
    region: str
    name: str
    qualifier: str  # "" for the unqualified function, else an alias name
    created: float  # the function's creation time when the URL was made
    config: dict[str, Any]

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.account, self.region, self.name, self.qualifier)


class UrlStore:
    def __init__(self, state: ServerState) -> None:
        self.conn = connect(state.data_dir / "lambda-urls.sqlite")
        self.conn.executescript(_SCHEMA)
        self.lock = threading.Lock()
        self.by_id: dict[str, FunctionUrl] = {}
        self.by_key: dict[tuple[str, str, str, str], FunctionUrl] = {}
        for url_id, account, region, name, qualifier, created, config in self.conn.execute(
                "SELECT url_id, account, region, name, qualifier, created, config FROM urls"):
            self._remember(FunctionUrl(url_id, account, region, name, qualifier, created,
                                       json.loads(config)))

    def _remember(self, url: FunctionUrl) -> None:
        self.by_id[url.url_id] = url
        self.by_key[url.key] = url

    def new_id(self) -> str:
        """32 lower-case letters and digits, as Lambda's URL ids."""
        while True:
            url_id = "".join(secrets.choice(_ALPHABET) for _ in range(32))
            if url_id not in self.by_id:
                return url_id

    def put(self, url: FunctionUrl) -> None:
        with self.lock, transaction(self.conn) as db:
            db.execute("INSERT OR REPLACE INTO urls VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (url.url_id, *url.key, url.created, json.dumps(url.config)))
            self._remember(url)

    def delete(self, url: FunctionUrl) -> None:
        with self.lock, transaction(self.conn) as db:
            db.execute("DELETE FROM urls WHERE url_id = ?", (url.url_id,))
            self.by_id.pop(url.url_id, None)
            self.by_key.pop(url.key, None)

    def of_function(self, account: str, region: str, name: str) -> list[FunctionUrl]:
        return sorted((u for u in self.by_id.values()
                       if (u.account, u.region, u.name) == (account, region, name)),
                      key=lambda u: u.qualifier)


def urls(state: ServerState) -> UrlStore:
    """The server's one URL store (opened on first use)."""
    found = state.extras.get(_EXTRA)
    if found is None:
        found = state.extras[_EXTRA] = UrlStore(state)
    assert isinstance(found, UrlStore)
    return found
