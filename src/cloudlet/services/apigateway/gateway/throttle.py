"""Request throttling for REST APIs: token buckets, as API Gateway describes its limits.

https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html

- A limit is a token bucket: ``burstLimit`` is its size (it starts full), ``rateLimit`` the
  tokens added per second. A request takes one token; with none left it is throttled:
  429 ``{"message":"Too Many Requests"}`` (gateway response ``THROTTLED``).
- Stage and method limits come from the stage's ``methodSettings``: the entry for the method
  (``"~1pets~1{id}/GET"``, the resource path with ``/`` written ``~1``) and, member by member,
  the stage default ``"*/*"``. Each method of the stage has its own bucket.
- Usage plan limits (per API key, see ``usage``) use the same buckets, keyed by plan and key.
- A negative or absent limit is no limit (AWS shows ``-1`` for unset method settings).

Buckets live in memory, one set per server (``buckets(state)``), and use the injected
monotonic clock (``state.clock``). A bucket whose limits change starts again full.

LIMITATIONS: the account-level limit (10,000 requests per second, burst 5,000) is not applied;
buckets are not shared between server processes and start full after a restart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cloudlet.services.apigateway.gateway.refusals import refuse

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState
    from cloudlet.services.apigateway.gateway.invocation import Invocation

_BUCKETS = "apigateway.throttle"

BucketKey = tuple[str, ...]


@dataclass(slots=True)
class Limit:
    rate: float  # tokens per second
    burst: int  # bucket size

    @classmethod
    def of(cls, rate: Any, burst: Any) -> Limit | None:
        """The limit for ``rate`` and ``burst`` as AWS stores them; None when the rate is
        unset or either is negative (no limit). A rate without a burst gets a bucket of
        one second's tokens (at least one)."""
        if rate is None or float(rate) < 0:
            return None
        if burst is None:
            burst = max(1, math.ceil(float(rate)))
        if int(burst) < 0:
            return None
        return cls(float(rate), int(burst))


@dataclass(slots=True)
class _Bucket:
    limit: Limit
    tokens: float
    updated: float


class Buckets:
    """Every token bucket of one server."""

    def __init__(self) -> None:
        self._buckets: dict[BucketKey, _Bucket] = {}

    def take(self, key: BucketKey, limit: Limit, now: float) -> bool:
        """Take one token from ``key``'s bucket (created full); False when it is empty."""
        bucket = self._buckets.get(key)
        if bucket is None or bucket.limit != limit:
            bucket = self._buckets[key] = _Bucket(limit, float(limit.burst), now)
        else:
            elapsed = max(0.0, now - bucket.updated)
            bucket.tokens = min(float(limit.burst), bucket.tokens + elapsed * limit.rate)
            bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return True
        return False

    def clear(self) -> None:
        self._buckets.clear()


def buckets(state: ServerState) -> Buckets:
    """The server's buckets (created on first use)."""
    found = state.extras.get(_BUCKETS)
    if found is None:
        found = state.extras[_BUCKETS] = Buckets()
    assert isinstance(found, Buckets)
    return found


def escape_path(resource_path: str) -> str:
    """A resource path as methodSettings keys write it: ``/pets/{id}`` -> ``~1pets~1{id}``."""
    return resource_path.replace("~", "~0").replace("/", "~1")


def method_limit(stage: dict[str, Any], resource_path: str, http_method: str) -> Limit | None:
    """The stage's limit for one method: its own methodSettings entry, then ``*/*``."""
    settings: dict[str, Any] = stage.get("methodSettings") or {}
    own: dict[str, Any] = settings.get(f"{escape_path(resource_path)}/{http_method}") or {}
    default: dict[str, Any] = settings.get("*/*") or {}

    def pick(name: str) -> Any:
        # AWS reports a method setting's unset throttle as -1: it inherits ``*/*``.
        value = own.get(name)
        if value is None or (isinstance(value, int | float) and value < 0):
            value = default.get(name)
        return None if isinstance(value, int | float) and value < 0 else value

    return Limit.of(pick("throttlingRateLimit"), pick("throttlingBurstLimit"))


def take_or_throttle(state: ServerState, key: BucketKey, limit: Limit | None) -> None:
    """Take a token from ``key``'s bucket or raise THROTTLED (429)."""
    if limit is None:
        return
    if not buckets(state).take(key, limit, state.clock.monotonic()):
        raise refuse("THROTTLED")


def check_stage(inv: Invocation) -> None:
    """Apply the stage's and the method's limits to ``inv`` (429 Too Many Requests)."""
    method = inv.method or {}
    verb = str(method.get("httpMethod") or inv.http_method)
    limit = method_limit(inv.stage, inv.resource_path, verb)
    key = ("stage", inv.api.api_id, inv.stage_name, inv.resource_path, verb)
    take_or_throttle(inv.state, key, limit)
