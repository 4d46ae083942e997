"""GetAccountAuthorizationDetails: every user, group, role and managed policy of the
account with their policies, in one paged answer.

https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
- ``Filter`` picks entity types (``User``, ``Role``, ``Group``, ``LocalManagedPolicy``,
  ``AWSManagedPolicy``); none means all.
- Users come with their inline policies, attached policies and group names; roles with
  their trust policy, instance profiles and inline and attached policies; groups with
  their inline and attached policies; managed policies with every version's document.
  Documents are URL-encoded, as IAM answers them.
- AWS managed policies are the ones attached to an entity of the account.
- ``MaxItems`` (default 100) counts entities across the four lists; ``Marker`` goes on.

LIMITATIONS: an AWS managed policy whose document cloudlet does not know
(``aws_managed``) is listed with its version but without ``Document``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.services.iam import aws_managed
from cloudlet.services.iam.entities import shown
from cloudlet.services.iam.names import key, page
from cloudlet.services.iam.operations.attachments import (
    HOLDER_KINDS,
    attachment_count,
    policy_name,
)
from cloudlet.services.iam.operations.profiles import profile_shape
from cloudlet.services.iam.registry import service, store

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

_ALL = ("User", "Group", "Role", "LocalManagedPolicy", "AWSManagedPolicy")
_LIST = {"User": "UserDetailList", "Group": "GroupDetailList", "Role": "RoleDetailList",
         "LocalManagedPolicy": "Policies", "AWSManagedPolicy": "Policies"}


def _inline(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [shown({"PolicyName": name, "PolicyDocument": text})
            for name, text in sorted(doc.get("inline", {}).items())]


def _attached(ctx: RequestContext, doc: dict[str, Any]) -> list[dict[str, str]]:
    return [{"PolicyName": policy_name(ctx, a), "PolicyArn": a} for a in doc.get("attached", [])]


def _user(ctx: RequestContext, doc: dict[str, Any]) -> dict[str, Any]:
    groups = [g["GroupName"] for name in doc.get("groups", [])
              if (g := store(ctx).get(ctx.account, "group", key(name))) is not None]
    return {**shown(doc), "UserPolicyList": _inline(doc), "GroupList": groups,
            "AttachedManagedPolicies": _attached(ctx, doc)}


def _group(ctx: RequestContext, doc: dict[str, Any]) -> dict[str, Any]:
    return {**shown(doc), "GroupPolicyList": _inline(doc),
            "AttachedManagedPolicies": _attached(ctx, doc)}


def _role(ctx: RequestContext, doc: dict[str, Any],
          profiles: list[dict[str, Any]]) -> dict[str, Any]:
    held = [profile_shape(ctx, p) for p in profiles
            if any(r["RoleName"] == doc["RoleName"] for r in p["Roles"])]
    return {**shown(doc), "InstanceProfileList": held, "RolePolicyList": _inline(doc),
            "AttachedManagedPolicies": _attached(ctx, doc), "RoleLastUsed": {}}


def _local_policy(ctx: RequestContext, doc: dict[str, Any]) -> dict[str, Any]:
    versions = [shown({**v, "IsDefaultVersion": v["VersionId"] == doc["DefaultVersionId"]})
                for v in reversed(doc["versions"])]
    return {**shown(doc, drop=("Tags",)), "AttachmentCount": attachment_count(ctx, doc["Arn"]),
            "PolicyVersionList": versions}


def _aws_policies(ctx: RequestContext) -> list[dict[str, Any]]:
    """The AWS managed policies attached to an entity of the account."""
    arns = {a for kind in HOLDER_KINDS for d in store(ctx).all(ctx.account, kind)
            for a in d.get("attached", []) if aws_managed.is_aws_managed(a)}
    out = []
    for policy_arn in sorted(arns):
        described = aws_managed.describe(policy_arn)
        if described is None:
            continue
        version: dict[str, Any] = {"VersionId": described["DefaultVersionId"],
                                   "IsDefaultVersion": True}
        known = aws_managed.document(policy_arn)
        if known is not None:
            version["Document"] = known[1]
        out.append({**described, "AttachmentCount": attachment_count(ctx, policy_arn),
                    "PolicyVersionList": [shown(version)]})
    return out


@service.operation("GetAccountAuthorizationDetails")
def get_account_authorization_details(ctx: RequestContext, req: dict[str, Any]
                                      ) -> dict[str, Any]:
    wanted = req.get("Filter") or list(_ALL)
    entries: list[tuple[str, dict[str, Any]]] = []
    if "User" in wanted:
        entries += [("User", _user(ctx, d)) for d in store(ctx).all(ctx.account, "user")]
    if "Group" in wanted:
        entries += [("Group", _group(ctx, d)) for d in store(ctx).all(ctx.account, "group")]
    if "Role" in wanted:
        profiles = store(ctx).all(ctx.account, "instance-profile")
        entries += [("Role", _role(ctx, d, profiles)) for d in store(ctx).all(ctx.account, "role")]
    if "LocalManagedPolicy" in wanted:
        entries += [("LocalManagedPolicy", _local_policy(ctx, d))
                    for d in store(ctx).all(ctx.account, "policy")]
    if "AWSManagedPolicy" in wanted:
        entries += [("AWSManagedPolicy", p) for p in _aws_policies(ctx)]
    paged = page(entries, req, "entries")
    out: dict[str, Any] = {member: [] for kind, member in _LIST.items() if kind in wanted}
    for kind, item in paged.pop("entries"):
        out[_LIST[kind]].append(item)
    return {**out, **paged}
