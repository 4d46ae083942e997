"""Decisions already made, so ``--iam enforce`` costs a dictionary lookup per call.

A decision is kept under (the caller's access key or ARN, action, resource, the account's
IAM generation: bumped by every IAM write, the server's resource-policy generation: bumped
by every resource-policy write) with the names and values of the condition keys
it read; it is reused only when those keys have the same values. A decision that read the
clock (``aws:CurrentTime``, ``aws:EpochTime``) is not kept. At most ``limit`` entries (the
cache is emptied when full).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cloudlet.policy.evaluate import Decision
from cloudlet.policy.request_keys import TIME_KEYS, RequestKeys

CacheKey = tuple[str, str, str, int, int]


@dataclass(frozen=True, slots=True)
class _Entry:
    names: tuple[str, ...]
    values: tuple[Any, ...]
    decision: Decision


class DecisionCache:
    def __init__(self, limit: int = 50_000) -> None:
        self.limit = limit
        self._entries: dict[CacheKey, _Entry] = {}

    def get(self, key: CacheKey, keys: RequestKeys) -> Decision | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.names and keys.snapshot(entry.names) != entry.values:
            return None
        return entry.decision

    def put(self, key: CacheKey, keys: RequestKeys, decision: Decision) -> None:
        if keys.read & TIME_KEYS:
            return
        if len(self._entries) >= self.limit:
            self._entries.clear()
        names = tuple(sorted(keys.read))
        self._entries[key] = _Entry(names, keys.snapshot(names), decision)

    def clear(self) -> None:
        self._entries.clear()
