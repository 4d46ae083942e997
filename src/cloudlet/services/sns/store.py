"""SNS state: topics, subscriptions, FIFO sequence numbers and deduplication, recorded
email/SMS messages, and the delivery queue, in one server-wide SQLite database
(``<data dir>/sns.sqlite``; every row carries its account and region).

One database for every account and region because deliveries cross them: a subscription's
confirmation link (``?Action=ConfirmSubscription&TopicArn=..&Token=..``) arrives unsigned,
and the topic's ARN alone names where it lives. The delivery queue (``cloudlet.queue``)
shares the connection, so a Publish enqueues one message per matching subscription in the
same transaction as its FIFO sequence number and deduplication record.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from cloudlet.clock import Clock
from cloudlet.queue import Queues
from cloudlet.services.sns.signing import Signer
from cloudlet.storage import connect, transaction

_SCHEMA = """
CREATE TABLE IF NOT EXISTS topics (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, arn TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL,
    attributes BLOB NOT NULL, tags BLOB NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
    sequence INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS topics_owner ON topics (account, region, seq);
CREATE TABLE IF NOT EXISTS subscriptions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, arn TEXT NOT NULL UNIQUE,
    topic_arn TEXT NOT NULL, account TEXT NOT NULL, region TEXT NOT NULL,
    owner TEXT NOT NULL, protocol TEXT NOT NULL, endpoint TEXT NOT NULL,
    attributes BLOB NOT NULL, confirmed INTEGER NOT NULL, token TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS subscriptions_topic ON subscriptions (topic_arn, seq);
CREATE INDEX IF NOT EXISTS subscriptions_owner ON subscriptions (account, region, seq);
CREATE TABLE IF NOT EXISTS dedup (
    topic_arn TEXT NOT NULL, scope TEXT NOT NULL, dedup_id TEXT NOT NULL,
    message_id TEXT NOT NULL, sequence TEXT NOT NULL, expires REAL NOT NULL,
    PRIMARY KEY (topic_arn, scope, dedup_id));
CREATE TABLE IF NOT EXISTS recorded (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, account TEXT NOT NULL, region TEXT NOT NULL,
    protocol TEXT NOT NULL, endpoint TEXT NOT NULL, subscription_arn TEXT,
    topic_arn TEXT, type TEXT NOT NULL, subject TEXT, body TEXT NOT NULL, time REAL NOT NULL);
"""

DEDUP_WINDOW_S = 300.0


@dataclass(slots=True)
class Topic:
    arn: str
    account: str
    region: str
    name: str
    attributes: dict[str, str]
    tags: dict[str, str]
    deleted: int  # subscriptions removed so far (SubscriptionsDeleted)

    @property
    def fifo(self) -> bool:
        return self.attributes.get("FifoTopic") == "true"


@dataclass(slots=True)
class Subscription:
    arn: str
    topic_arn: str
    account: str
    region: str
    owner: str
    protocol: str
    endpoint: str
    attributes: dict[str, str] = field(default_factory=dict)
    confirmed: bool = False
    token: str = ""

    @property
    def raw(self) -> bool:
        return self.attributes.get("RawMessageDelivery") == "true"


_TOPIC = "arn, account, region, name, attributes, tags, deleted"
_SUBSCRIPTION = "arn, topic_arn, account, region, owner, protocol, endpoint, attributes, confirmed, token"


def _topic(row: tuple[Any, ...]) -> Topic:
    return Topic(row[0], row[1], row[2], row[3], orjson.loads(row[4]), orjson.loads(row[5]), row[6])


def _subscription(row: tuple[Any, ...]) -> Subscription:
    return Subscription(row[0], row[1], row[2], row[3], row[4], row[5], row[6],
                        orjson.loads(row[7]), bool(row[8]), row[9])


class SnsStore:
    def __init__(self, path: Path, clock: Clock) -> None:
        self.conn: sqlite3.Connection = connect(path)
        self.conn.executescript(_SCHEMA)
        self.clock = clock
        self.queues = Queues(self.conn, clock)
        self._directory = path.parent
        self._signer: Signer | None = None

    @property
    def signer(self) -> Signer:
        """The key notifications are signed with (made on first use)."""
        if self._signer is None:
            self._signer = Signer(self._directory)
        return self._signer

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        with transaction(self.conn) as conn:
            yield conn

    # -- topics ----------------------------------------------------------------------

    def topic(self, arn: str) -> Topic | None:
        row = self.conn.execute(f"SELECT {_TOPIC} FROM topics WHERE arn = ?", (arn,)).fetchone()
        return _topic(row) if row else None

    def topics(self, account: str, region: str) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT arn FROM topics WHERE account = ? AND region = ? ORDER BY seq",
            (account, region))]

    def add_topic(self, topic: Topic) -> None:
        self.conn.execute(
            "INSERT INTO topics (arn, account, region, name, attributes, tags) VALUES (?,?,?,?,?,?)",
            (topic.arn, topic.account, topic.region, topic.name, orjson.dumps(topic.attributes),
             orjson.dumps(topic.tags)))

    def save_topic(self, topic: Topic) -> None:
        self.conn.execute("UPDATE topics SET attributes = ?, tags = ? WHERE arn = ?",
                          (orjson.dumps(topic.attributes), orjson.dumps(topic.tags), topic.arn))

    def delete_topic(self, arn: str) -> None:
        """Drop the topic and its subscriptions (as AWS does)."""
        with self.write() as conn:
            conn.execute("DELETE FROM subscriptions WHERE topic_arn = ?", (arn,))
            conn.execute("DELETE FROM dedup WHERE topic_arn = ?", (arn,))
            conn.execute("DELETE FROM topics WHERE arn = ?", (arn,))

    def next_sequence(self, arn: str) -> str:
        """The topic's next FIFO SequenceNumber (a 20-digit, ever-growing decimal)."""
        self.conn.execute("UPDATE topics SET sequence = sequence + 1 WHERE arn = ?", (arn,))
        row = self.conn.execute("SELECT sequence FROM topics WHERE arn = ?", (arn,)).fetchone()
        return f"{10_000_000_000_000_000_000 + int(row[0]):020d}"

    def seen(self, topic_arn: str, scope: str, dedup_id: str) -> tuple[str, str] | None:
        """The (message id, sequence) already published under ``dedup_id`` in the window."""
        self.conn.execute("DELETE FROM dedup WHERE expires <= ?", (self.clock.now(),))
        row = self.conn.execute(
            "SELECT message_id, sequence FROM dedup WHERE topic_arn = ? AND scope = ?"
            " AND dedup_id = ?", (topic_arn, scope, dedup_id)).fetchone()
        return (row[0], row[1]) if row else None

    def remember(self, topic_arn: str, scope: str, dedup_id: str, message_id: str,
                 sequence: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO dedup VALUES (?, ?, ?, ?, ?, ?)",
                          (topic_arn, scope, dedup_id, message_id, sequence,
                           self.clock.now() + DEDUP_WINDOW_S))

    # -- subscriptions ---------------------------------------------------------------

    def subscription(self, arn: str) -> Subscription | None:
        row = self.conn.execute(f"SELECT {_SUBSCRIPTION} FROM subscriptions WHERE arn = ?",
                                (arn,)).fetchone()
        return _subscription(row) if row else None

    def find_subscription(self, topic_arn: str, protocol: str,
                          endpoint: str) -> Subscription | None:
        row = self.conn.execute(
            f"SELECT {_SUBSCRIPTION} FROM subscriptions WHERE topic_arn = ? AND protocol = ?"
            " AND endpoint = ?", (topic_arn, protocol, endpoint)).fetchone()
        return _subscription(row) if row else None

    def subscriptions_of(self, topic_arn: str) -> list[Subscription]:
        return [_subscription(r) for r in self.conn.execute(
            f"SELECT {_SUBSCRIPTION} FROM subscriptions WHERE topic_arn = ? ORDER BY seq",
            (topic_arn,))]

    def subscriptions(self, account: str, region: str) -> list[Subscription]:
        return [_subscription(r) for r in self.conn.execute(
            f"SELECT {_SUBSCRIPTION} FROM subscriptions WHERE account = ? AND region = ?"
            " ORDER BY seq", (account, region))]

    def add_subscription(self, sub: Subscription) -> None:
        self.conn.execute(
            "INSERT INTO subscriptions (arn, topic_arn, account, region, owner, protocol,"
            " endpoint, attributes, confirmed, token) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (sub.arn, sub.topic_arn, sub.account, sub.region, sub.owner, sub.protocol,
             sub.endpoint, orjson.dumps(sub.attributes), int(sub.confirmed), sub.token))

    def save_subscription(self, sub: Subscription) -> None:
        self.conn.execute("UPDATE subscriptions SET attributes = ?, confirmed = ? WHERE arn = ?",
                          (orjson.dumps(sub.attributes), int(sub.confirmed), sub.arn))

    def delete_subscription(self, sub: Subscription) -> None:
        with self.write() as conn:
            conn.execute("DELETE FROM subscriptions WHERE arn = ?", (sub.arn,))
            conn.execute("UPDATE topics SET deleted = deleted + 1 WHERE arn = ?",
                         (sub.topic_arn,))

    def counts(self, topic_arn: str) -> tuple[int, int]:
        """(confirmed, pending) subscriptions of a topic."""
        row = self.conn.execute(
            "SELECT coalesce(sum(confirmed), 0), coalesce(sum(1 - confirmed), 0)"
            " FROM subscriptions WHERE topic_arn = ?", (topic_arn,)).fetchone()
        return int(row[0]), int(row[1])

    # -- email and SMS, recorded instead of sent --------------------------------------

    def record(self, account: str, region: str, protocol: str, endpoint: str, kind: str,
               body: str, *, subject: str | None = None, subscription_arn: str | None = None,
               topic_arn: str | None = None) -> None:
        self.conn.execute(
            "INSERT INTO recorded (account, region, protocol, endpoint, subscription_arn,"
            " topic_arn, type, subject, body, time) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (account, region, protocol, endpoint, subscription_arn, topic_arn, kind, subject,
             body, self.clock.now()))

    def recorded(self, endpoint: str | None = None) -> list[dict[str, Any]]:
        sql = ("SELECT seq, account, region, protocol, endpoint, subscription_arn, topic_arn,"
               " type, subject, body, time FROM recorded")
        args: tuple[str, ...] = ()
        if endpoint is not None:
            sql += " WHERE endpoint = ?"
            args = (endpoint,)
        keys = ("id", "account", "region", "protocol", "endpoint", "subscriptionArn",
                "topicArn", "type", "subject", "body", "timestamp")
        return [dict(zip(keys, row, strict=True))
                for row in self.conn.execute(sql + " ORDER BY seq", args)]

    def counts_recorded(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM recorded").fetchone()[0])
