"""The pools' public documents on the edge port, as Cognito serves them at its issuer URL:
``/{poolId}/.well-known/jwks.json`` and ``/{poolId}/.well-known/openid-configuration``
(also under the host ``cognito-idp.{region}.localhost``).

https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
The pool is found from its id alone (``registry.owner``). An unknown pool: 404 ``{"message": "User pool ... does not exist."}``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.server.http import Response
from cloudlet.services.cognito_idp.registry import owner, service, store_of
from cloudlet.services.cognito_idp.tokens import issuer, jwks

if TYPE_CHECKING:
    from cloudlet.server.http import Request
    from cloudlet.server.state import ServerState

_POOL_ID = re.compile(r"(?P<region>[a-z]{2}(?:-[a-z]+)+-\d)_[A-Za-z0-9]+")


def _find_pool(state: ServerState, pool_id: str) -> dict[str, Any] | None:
    found = owner(state, pool_id)
    return store_of(state, *found).pool(pool_id) if found is not None else None


def _document(state: ServerState, pool_id: str, path: str) -> Response | None:
    if path not in ("/.well-known/jwks.json", "/.well-known/openid-configuration"):
        return None
    if _POOL_ID.fullmatch(pool_id) is None:
        return None  # not a pool id: another route's (an S3 key, an API's path)
    found = _find_pool(state, pool_id)
    if found is None:
        return Response.json(orjson.dumps({"message": f"User pool {pool_id} does not exist."}),
                             404)
    if path.endswith("jwks.json"):
        return Response.json(orjson.dumps(jwks(found["_key"])))
    iss = issuer(pool_id.split("_")[0], pool_id)
    return Response.json(orjson.dumps({
        "issuer": iss, "jwks_uri": f"{iss}/.well-known/jwks.json",
        "id_token_signing_alg_values_supported": ["RS256"], "response_types_supported":
        ["code", "token"], "subject_types_supported": ["public"],
        "scopes_supported": ["openid", "email", "phone", "profile"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
    }))


@service.route(prefix="/{pool_id}/.well-known", priority=10)
async def well_known(state: ServerState, request: Request,
                     params: dict[str, str]) -> Response | None:
    return _document(state, params["pool_id"], "/.well-known" + params["path"].rstrip("/"))


@service.route(host="cognito-idp.{region}.localhost", prefix="/{pool_id}/.well-known",
               priority=20)
async def well_known_host(state: ServerState, request: Request,
                          params: dict[str, str]) -> Response | None:
    return await well_known(state, request, params)
