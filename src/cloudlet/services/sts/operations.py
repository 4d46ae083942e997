"""STS's operations (see the package docstring)."""

from __future__ import annotations

import secrets
import string
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from cloudlet.server.errors import ClientError, ValidationError
from cloudlet.server.internal import call
from cloudlet.server.service import Service

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

service = Service("sts")

_ALPHABET = string.ascii_uppercase + string.digits


class AccessDenied(ClientError):
    code = "AccessDenied"
    status = 403


def _user_id(ctx: RequestContext) -> str:
    principal = ctx.caller
    if principal.kind == "assumed-role":
        return f"AROA{principal.account}:{principal.arn.rsplit('/', 1)[-1]}"
    return ctx.account


@service.operation("GetCallerIdentity")
def get_caller_identity(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"UserId": _user_id(ctx), "Account": ctx.caller.account, "Arn": ctx.caller.arn}


@service.operation("AssumeRole")
async def assume_role(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """Temporary credentials for a role of the account (awaits IAM's GetRole)."""
    role_arn, session = req["RoleArn"], req["RoleSessionName"]
    parts = role_arn.split(":", 5)
    if len(parts) != 6 or parts[2] != "iam" or not parts[5].startswith("role/"):
        raise ValidationError(f"{role_arn} is invalid")
    try:
        role = (await call(ctx.state, "iam", "GetRole",
                           {"RoleName": parts[5].rsplit("/", 1)[-1]},
                           principal=ctx.caller, account=parts[4]))["Role"]
    except ClientError:
        raise AccessDenied(f"User: {ctx.caller.arn} is not authorized to perform:"
                           f" sts:AssumeRole on resource: {role_arn}") from None
    duration = int(req.get("DurationSeconds") or 3600)
    if duration > int(role["MaxSessionDuration"]):
        raise ValidationError(
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
    key_id = "ASIA" + "".join(secrets.choice(_ALPHABET) for _ in range(16))
    expires = datetime.fromtimestamp(ctx.state.clock.now() + duration, UTC)
    return {
        "Credentials": {"AccessKeyId": key_id, "SecretAccessKey": secrets.token_urlsafe(30),
                        "SessionToken": secrets.token_urlsafe(96), "Expiration": expires},
        "AssumedRoleUser": {
            "AssumedRoleId": f"{role['RoleId']}:{session}",
            "Arn": f"arn:aws:sts::{parts[4]}:assumed-role/{role['RoleName']}/{session}"},
        "PackedPolicySize": 0,
    }
