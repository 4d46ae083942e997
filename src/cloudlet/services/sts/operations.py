"""Who the caller is (GetCallerIdentity, GetAccessKeyInfo) and session tokens for users.

https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
- UserId: the account id for the root user, the user's unique id (``AIDA...``) for an IAM
  user, ``ROLEID:SESSION`` (``AROA...:name``) for an assumed-role session.
https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
- For an IAM user or the root user: a temporary key of that same principal, lasting
  DurationSeconds (900 to 129,600, default 43,200; the root user's at most 3,600). Called
  with temporary credentials it fails with AccessDenied.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.server.context import Principal, account_for
from cloudlet.server.errors import ClientError, ValidationError
from cloudlet.server.internal import call
from cloudlet.services.sts import sessions
from cloudlet.services.sts.errors import AccessDenied
from cloudlet.services.sts.registry import service

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

SESSION_TOKEN_DEFAULT = 43200
ROOT_SESSION_LIMIT = 3600


async def user_id(ctx: RequestContext, principal: Principal) -> str:
    """The caller's unique id, as GetCallerIdentity's UserId."""
    if principal.kind == "user":
        try:
            out = await call(ctx.state, "iam", "GetUser",
                             {"UserName": principal.arn.rsplit("/", 1)[-1]},
                             principal=Principal.service(principal.account,
                                                         sessions.STS_PRINCIPAL))
            return str(out["User"]["UserId"])
        except ClientError:
            return sessions.derived_id("AIDA", principal.arn)
    if principal.kind == "assumed-role":
        extra = sessions.caller_extra(ctx)
        if extra.get("userid"):
            return str(extra["userid"])
        session = principal.arn.rsplit("/", 1)[-1]
        role = await sessions.find_role(ctx, principal.account,
                                        principal.identity.rsplit("/", 1)[-1])
        role_id = role["RoleId"] if role else sessions.derived_id("AROA", principal.identity)
        return f"{role_id}:{session}"
    return principal.account


@service.operation("GetCallerIdentity")
async def get_caller_identity(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    caller = ctx.caller
    return {"UserId": await user_id(ctx, caller), "Account": caller.account, "Arn": caller.arn}


@service.operation("GetAccessKeyInfo")
def get_access_key_info(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """The account a key belongs to (cloudlet's own keys), else the account its id names."""
    found = ctx.state.credentials.find(req["AccessKeyId"])
    return {"Account": found.principal.account if found else account_for(req["AccessKeyId"])}


@service.operation("GetSessionToken")
def get_session_token(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    caller = ctx.caller
    found = ctx.state.credentials.find(caller.access_key) if caller.access_key else None
    if caller.kind not in ("root", "user") or (found is not None and found.expires is not None):
        raise AccessDenied("Cannot call GetSessionToken with session credentials")
    if req.get("SerialNumber") or req.get("TokenCode"):
        raise ValidationError("not supported: MFA (SerialNumber, TokenCode) in GetSessionToken")
    duration = int(req.get("DurationSeconds") or SESSION_TOKEN_DEFAULT)
    if caller.kind == "root":
        duration = min(duration, ROOT_SESSION_LIMIT)
    principal = Principal(caller.account, caller.arn, caller.kind, "", caller.identity)
    return {"Credentials": sessions.credentials(ctx, principal, duration, {"session_token": True})}
