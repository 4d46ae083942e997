"""Users in a pool: their documents, lookups by username or alias, and their views.

https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html
- With ``UsernameAttributes`` [email], a user signs up with an email as the username and
  gets a generated one (its ``sub``); ``AliasAttributes`` [email] lets a verified email
  stand for the username. Lookups accept either.
- A confirmation or verification code is not emailed: cloudlet writes it to the server log
  (``cognito-idp: code for user U in pool P: 123456``), where a person or a test reads it.
"""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from cloudlet.clock import new_id
from cloudlet.services.cognito_idp import tokens
from cloudlet.services.cognito_idp.errors import NotAuthorizedException, UserNotFoundException
from cloudlet.services.cognito_idp.registry import adopt, store

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

log = logging.getLogger("cloudlet")
CODE_VALIDITY_S = 24 * 3600


def attribute_map(attrs: list[dict[str, str]] | None) -> dict[str, str]:
    return {a["Name"]: a.get("Value", "") for a in attrs or []}


def new_user(pool: dict[str, Any], username: str, attrs: dict[str, str], now: float,
             status: str) -> dict[str, Any]:
    sub = new_id()
    internal = sub if "email" in (pool.get("UsernameAttributes") or []) else username
    attributes = {"sub": sub, **attrs}
    return {"Username": internal, "sub": sub, "attributes": attributes, "status": status,
            "enabled": True, "created": now, "modified": now}


def find(ctx: RequestContext, pool: dict[str, Any], name: str) -> dict[str, Any] | None:
    """The user called ``name``, or whose email is ``name`` where the pool allows that."""
    found = store(ctx).get("users", pool["Id"], name)
    if found is not None:
        return found
    aliased = "email" in (pool.get("UsernameAttributes") or []) or \
        "email" in (pool.get("AliasAttributes") or [])
    if aliased:
        for user in store(ctx).all("users", pool["Id"]):
            attrs = user["attributes"]
            if attrs.get("email", "").lower() == name.lower() and (
                    "email" in (pool.get("UsernameAttributes") or [])
                    or attrs.get("email_verified") == "true"):
                return user
    return None


def get(ctx: RequestContext, pool: dict[str, Any], name: str) -> dict[str, Any]:
    found = find(ctx, pool, name)
    if found is None:
        raise UserNotFoundException()
    return found


def save(ctx: RequestContext, pool: dict[str, Any], user: dict[str, Any]) -> None:
    user["modified"] = ctx.state.clock.now()
    store(ctx).put("users", pool["Id"], user["Username"], user)


def send_code(ctx: RequestContext, pool: dict[str, Any], user: dict[str, Any],
              purpose: str) -> dict[str, str]:
    """Make a 6-digit code for ``purpose``, log it, and answer CodeDeliveryDetails."""
    code = f"{secrets.randbelow(10 ** 6):06d}"
    user.setdefault("codes", {})[purpose] = {"code": code,
                                             "expires": ctx.state.clock.now() + CODE_VALIDITY_S}
    log.info("cognito-idp: code for user %s in pool %s: %s", user["Username"], pool["Id"], code)
    email = user["attributes"].get("email", "")
    masked = f"{email[:1]}***@{email.split('@')[-1][:1]}***" if "@" in email else email
    return {"Destination": masked, "DeliveryMedium": "EMAIL", "AttributeName": "email"}


def attribute_list(user: dict[str, Any]) -> list[dict[str, str]]:
    return [{"Name": k, "Value": v} for k, v in user["attributes"].items()]


def _when(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def user_view(user: dict[str, Any], attributes_key: str = "Attributes") -> dict[str, Any]:
    """A UserType (``Attributes``) or, for AdminGetUser, ``UserAttributes``."""
    return {"Username": user["Username"], attributes_key: attribute_list(user),
            "UserCreateDate": _when(user["created"]),
            "UserLastModifiedDate": _when(user["modified"]), "Enabled": user["enabled"],
            "UserStatus": user["status"]}


def from_access_token(ctx: RequestContext, token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The pool and user an access token stands for; NotAuthorizedException if invalid."""
    pool_id = tokens.pool_of_token(token)
    if pool_id:
        adopt(ctx, pool_id)
    doc = store(ctx).pool(pool_id) if pool_id else None
    claims = tokens.read_access_token(doc["_key"], token, ctx.state.clock.now()) if doc else None
    if doc is None or claims is None:
        raise NotAuthorizedException("Invalid Access Token")
    user = store(ctx).get("users", doc["Id"], str(claims.get("username")))
    if user is None:
        raise UserNotFoundException()
    if int(claims.get("iat", 0)) < user.get("signed_out_at", 0):
        raise NotAuthorizedException("Access Token has been revoked")
    return doc, user
