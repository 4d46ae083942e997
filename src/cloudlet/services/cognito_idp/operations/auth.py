"""Signing in: (Admin)InitiateAuth, (Admin)RespondToAuthChallenge, GetUser, GlobalSignOut,
AdminUserGlobalSignOut and RevokeToken.

https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
- Flows: USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH (and ADMIN_NO_SRP_AUTH),
  USER_SRP_AUTH (PASSWORD_VERIFIER challenge), REFRESH_TOKEN_AUTH / REFRESH_TOKEN. A flow
  the client's ExplicitAuthFlows does not allow answers InvalidParameterException; a client
  with no ExplicitAuthFlows allows SRP and refresh, as AWS's default.
- A wrong password: NotAuthorizedException "Incorrect username or password."; an unknown
  user: the same with PreventUserExistenceErrors ENABLED, else UserNotFoundException; a
  disabled user: NotAuthorizedException "User is disabled."; an unconfirmed one:
  UserNotConfirmedException.
- A FORCE_CHANGE_PASSWORD user gets the NEW_PASSWORD_REQUIRED challenge and a Session,
  answered with NEW_PASSWORD (valid for the client's AuthSessionValidity minutes).
- GlobalSignOut revokes the user's refresh tokens and makes their access tokens fail.

A PreTokenGeneration trigger runs before tokens are issued (``triggers.py``).

LIMITATIONS: MFA, CUSTOM_AUTH and device tracking are not supported; challenge sessions
live in server memory (a restart forgets them).
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cloudlet.clock import new_id
from cloudlet.server.state import ServerWide
from cloudlet.services.cognito_idp import passwords, srp, tokens, triggers, users
from cloudlet.services.cognito_idp.clients import by_id, check_secret_hash
from cloudlet.services.cognito_idp.errors import (
    InvalidParameterException,
    NotAuthorizedException,
    PasswordResetRequiredException,
    UserNotConfirmedException,
    UserNotFoundException,
)
from cloudlet.services.cognito_idp.registry import app_client, pool, service, store

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

_ALLOWED = {
    "USER_PASSWORD_AUTH": ("ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH"),
    "ADMIN_USER_PASSWORD_AUTH": ("ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"),
    "ADMIN_NO_SRP_AUTH": ("ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"),
    "USER_SRP_AUTH": ("ALLOW_USER_SRP_AUTH",),
    "REFRESH_TOKEN_AUTH": ("ALLOW_REFRESH_TOKEN_AUTH",),
    "REFRESH_TOKEN": ("ALLOW_REFRESH_TOKEN_AUTH",),
}
_DEFAULT_FLOWS = ("ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH")


@dataclass(slots=True)
class Sessions:
    """Challenges under way: a Session (or SRP secret block) -> what it stands for."""

    open: dict[str, dict[str, Any]] = field(default_factory=dict)


_sessions: ServerWide[Sessions] = ServerWide(lambda state: Sessions())


def _open_session(ctx: RequestContext, client: dict[str, Any], data: dict[str, Any]) -> str:
    key = base64.b64encode(secrets.token_bytes(96)).decode()
    minutes = int(client.get("AuthSessionValidity") or 3)
    _sessions.of(ctx).open[key] = {**data, "expires": ctx.state.clock.now() + minutes * 60}
    return key


def _take_session(ctx: RequestContext, key: str | None) -> dict[str, Any]:
    found = _sessions.of(ctx).open.pop(key or "", None)
    if found is None or found["expires"] <= ctx.state.clock.now():
        raise NotAuthorizedException("Invalid session for the user.")
    return found


def _check_flow(client: dict[str, Any], flow: str) -> None:
    allowed = client.get("ExplicitAuthFlows") or _DEFAULT_FLOWS
    if flow not in _ALLOWED:
        raise InvalidParameterException(f"not supported: AuthFlow {flow}")
    if not any(name in allowed for name in _ALLOWED[flow]):
        raise InvalidParameterException(
            f"{flow} flow not enabled for this client" if flow == "USER_PASSWORD_AUTH"
            else "Auth flow not enabled for this client")


def _unknown_user(client: dict[str, Any]) -> Exception:
    if client.get("PreventUserExistenceErrors") == "ENABLED":
        return NotAuthorizedException()
    return UserNotFoundException()


async def _result(ctx: RequestContext, doc: dict[str, Any], client: dict[str, Any],
                  user: dict[str, Any], source: str,
                  refresh: dict[str, Any] | None = None) -> dict[str, Any]:
    """AuthenticationResult: new tokens, and a refresh token unless refreshing."""
    origin = refresh["origin_jti"] if refresh else new_id()
    groups = store(ctx).groups_of(doc["Id"], user["Username"])
    answer = await triggers.run(
        ctx, doc, "PreTokenGeneration", source, user, client["ClientId"],
        {"groupConfiguration": {"groupsToOverride": groups, "iamRolesToOverride": [],
                                "preferredRole": None}},
        {"claimsOverrideDetails": None}) or {}
    now = ctx.state.clock.now()
    auth_time = refresh["auth_time"] if refresh else int(now)
    result = tokens.issue(pool=doc, client=client, user=user, groups=groups, now=now,
                          auth_time=auth_time, origin_jti=origin, region=ctx.region,
                          overrides=answer.get("claimsOverrideDetails") or {})
    if refresh is None:
        token = f"{secrets.token_urlsafe(96)}.{new_id()}"
        store(ctx).put_refresh(token, doc["Id"], {
            "username": user["Username"], "client": client["ClientId"], "origin_jti": origin,
            "auth_time": auth_time,
            "expires": now + tokens.validity(client, "RefreshToken")})
        result["RefreshToken"] = token
    return {"AuthenticationResult": result, "ChallengeParameters": {}}


async def _after_password(ctx: RequestContext, doc: dict[str, Any], client: dict[str, Any],
                    user: dict[str, Any]) -> dict[str, Any]:
    if user["status"] == "FORCE_CHANGE_PASSWORD":
        attrs = {k: v for k, v in user["attributes"].items() if k not in ("sub",)}
        session = _open_session(ctx, client, {"challenge": "NEW_PASSWORD_REQUIRED",
                                              "username": user["Username"]})
        return {"ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": session,
                "ChallengeParameters": {"USER_ID_FOR_SRP": user["Username"],
                                        "requiredAttributes": "[]",
                                        "userAttributes": json.dumps(attrs)}}
    return await _result(ctx, doc, client, user, "TokenGeneration_Authentication")


def _usable(client: dict[str, Any], user: dict[str, Any] | None) -> dict[str, Any]:
    if user is None:
        raise _unknown_user(client)
    if not user["enabled"]:
        raise NotAuthorizedException("User is disabled.")
    return user


async def _password_auth(ctx: RequestContext, doc: dict[str, Any], client: dict[str, Any],
                   params: dict[str, str]) -> dict[str, Any]:
    name = params.get("USERNAME") or ""
    user = users.find(ctx, doc, name)
    check_secret_hash(client, name, params.get("SECRET_HASH"))
    user = _usable(client, user)
    if not passwords.matches(user.get("creds", {}), params.get("PASSWORD", "")):
        raise NotAuthorizedException()
    if user["status"] == "UNCONFIRMED":
        raise UserNotConfirmedException()
    if user["status"] == "RESET_REQUIRED":
        raise PasswordResetRequiredException()
    return await _after_password(ctx, doc, client, user)


async def _refresh_auth(ctx: RequestContext, doc: dict[str, Any], client: dict[str, Any],
                  params: dict[str, str]) -> dict[str, Any]:
    found = store(ctx).refresh(params.get("REFRESH_TOKEN") or "")
    if found is None or found["client"] != client["ClientId"] or \
            found["expires"] <= ctx.state.clock.now():
        raise NotAuthorizedException("Invalid Refresh Token")
    user = store(ctx).get("users", doc["Id"], found["username"])
    if user is None:
        raise NotAuthorizedException("Invalid Refresh Token")
    check_secret_hash(client, user["Username"], params.get("SECRET_HASH"))
    if not user["enabled"]:
        raise NotAuthorizedException("User is disabled.")
    return await _result(ctx, doc, client, user, "TokenGeneration_RefreshTokens",
                         refresh=found)


def _srp_start(ctx: RequestContext, doc: dict[str, Any], client: dict[str, Any],
               params: dict[str, str]) -> dict[str, Any]:
    name = params.get("USERNAME") or ""
    check_secret_hash(client, name, params.get("SECRET_HASH"))
    user = _usable(client, users.find(ctx, doc, name))
    if not params.get("SRP_A"):
        raise InvalidParameterException("Missing required parameter SRP_A")
    creds = user.get("creds", {})
    b, big_b = srp.server_values(creds["srp_verifier"])
    block = _open_session(ctx, client, {"challenge": "PASSWORD_VERIFIER",
                                        "username": user["Username"], "b": b, "B": big_b,
                                        "A": params["SRP_A"]})
    return {"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": {
        "SALT": creds["srp_salt"], "SECRET_BLOCK": block, "SRP_B": format(big_b, "x"),
        "USERNAME": user["Username"], "USER_ID_FOR_SRP": user["Username"]}}


async def _initiate(ctx: RequestContext, doc: dict[str, Any], client: dict[str, Any],
              req: dict[str, Any]) -> dict[str, Any]:
    flow = req["AuthFlow"]
    _check_flow(client, flow)
    params = req.get("AuthParameters") or {}
    if flow in ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"):
        return await _refresh_auth(ctx, doc, client, params)
    if flow == "USER_SRP_AUTH":
        return _srp_start(ctx, doc, client, params)
    return await _password_auth(ctx, doc, client, params)


@service.operation("InitiateAuth")
async def initiate_auth(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc, client = by_id(ctx, req["ClientId"])
    if req["AuthFlow"] in ("ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"):
        raise InvalidParameterException("Initiate Auth method not supported.")
    return await _initiate(ctx, doc, client, req)


@service.operation("AdminInitiateAuth")
async def admin_initiate_auth(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = pool(ctx, req["UserPoolId"])
    client = app_client(ctx, doc["Id"], req["ClientId"])
    return await _initiate(ctx, doc, client, req)


async def _respond(ctx: RequestContext, doc: dict[str, Any], client: dict[str, Any],
             req: dict[str, Any]) -> dict[str, Any]:
    answers = req.get("ChallengeResponses") or {}
    name = req["ChallengeName"]
    if name == "PASSWORD_VERIFIER":
        session = _take_session(ctx, answers.get("PASSWORD_CLAIM_SECRET_BLOCK"))
    elif name == "NEW_PASSWORD_REQUIRED":
        session = _take_session(ctx, req.get("Session"))
    else:
        raise InvalidParameterException(f"not supported: ChallengeName {name}")
    if session["challenge"] != name:
        raise NotAuthorizedException("Invalid session for the user.")
    user = _usable(client, store(ctx).get("users", doc["Id"], session["username"]))
    check_secret_hash(client, answers.get("USERNAME", user["Username"]),
                      answers.get("SECRET_HASH"))
    if name == "PASSWORD_VERIFIER":
        ok = srp.signature_ok(
            pool_id=doc["Id"], user_id=user["Username"],
            verifier_hex=user["creds"]["srp_verifier"], a_hex=session["A"], b=session["b"],
            big_b=session["B"], secret_block=answers["PASSWORD_CLAIM_SECRET_BLOCK"],
            timestamp=answers.get("TIMESTAMP", ""),
            signature=answers.get("PASSWORD_CLAIM_SIGNATURE", ""))
        if not ok:
            raise NotAuthorizedException()
        if user["status"] == "UNCONFIRMED":
            raise UserNotConfirmedException()
        return await _after_password(ctx, doc, client, user)
    new_password = answers.get("NEW_PASSWORD")
    if not new_password:
        raise InvalidParameterException("Missing required parameter NEW_PASSWORD")
    passwords.check(doc, new_password)
    for key, value in answers.items():
        if key.startswith("userAttributes."):
            user["attributes"][key.removeprefix("userAttributes.")] = value
    user["creds"] = passwords.credentials(doc["Id"], user["Username"], new_password)
    user["status"] = "CONFIRMED"
    users.save(ctx, doc, user)
    return await _result(ctx, doc, client, user, "TokenGeneration_NewPasswordChallenge")


@service.operation("RespondToAuthChallenge")
async def respond_to_auth_challenge(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc, client = by_id(ctx, req["ClientId"])
    return await _respond(ctx, doc, client, req)


@service.operation("AdminRespondToAuthChallenge")
async def admin_respond_to_auth_challenge(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = pool(ctx, req["UserPoolId"])
    return await _respond(ctx, doc, app_client(ctx, doc["Id"], req["ClientId"]), req)


@service.operation("GetUser")
def get_user(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _doc, user = users.from_access_token(ctx, req["AccessToken"])
    return {"Username": user["Username"], "UserAttributes": users.attribute_list(user)}


def _sign_out(ctx: RequestContext, doc: dict[str, Any], user: dict[str, Any]) -> None:
    user["signed_out_at"] = int(ctx.state.clock.now()) + 1
    users.save(ctx, doc, user)
    store(ctx).revoke_refresh(doc["Id"], username=user["Username"])


@service.operation("GlobalSignOut")
def global_sign_out(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc, user = users.from_access_token(ctx, req["AccessToken"])
    _sign_out(ctx, doc, user)
    return {}


@service.operation("AdminUserGlobalSignOut")
def admin_user_global_sign_out(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = pool(ctx, req["UserPoolId"])
    _sign_out(ctx, doc, users.get(ctx, doc, req["Username"]))
    return {}


@service.operation("RevokeToken")
def revoke_token(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc, client = by_id(ctx, req["ClientId"])
    found = store(ctx).refresh(req["Token"])
    if found is not None and found["client"] == client["ClientId"]:
        store(ctx).revoke_refresh(doc["Id"], token=req["Token"])
    return {}
