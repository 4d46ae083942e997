"""The in-memory picture of streams, shards and consumers (``store.py`` persists it).

Status changes that AWS makes asynchronously (a stream CREATING or UPDATING, a consumer
CREATING) are a phase plus the time it ends: AWS takes seconds, cloudlet
``TRANSITION_S``. The phase ends when the server's clock passes it *or* that much real
time has gone by, so it is observable (a DescribeStream right after CreateStream answers
CREATING) and still ends under ``--clock manual``: it is a processing delay, not a time
the API schedules.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from cloudlet.services.kinesis.sequences import format_sequence, shard_name

TRANSITION_S = 0.3


@dataclass(slots=True)
class Phase:
    """A transitional status (CREATING, UPDATING) until ``until`` (clock time)."""

    status: str = "ACTIVE"
    until: float = 0.0
    _real_until: float = 0.0

    @classmethod
    def starting(cls, status: str, now: float) -> Phase:
        return cls(status, now + TRANSITION_S, time.monotonic() + TRANSITION_S)

    def current(self, now: float) -> str:
        if self.status != "ACTIVE" and (now >= self.until or time.monotonic() >= self._real_until):
            self.status = "ACTIVE"
        return self.status


@dataclass(slots=True)
class Shard:
    index: int
    start_hash: int
    end_hash: int
    # The account/region record counter when the shard opened and when it closed.
    start_counter: int
    created: float
    parents: list[int] = field(default_factory=list)
    end_counter: int | None = None
    closed: float | None = None

    @property
    def id(self) -> str:
        return shard_name(self.index)

    @property
    def is_open(self) -> bool:
        return self.closed is None

    def owns(self, hash_key: int) -> bool:
        return self.start_hash <= hash_key <= self.end_hash

    def describe(self) -> dict[str, object]:
        """The ``Shard`` shape of DescribeStream and ListShards."""
        out: dict[str, object] = {"ShardId": self.id}
        if self.parents:
            out["ParentShardId"] = shard_name(self.parents[0])
        if len(self.parents) > 1:
            out["AdjacentParentShardId"] = shard_name(self.parents[1])
        out["HashKeyRange"] = self.hash_range()
        seq: dict[str, str] = {
            "StartingSequenceNumber": format_sequence(self.start_counter, self.index)}
        if self.end_counter is not None:
            seq["EndingSequenceNumber"] = format_sequence(self.end_counter, self.index)
        out["SequenceNumberRange"] = seq
        return out

    def hash_range(self) -> dict[str, str]:
        return {"StartingHashKey": str(self.start_hash), "EndingHashKey": str(self.end_hash)}


@dataclass(slots=True)
class Consumer:
    name: str
    arn: str
    created: float
    phase: Phase
    tags: dict[str, str] = field(default_factory=dict)

    def describe(self, now: float) -> dict[str, object]:
        return {"ConsumerName": self.name, "ConsumerARN": self.arn,
                "ConsumerStatus": self.phase.current(now),
                "ConsumerCreationTimestamp": self.created}


@dataclass(slots=True)
class Stream:
    row: int
    name: str
    arn: str
    stream_id: str
    created: float
    phase: Phase
    mode: str
    retention_hours: int = 24
    encryption: str = "NONE"
    key_id: str | None = None
    metrics: list[str] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)
    max_record_kib: int = 1024
    next_shard: int = 0
    shards: list[Shard] = field(default_factory=list)
    consumers: dict[str, Consumer] = field(default_factory=dict)

    def open_shards(self) -> list[Shard]:
        return [s for s in self.shards if s.is_open]

    def shard(self, index: int) -> Shard | None:
        for shard in self.shards:
            if shard.index == index:
                return shard
        return None

    def shard_for(self, hash_key: int) -> Shard:
        """The open shard whose hash key range holds ``hash_key`` (open ranges cover all)."""
        for shard in self.shards:
            if shard.closed is None and shard.owns(hash_key):
                return shard
        raise LookupError(hash_key)

    def children_of(self, index: int) -> list[Shard]:
        return [s for s in self.shards if index in s.parents]

    def trim_horizon(self, now: float) -> float:
        """Records that arrived before this are past the retention period."""
        return now - self.retention_hours * 3600.0
