"""AssumeRole: a session of a role whose trust policy lets the caller in.

https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
- The role must exist and its trust policy must allow the caller ``sts:AssumeRole`` (plus
  ``sts:TagSession`` with Tags, ``sts:SetSourceIdentity`` with SourceIdentity); else
  AccessDenied (403) "User: CALLER is not authorized to perform: sts:AssumeRole on
  resource: ROLE". ``ExternalId`` is the ``sts:ExternalId`` condition key,
  ``RoleSessionName`` ``sts:RoleSessionName``.
- DurationSeconds defaults to 3,600 and may not exceed the role's MaxSessionDuration; a
  role session assuming a role (role chaining) is limited to one hour.
- The session's key (``ASIA...``) signs as ``arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION``
  until it expires; its session policies, tags and source identity go with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.server.context import Principal
from cloudlet.server.errors import ValidationError
from cloudlet.services.sts import sessions
from cloudlet.services.sts.errors import not_authorized
from cloudlet.services.sts.registry import service

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

DEFAULT_DURATION = 3600
CHAINED_LIMIT = 3600


def duration_for(req: dict[str, Any], role: dict[str, Any], chained: bool) -> int:
    duration = int(req.get("DurationSeconds") or DEFAULT_DURATION)
    if chained and duration > CHAINED_LIMIT:
        raise ValidationError("The requested DurationSeconds exceeds the 1 hour session limit"
                              " for roles assumed by role chaining.")
    if duration > int(role.get("MaxSessionDuration") or DEFAULT_DURATION):
        raise ValidationError(
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
    return duration


def session_answer(ctx: RequestContext, role: dict[str, Any], session: str, duration: int,
                   extra: dict[str, Any]) -> dict[str, Any]:
    """Issue a key for ``session`` of ``role``; the Credentials and AssumedRoleUser members."""
    principal = Principal.role_session(role["Arn"], session)
    assumed_id = f"{role['RoleId']}:{session}"
    extra = {**extra, "role_id": role["RoleId"], "userid": assumed_id}
    return {
        "Credentials": sessions.credentials(ctx, principal, duration, extra),
        "AssumedRoleUser": {"AssumedRoleId": assumed_id, "Arn": principal.arn},
    }


@service.operation("AssumeRole")
async def assume_role(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """Temporary credentials for a role the caller is trusted by (see the module docstring)."""
    caller = ctx.caller
    role_arn, session = req["RoleArn"], req["RoleSessionName"]
    account, name = sessions.parse_role_arn(role_arn)
    if req.get("SerialNumber") or req.get("TokenCode"):
        raise ValidationError("not supported: MFA (SerialNumber, TokenCode) in AssumeRole")
    role = await sessions.find_role(ctx, account, name)
    if role is None:
        raise not_authorized(caller.arn, "sts:AssumeRole", role_arn)
    mine = sessions.caller_extra(ctx)
    inherited_keys = mine.get("transitive_tag_keys") or []
    inherited = {k: v for k, v in (mine.get("tags") or {}).items() if k in inherited_keys}
    tags, transitive = sessions.session_tags(req, inherited)
    keys: dict[str, Any] = {"sts:RoleSessionName": session}
    if req.get("ExternalId"):
        keys["sts:ExternalId"] = req["ExternalId"]
    if req.get("SourceIdentity"):
        keys["sts:SourceIdentity"] = req["SourceIdentity"]
    if transitive:
        keys["sts:TransitiveTagKeys"] = transitive
    actions = ["sts:AssumeRole"]
    if req.get("Tags"):
        actions.append("sts:TagSession")
    if req.get("SourceIdentity"):
        actions.append("sts:SetSourceIdentity")
    sessions.require_trust(ctx, req, role, caller, actions, keys, mine.get("tags"))
    chained = caller.kind == "assumed-role"
    duration = duration_for(req, role, chained)
    policies, compact = await sessions.session_policies(ctx, req)
    packed = sessions.packed_size(compact, tags)
    source_identity = req.get("SourceIdentity") or mine.get("source_identity")
    extra: dict[str, Any] = {"policies": policies, "tags": tags,
                             "transitive_tag_keys": transitive}
    if source_identity:
        extra["source_identity"] = source_identity
    out = session_answer(ctx, role, session, duration, extra)
    out["PackedPolicySize"] = packed
    if source_identity:
        out["SourceIdentity"] = source_identity
    return out
