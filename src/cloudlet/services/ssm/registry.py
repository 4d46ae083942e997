"""The SSM service object and its stores, one per account and region."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cloudlet.server.service import Service
from cloudlet.server.state import Backends
from cloudlet.services.ssm.store import ParameterStore

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext
    from cloudlet.server.state import ServerState

service = Service("ssm")

_stores: Backends[ParameterStore] = Backends(
    lambda state, account, region: ParameterStore(state.db_path("ssm", account, region)))


def store(ctx: RequestContext) -> ParameterStore:
    return _stores.of(ctx)


@service.stopped
async def _close(state: ServerState) -> None:
    for found in state.all_backends(_stores):
        found.close()
