"""The Schemas service object and its stores, one per account and region."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cloudlet.server.service import Service
from cloudlet.server.state import Backends
from cloudlet.services.schemas.store import SchemaStore

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext
    from cloudlet.server.state import ServerState

service = Service("schemas")

_stores: Backends[SchemaStore] = Backends(
    lambda state, account, region: SchemaStore(state.db_path("schemas", account, region)))


def store(ctx: RequestContext) -> SchemaStore:
    return _stores.of(ctx)


def registry_arn(ctx: RequestContext, registry: str) -> str:
    return f"arn:aws:schemas:{ctx.region}:{ctx.account}:registry/{registry}"


def schema_arn(ctx: RequestContext, registry: str, schema: str) -> str:
    return f"arn:aws:schemas:{ctx.region}:{ctx.account}:schema/{registry}/{schema}"


@service.stopped
async def _close(state: ServerState) -> None:
    for found in state.all_backends(_stores):
        found.close()
