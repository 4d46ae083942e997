"""Partition keys, hash keys and the hash key ranges of shards.

https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html
- "An MD5 hash function is used to map partition keys to 128-bit integer values and to
  map associated data records to shards": the key's UTF-8 bytes, MD5, read as one
  big-endian unsigned integer. ``ExplicitHashKey`` (a decimal string) replaces that hash.
https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html
- A new stream's shards split 0..2^128-1 evenly, as AWS's own streams show: with ``n``
  shards each spans ``2^128 // n`` keys and the last one ends at 2^128-1.
"""

from __future__ import annotations

import hashlib

MAX_HASH_KEY = 2**128 - 1


def hash_key(partition_key: str) -> int:
    """The 128-bit hash key Kinesis derives from a partition key."""
    return int.from_bytes(hashlib.md5(partition_key.encode("utf-8")).digest(), "big")


def even_ranges(count: int, start: int = 0, end: int = MAX_HASH_KEY) -> list[tuple[int, int]]:
    """``count`` adjacent ranges splitting ``start..end`` evenly; the last takes the rest."""
    step = (end - start + 1) // count
    bounds = [(start + i * step, start + (i + 1) * step - 1) for i in range(count)]
    bounds[-1] = (bounds[-1][0], end)
    return bounds
