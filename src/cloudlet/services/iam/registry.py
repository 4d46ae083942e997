"""The IAM service object and its one server-wide store (IAM is global: rows carry the
account, never a region)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cloudlet.server.service import Service
from cloudlet.server.state import ServerWide
from cloudlet.services.iam.store import IamStore

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext
    from cloudlet.server.state import ServerState

service = Service("iam")

_stores: ServerWide[IamStore] = ServerWide(lambda state: IamStore(state.data_dir / "iam.sqlite"))


def store(ctx: RequestContext) -> IamStore:
    return _stores.of(ctx)


@service.stopped
async def _close(state: ServerState) -> None:
    found = _stores.made(state)
    if found is not None:
        found.close()
