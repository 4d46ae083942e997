"""Sequence numbers: 56-digit decimal strings, like AWS's.

https://docs.aws.amazon.com/streams/latest/dev/key-concepts.html#sequence-number
"Sequence numbers for the same partition key generally increase over time."

cloudlet's are ``49`` + a 34-digit counter + the 20-digit shard index. The counter is one
per account and region, incremented by every record written, so sequence numbers grow
within a shard and also compare in arrival order across shards (numerically, as
``int(a) < int(b)``, since all have the same length). A number names its shard, so one
passed to a different shard is rejected as AWS does.
"""

from __future__ import annotations

from dataclasses import dataclass

from cloudlet.services.kinesis.errors import InvalidArgumentException

_PREFIX = "49"
_COUNTER_DIGITS = 34
_SHARD_DIGITS = 20
LENGTH = len(_PREFIX) + _COUNTER_DIGITS + _SHARD_DIGITS


@dataclass(frozen=True, slots=True)
class Sequence:
    counter: int
    shard: int

    def __str__(self) -> str:
        return f"{_PREFIX}{self.counter:0{_COUNTER_DIGITS}d}{self.shard:0{_SHARD_DIGITS}d}"


def format_sequence(counter: int, shard: int) -> str:
    return str(Sequence(counter, shard))


def parse_sequence(text: str, shard: int, shard_id: str) -> int:
    """The counter of a sequence number given for ``shard``; InvalidArgumentException when
    it is not one of ours or names another shard."""
    if len(text) != LENGTH or not text.startswith(_PREFIX) or not text.isdigit():
        raise InvalidArgumentException(
            f"StartingSequenceNumber {text} used in GetShardIterator on shard {shard_id} "
            "is not a valid sequence number.")
    counter = int(text[len(_PREFIX):len(_PREFIX) + _COUNTER_DIGITS])
    owner = int(text[len(_PREFIX) + _COUNTER_DIGITS:])
    if owner != shard:
        raise InvalidArgumentException(
            f"Invalid StartingSequenceNumber. It encodes {shard_name(owner)}, while it was "
            f"used in a call to a shard with {shard_id}")
    return counter


def shard_name(index: int) -> str:
    """``shardId-000000000007`` for shard index 7."""
    return f"shardId-{index:012d}"


def shard_index(shard_id: str) -> int | None:
    """The index of a shard id (``shardId-000000000007``, or just its digits, which
    Kinesis also accepts), else None."""
    digits = shard_id.removeprefix("shardId-")
    if not digits.isdigit() or len(digits) > _SHARD_DIGITS:
        return None
    return int(digits)
