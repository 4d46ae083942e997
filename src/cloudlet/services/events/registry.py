"""The EventBridge service object and where its state lives.

All accounts and regions share one database, ``events.sqlite`` in the data directory
(rows carry their account and region), so one delivery queue and one schedule worker
serve every bus.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cloudlet.server.service import Service
from cloudlet.server.state import Backends, ServerWide
from cloudlet.services.events.store import EventsDb, EventsStore

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext
    from cloudlet.server.state import ServerState

service = Service("events")

_dbs: ServerWide[EventsDb] = ServerWide(EventsDb)
_stores: Backends[EventsStore] = Backends(
    lambda state, account, region: EventsStore(events_db(state), account, region))


def events_db(state: ServerState) -> EventsDb:
    """The server-wide database (one per server)."""
    return _dbs.get(state)


def store_of(ctx: RequestContext) -> EventsStore:
    return _stores.of(ctx)


def store_for(state: ServerState, account: str, region: str) -> EventsStore:
    return _stores.get(state, account, region)
