"""The EventBridge Scheduler service object and its one server-wide store."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.server.service import Service
from cloudlet.server.state import ServerWide
from cloudlet.services.scheduler.store import DELIVERIES, Store

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext
    from cloudlet.server.state import ServerState

service = Service("scheduler")

# One store for every account and region (its rows carry both), so the firing worker
# reads one table.
_stores: ServerWide[Store] = ServerWide(
    lambda state: Store(state.data_dir / "scheduler.sqlite", state.clock))


def store_of(state: ServerState) -> Store:
    return _stores.get(state)


def store(ctx: RequestContext) -> Store:
    return _stores.of(ctx)


def _health(state: ServerState) -> dict[str, Any]:
    store = store_of(state)
    visible, in_flight, delayed = store.queues.counts(DELIVERIES)
    return {**store.counts(), "deliveries": {"visible": visible, "in_flight": in_flight,
                                             "delayed": delayed}}


service.health = _health


@service.stopped
async def _close(state: ServerState) -> None:
    found = _stores.made(state)
    if found is not None:
        found.close()
