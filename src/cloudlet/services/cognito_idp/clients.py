"""App clients as the public (unsigned-in) calls find them: by ClientId alone, with the
SECRET_HASH check a client with a secret demands.

https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash
SECRET_HASH = Base64(HMAC-SHA256(ClientSecret, Username + ClientId)).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import TYPE_CHECKING, Any

from cloudlet.services.cognito_idp.errors import NotAuthorizedException, client_not_found
from cloudlet.services.cognito_idp.registry import adopt, pool, store

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext


def by_id(ctx: RequestContext, client_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The client's pool and the client; ResourceNotFoundException when unknown."""
    adopt(ctx, client_id)
    found = store(ctx).client_by_id(client_id)
    if found is None:
        raise client_not_found(client_id)
    return pool(ctx, found["UserPoolId"]), found


def check_secret_hash(client: dict[str, Any], username: str, given: str | None) -> None:
    secret = client.get("ClientSecret")
    if not secret:
        return
    client_id = client["ClientId"]
    if not given:
        raise NotAuthorizedException(
            f"Client {client_id} is configured with secret but SECRET_HASH was not received")
    digest = hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(base64.b64encode(digest).decode(), given):
        raise NotAuthorizedException(f"Unable to verify secret hash for client {client_id}")
