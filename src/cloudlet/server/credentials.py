"""Accounts and the access keys cloudlet issued: who a key belongs to, and its secret.

One SQLite database for the server (``credentials.sqlite`` in the data dir), read through
an in-memory cache (a key's lookup is on every request's path). Three kinds of key:

- an account's root key (``cloudlet accounts create``): ``AKIA...``, principal the root
  user ``arn:aws:iam::ACCOUNT:root``;
- an IAM user's key (IAM's CreateAccessKey): ``AKIA...``, principal the user;
- a session (STS AssumeRole/GetSessionToken, a function's execution role): ``ASIA...``
  with a session token and an expiry on the server's clock; ``extra`` keeps what policy
  evaluation needs of the session (session policy, tags, source identity).

A key that is not here is not an error with ``--auth off``: the account comes from the
key id as before (``context.account_for``). With ``--auth on`` only keys found here sign.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
"""

from __future__ import annotations

import secrets
import string
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from cloudlet.server.context import Principal
from cloudlet.storage import connect, transaction

_SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    account TEXT PRIMARY KEY, name TEXT NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS keys (
    access_key TEXT PRIMARY KEY, secret TEXT NOT NULL, session_token TEXT NOT NULL,
    account TEXT NOT NULL, kind TEXT NOT NULL, arn TEXT NOT NULL, identity TEXT NOT NULL,
    status TEXT NOT NULL, expires REAL, created REAL NOT NULL, extra BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS keys_by_identity ON keys (account, identity);
"""

_ID_ALPHABET = string.ascii_uppercase + "234567"  # AWS key ids: upper-case base32


def new_key_id(prefix: str) -> str:
    """``AKIA`` (long-term) or ``ASIA`` (temporary) and 16 characters, as AWS's."""
    return prefix + "".join(secrets.choice(_ID_ALPHABET) for _ in range(16))


def new_secret() -> str:
    """40 characters, as AWS's secret access keys."""
    return secrets.token_urlsafe(30)[:40]


@dataclass(frozen=True, slots=True)
class AccessKey:
    access_key: str
    secret: str
    principal: Principal
    session_token: str = ""
    status: str = "Active"
    expires: float | None = None  # epoch seconds on the server's clock; None: long-term
    created: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def expired(self, now: float) -> bool:
        return self.expires is not None and now >= self.expires


@dataclass(frozen=True, slots=True)
class Account:
    account: str
    name: str
    created: float


class CredentialStore:
    """The server's accounts and keys (``state.credentials``)."""

    def __init__(self, path: Path) -> None:
        self.conn = connect(path)
        self.conn.executescript(_SCHEMA)
        self._lock = threading.Lock()
        self._cache: dict[str, AccessKey | None] = {}

    # --- accounts --------------------------------------------------------------------

    def create_account(self, name: str = "") -> tuple[Account, AccessKey]:
        """A new account with a fresh 12-digit id and its root access key."""
        with self._lock, transaction(self.conn):
            while True:
                account = str(secrets.randbelow(9 * 10**11) + 10**11)
                taken = self.conn.execute("SELECT 1 FROM accounts WHERE account=?",
                                          (account,)).fetchone()
                if taken is None and account != "000000000000":
                    break
            made = Account(account, name or account, time.time())
            self.conn.execute("INSERT INTO accounts VALUES (?, ?, ?)",
                              (made.account, made.name, made.created))
        return made, self.issue(Principal.root(account))

    def accounts(self) -> list[Account]:
        rows = self.conn.execute("SELECT account, name, created FROM accounts ORDER BY created")
        return [Account(*row) for row in rows.fetchall()]

    # --- keys ------------------------------------------------------------------------

    def issue(self, principal: Principal, *, expires: float | None = None,
              extra: dict[str, Any] | None = None, now: float | None = None) -> AccessKey:
        """A new key for ``principal``: temporary (``ASIA``, with a session token) when it
        expires, long-term (``AKIA``) otherwise."""
        temporary = expires is not None
        key_id = new_key_id("ASIA" if temporary else "AKIA")
        made = AccessKey(
            access_key=key_id, secret=new_secret(),
            principal=Principal(principal.account, principal.arn, principal.kind, key_id,
                                principal.identity),
            session_token=secrets.token_urlsafe(96) if temporary else "",
            expires=expires, created=time.time() if now is None else now,
            extra=dict(extra or {}))
        with self._lock, transaction(self.conn):
            self.conn.execute(
                "INSERT INTO keys VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (made.access_key, made.secret, made.session_token, principal.account,
                 principal.kind, principal.arn, principal.identity, made.status, made.expires,
                 made.created, orjson.dumps(made.extra)))
            self._cache.pop(key_id, None)
        return made

    def find(self, access_key: str) -> AccessKey | None:
        """The key with this id, expired or not (the caller decides), or None."""
        try:
            return self._cache[access_key]
        except KeyError:
            pass
        row = self.conn.execute(
            "SELECT access_key, secret, session_token, account, kind, arn, identity, status,"
            " expires, created, extra FROM keys WHERE access_key=?", (access_key,)).fetchone()
        found = None if row is None else _key_of(row)
        with self._lock:
            if len(self._cache) > 100_000:
                self._cache.clear()
            self._cache[access_key] = found
        return found

    def of_identity(self, account: str, identity: str) -> list[AccessKey]:
        """The keys of one IAM user or role (by its ARN), oldest first."""
        rows = self.conn.execute(
            "SELECT access_key, secret, session_token, account, kind, arn, identity, status,"
            " expires, created, extra FROM keys WHERE account=? AND identity=?"
            " ORDER BY created", (account, identity)).fetchall()
        return [_key_of(row) for row in rows]

    def set_status(self, access_key: str, status: str) -> None:
        """``Active`` or ``Inactive`` (an inactive key no longer signs)."""
        with self._lock, transaction(self.conn):
            self.conn.execute("UPDATE keys SET status=? WHERE access_key=?", (status, access_key))
            self._cache.pop(access_key, None)

    def revoke(self, access_key: str) -> None:
        with self._lock, transaction(self.conn):
            self.conn.execute("DELETE FROM keys WHERE access_key=?", (access_key,))
            self._cache.pop(access_key, None)

    def forget_expired(self, now: float) -> int:
        """Delete sessions that ended more than a day ago; how many."""
        with self._lock, transaction(self.conn):
            cur = self.conn.execute("DELETE FROM keys WHERE expires IS NOT NULL AND expires < ?",
                                    (now - 86400,))
            self._cache.clear()
        return cur.rowcount

    def close(self) -> None:
        self.conn.close()


def _key_of(row: tuple[Any, ...]) -> AccessKey:
    (access_key, secret, token, account, kind, arn, identity, status, expires, created,
     extra) = row
    return AccessKey(access_key, secret, Principal(account, arn, kind, access_key, identity),
                     token, status, expires, created, dict(orjson.loads(extra)))
