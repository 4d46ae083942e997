"""What AssumeRole, AssumeRoleWithWebIdentity and GetSessionToken share: reading the role
and its trust policy, session policies and tags, and issuing the session's key.

https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
- Session policies (``Policy``, ``PolicyArns``) only narrow what the role allows: they are
  kept with the key (``extra["policies"]``) and evaluated as session policies.
- ``PackedPolicySize`` is the percentage of the allowed packed size that the session
  policy and tags use; over 100 fails with ``PackedPolicyTooLarge``.
- Tags need ``sts:TagSession`` in the trust policy, a SourceIdentity
  ``sts:SetSourceIdentity``; transitive tags pass on to a chained session.

LIMITATIONS: AWS packs (compresses) policies and tags in a format it does not document;
here the size is the length of the compact JSON of the policy plus each tag's key and
value, against 2,048 characters, so the percentages differ from AWS's.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import urllib.parse
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from cloudlet.server.context import Principal
from cloudlet.server.errors import ClientError, ValidationError
from cloudlet.server.internal import call
from cloudlet.services.sts.errors import (
    MalformedPolicyDocument,
    PackedPolicyTooLarge,
    not_authorized,
)

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

PACKED_LIMIT = 2048
STS_PRINCIPAL = "sts.amazonaws.com"


def derived_id(prefix: str, seed: str) -> str:
    """A stable unique id (``AROA``/``AIDA`` and 17 characters) for an entity IAM does not
    hold (a function's made-up role)."""
    digest = base64.b32encode(hashlib.sha256(seed.encode()).digest()).decode()
    return prefix + digest[:17]


def expiration(ctx: RequestContext, duration: int) -> tuple[float, datetime]:
    expires = ctx.state.clock.now() + duration
    return expires, datetime.fromtimestamp(int(expires), UTC)


def parse_role_arn(role_arn: str) -> tuple[str, str]:
    """The account and name of ``arn:aws:iam::ACCOUNT:role/PATH/NAME``; ValidationError if
    it is not a role ARN."""
    parts = role_arn.split(":", 5)
    if (len(parts) != 6 or parts[0] != "arn" or parts[2] != "iam"
            or not parts[5].startswith("role/") or not parts[4]):
        raise ValidationError(f"{role_arn} is invalid")
    return parts[4], parts[5].rsplit("/", 1)[-1]


async def find_role(ctx: RequestContext, account: str, name: str) -> dict[str, Any] | None:
    """IAM's role (GetRole, as STS itself), its trust policy parsed; None if absent."""
    try:
        out = await call(ctx.state, "iam", "GetRole", {"RoleName": name},
                         principal=Principal.service(account, STS_PRINCIPAL), account=account)
    except ClientError:
        return None
    role: dict[str, Any] = dict(out["Role"])
    text = urllib.parse.unquote(str(role.get("AssumeRolePolicyDocument") or "{}"))
    role["trust"] = json.loads(text)
    return role


def trust_allows(ctx: RequestContext, req: dict[str, Any], role: dict[str, Any],
                 principal: Principal, action: str, condition_keys: dict[str, Any],
                 session_tags: dict[str, str] | None = None) -> bool:
    """Whether the role's trust policy allows ``principal`` to take ``action``."""
    from cloudlet.policy.evaluate import AccessRequest, resource_policy_effect
    from cloudlet.policy.request_keys import RequestKeys

    keys = RequestKeys(principal, ctx.region, ctx.state.clock.now, req,
                       session_tags=session_tags,
                       extra={"condition_keys": condition_keys})
    request = AccessRequest(principal, action, role["Arn"], keys)
    return resource_policy_effect(role["trust"], request) == "Allow"


def require_trust(ctx: RequestContext, req: dict[str, Any], role: dict[str, Any],
                  principal: Principal, actions: list[str], condition_keys: dict[str, Any],
                  session_tags: dict[str, str] | None = None) -> None:
    """AccessDenied (AWS's text) for the first of ``actions`` the trust policy refuses."""
    for action in actions:
        if not trust_allows(ctx, req, role, principal, action, condition_keys, session_tags):
            raise not_authorized(principal.arn, action, role["Arn"])


async def session_policies(ctx: RequestContext, req: dict[str, Any]) -> tuple[list[dict[str, Any]], str]:
    """The session policy documents (``Policy`` then each of ``PolicyArns``) and the
    compact text of the inline one."""
    documents: list[dict[str, Any]] = []
    compact = ""
    if req.get("Policy"):
        try:
            inline = json.loads(req["Policy"])
        except ValueError:
            raise MalformedPolicyDocument("The policy is not in the valid JSON format.") from None
        if not isinstance(inline, dict) or "Statement" not in inline:
            raise MalformedPolicyDocument("Syntax errors in policy.")
        documents.append(inline)
        compact = json.dumps(inline, separators=(",", ":"))
    for ref in req.get("PolicyArns") or []:
        documents.append(await _managed_policy(ctx, str(ref.get("arn", ""))))
    return documents, compact


async def _managed_policy(ctx: RequestContext, arn: str) -> dict[str, Any]:
    """A managed policy's default version; one that does not exist grants nothing."""
    account = arn.split(":")[4] if arn.count(":") >= 5 else ctx.account
    principal = Principal.service(ctx.account if account == "aws" else account, STS_PRINCIPAL)
    try:
        policy = (await call(ctx.state, "iam", "GetPolicy", {"PolicyArn": arn},
                             principal=principal))["Policy"]
        version = (await call(ctx.state, "iam", "GetPolicyVersion",
                              {"PolicyArn": arn, "VersionId": policy["DefaultVersionId"]},
                              principal=principal))["PolicyVersion"]
    except ClientError:
        return {"Version": "2012-10-17", "Statement": []}
    document: dict[str, Any] = json.loads(urllib.parse.unquote(str(version["Document"])))
    return document


def session_tags(req: dict[str, Any], inherited: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The session's tags (inherited transitive ones, then the request's) and its
    transitive keys."""
    tags = dict(inherited)
    seen: set[str] = set()
    for tag in req.get("Tags") or []:
        lowered = tag["Key"].lower()
        if lowered in seen:
            raise ValidationError("Duplicate tag keys found. Please note that Tag keys"
                                        " are case insensitive.")
        seen.add(lowered)
        tags[tag["Key"]] = tag.get("Value", "")
    transitive = list(req.get("TransitiveTagKeys") or [])
    for key in transitive:
        if key.lower() not in seen:
            raise ValidationError("The specified transitive tag key must be included"
                                        " in the requested tags.")
    return tags, transitive + [k for k in inherited if k not in transitive]


def packed_size(policy_text: str, tags: dict[str, str]) -> int:
    """Percent of the allowed packed size (see LIMITATIONS); PackedPolicyTooLarge over 100."""
    used = len(policy_text) + sum(len(k) + len(v) for k, v in tags.items())
    percent = math.ceil(100 * used / PACKED_LIMIT)
    if percent > 100:
        raise PackedPolicyTooLarge(
            f"Packed policy consumes {percent}% of allotted space, please use smaller policy.")
    return percent


def credentials(ctx: RequestContext, principal: Principal, duration: int,
                extra: dict[str, Any]) -> dict[str, Any]:
    """Issue the session's key; the ``Credentials`` member of the answer."""
    expires, shown = expiration(ctx, duration)
    key = ctx.state.credentials.issue(principal, expires=expires, extra=extra,
                                      now=ctx.state.clock.now())
    return {"AccessKeyId": key.access_key, "SecretAccessKey": key.secret,
            "SessionToken": key.session_token, "Expiration": shown}


def caller_extra(ctx: RequestContext) -> dict[str, Any]:
    """What the caller's own key carries (a session's tags, its transitive keys)."""
    key = ctx.access_key
    found = ctx.state.credentials.find(key) if key else None
    return found.extra if found is not None else {}
