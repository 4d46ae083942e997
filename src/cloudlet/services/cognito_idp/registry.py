"""The cognito-idp service object, its stores (one per account and region), and lookups
of pools and app clients that every operation shares.

The calls made without credentials (InitiateAuth, SignUp, GetUser ...) name a pool only
through an app client id or a token: ``adopt`` moves such a call to the account and region
that own the client or pool (found in the stores on disk), as AWS finds a pool from its id
alone. Calls signed by an account stay in that account.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.server.service import Service
from cloudlet.server.state import Backends, ServerWide
from cloudlet.services.apigateway.gateway import jwt_verify
from cloudlet.services.cognito_idp.errors import client_not_found, pool_not_found
from cloudlet.services.cognito_idp.store import PoolStore
from cloudlet.services.cognito_idp.tokens import issuer

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext
    from cloudlet.server.state import ServerState

service = Service("cognito-idp")

_stores: Backends[PoolStore] = Backends(
    lambda state, account, region: PoolStore(state.db_path("cognito-idp", account, region)))


def store(ctx: RequestContext) -> PoolStore:
    return _stores.of(ctx)


# pool id or app client id -> (account, region) owning it; rebuilt from disk on a miss
_owners: ServerWide[dict[str, tuple[str, str]]] = ServerWide(lambda state: {})


def _stores_on_disk(state: ServerState) -> list[tuple[str, str, PoolStore]]:
    found = []
    for path in state.data_dir.glob("*/*/cognito-idp.sqlite"):
        region, account = path.parent.name, path.parent.parent.name
        found.append((account, region, state.backend_for(_stores, account, region)))
    return found


def owner(state: ServerState, some_id: str) -> tuple[str, str] | None:
    """The account and region holding the pool or app client ``some_id``."""
    owners = _owners.get(state)
    if some_id not in owners:
        for account, region, pools in _stores_on_disk(state):
            for doc in pools.pools():
                owners[doc["Id"]] = (account, region)
                for client in pools.all("clients", doc["Id"]):
                    owners[client["ClientId"]] = (account, region)
    return owners.get(some_id)


def store_of(state: ServerState, account: str, region: str) -> PoolStore:
    return state.backend_for(_stores, account, region)


def adopt(ctx: RequestContext, some_id: str) -> None:
    """For a call made without credentials, act in the account and region that own the
    pool or app client ``some_id`` (nothing when unknown: the lookup then fails as usual)."""
    if service.unsigned(ctx.operation) and (found := owner(ctx.state, some_id)) is not None:
        ctx.account, ctx.region = found


def pool(ctx: RequestContext, pool_id: str) -> dict[str, Any]:
    """The pool's document; ResourceNotFoundException if there is none."""
    found = store(ctx).pool(pool_id)
    if found is None:
        raise pool_not_found(pool_id)
    return found


def app_client(ctx: RequestContext, pool_id: str, client_id: str) -> dict[str, Any]:
    found = store(ctx).get("clients", pool_id, client_id)
    if found is None:
        raise client_not_found(client_id)
    return found


def jwks_url(state: ServerState, pool_id: str) -> str:
    return f"{state.config.endpoint_url}/{pool_id}/.well-known/jwks.json"


def announce(state: ServerState, region: str, pool_id: str) -> None:
    """Point verifiers of this pool's tokens (API Gateway, STS) at its JWKS on this server."""
    jwt_verify.redirect(state, issuer(region, pool_id), jwks_url(state, pool_id))


@service.started
async def _announce_existing(state: ServerState) -> None:
    for _account, region, pools in _stores_on_disk(state):
        for found in pools.pools():
            announce(state, region, found["Id"])


@service.stopped
async def _close(state: ServerState) -> None:
    for found in state.all_backends(_stores):
        found.close()
