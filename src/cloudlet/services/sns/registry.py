"""The SNS service object and its one server-wide store."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.server.service import Service
from cloudlet.server.state import ServerWide
from cloudlet.services.sns.store import SnsStore

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext
    from cloudlet.server.state import ServerState

DELIVERY_QUEUE = "sns.delivery"
FIFO_DELIVERY_QUEUE = "sns.delivery.fifo"

# One store for the whole server: its rows carry account and region.
_stores: ServerWide[SnsStore] = ServerWide(
    lambda state: SnsStore(state.data_dir / "sns.sqlite", state.clock))


def store_of(state: ServerState) -> SnsStore:
    return _stores.get(state)


def store(ctx: RequestContext) -> SnsStore:
    return _stores.of(ctx)


def _health(state: ServerState) -> dict[str, Any]:
    found = store_of(state)
    queued = {name: dict(zip(("visible", "in_flight", "delayed"), found.queues.counts(name),
                             strict=True))
              for name in (DELIVERY_QUEUE, FIFO_DELIVERY_QUEUE)}
    return {"deliveries": queued, "recorded_messages": found.counts_recorded(),
            "recorded_url": f"{state.config.endpoint_url}/_cloudlet/sns/messages"}


service = Service("sns", health=_health)
