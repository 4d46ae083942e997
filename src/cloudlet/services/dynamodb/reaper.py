"""The background process that deletes expired items (TTL) and trims stream records.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html
- An item whose TTL attribute (epoch seconds) is in the past is deleted; DynamoDB does it
  within days, cloudlet every ``CLOUDLET_DYNAMODB_TTL_INTERVAL`` seconds (default 1).
- Items expired more than five years ago are left alone, as DynamoDB does.
- A TTL deletion is a REMOVE stream record with ``userIdentity`` ``{"type": "Service",
  "principalId": "dynamodb.amazonaws.com"}``.
- Stream records older than 24 hours are trimmed.

Every account/region database under the data dir is visited, including ones no request
has opened since the server started.
"""

from __future__ import annotations

import logging
import os

import orjson

from cloudlet.server.state import ServerState
from cloudlet.services.dynamodb.backend import DynamoBackend
from cloudlet.services.dynamodb.registry import backends, service

log = logging.getLogger("cloudlet.dynamodb")
TRIM_EVERY_S = 60.0
DISCOVER_EVERY_S = 5.0


def interval() -> float:
    try:
        return max(0.05, float(os.environ.get("CLOUDLET_DYNAMODB_TTL_INTERVAL", "1")))
    except ValueError:
        return 1.0


def reap(backend: DynamoBackend, now: float) -> int:
    """Delete the expired items of every TTL-enabled table; return how many."""
    deleted = 0
    for table in list(backend.tables.values()):
        if not table.ttl_enabled:
            continue
        rows = backend.expired(table, now)
        if not rows:
            continue
        with backend.transaction() as writer:
            for h, r, body in rows:
                writer.delete(table, h, r, orjson.loads(body), service=True)
                deleted += 1
    return deleted


def discover(state: ServerState) -> list[DynamoBackend]:
    """Backends of every account/region that has a DynamoDB database on disk."""
    if state.data_dir.is_dir():
        for path in state.data_dir.glob("*/*/dynamodb.sqlite"):
            account, region = path.parts[-3], path.parts[-2]
            backends.get(state, account, region)
    return state.all_backends(backends)


@service.worker("dynamodb.ttl")
async def run(state: ServerState) -> None:
    """Delete expired items (and trim old stream records) every ``interval()`` seconds of
    the server's clock."""
    every = interval()
    last_trim = last_discover = -float("inf")
    found: list[DynamoBackend] = []
    while True:
        await state.clock.sleep(every)
        now = state.clock.now()
        if now - last_discover >= DISCOVER_EVERY_S:
            found = discover(state)
            last_discover = now
        else:
            found = state.all_backends(backends)
        for backend in found:
            reap(backend, now)
        if now - last_trim >= TRIM_EVERY_S:
            for backend in found:
                backend.streams.trim(now)
            last_trim = now


@service.stopped
async def stop(state: ServerState) -> None:
    for backend in state.all_backends(backends):
        backend.close()
