"""Managed policies and their versions, customer managed and AWS managed.

https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html
- A policy's ARN is ``arn:aws:iam::ACCOUNT:policy{Path}{PolicyName}``; its first version is
  ``v1`` and the default; versions are numbered on (``v2``, ``v3``, ...), never reused.
- At most 5 versions (LimitExceeded); the default version cannot be deleted; a policy
  that is attached or has other versions cannot be deleted (DeleteConflict).
- AWS managed policies (``arn:aws:iam::aws:policy/...``) answer GetPolicy and ListPolicies
  (``Scope=AWS``); they cannot be changed.

https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListEntitiesForPolicy.html
- ListEntitiesForPolicy answers the roles, users and groups the policy is attached to
  (``PermissionsPolicy``) or is the permissions boundary of (``PermissionsBoundary``).

LIMITATIONS: AWS managed policies' documents are known for the ones serverless apps use
(``aws_managed``); PolicyUsageFilter is ignored by ListPolicies.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from cloudlet.server.service import NoOutput
from cloudlet.services.iam import aws_managed
from cloudlet.services.iam.documents import checked, encoded
from cloudlet.services.iam.entities import merge_tags, now, save, shown, without_tags
from cloudlet.services.iam.errors import (
    DeleteConflict,
    InvalidInput,
    LimitExceeded,
    NoSuchEntity,
    already_exists,
    not_found,
)
from cloudlet.services.iam.names import arn, check_path, key, page, unique_id
from cloudlet.services.iam.operations.attachments import (
    attachment_count,
    customer_policy,
    policy_name,
)
from cloudlet.services.iam.registry import service, store

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

MAX_VERSIONS = 5


def _load(ctx: RequestContext, policy_arn: str) -> dict[str, Any]:
    found = customer_policy(ctx, policy_arn)
    if found is None:
        raise not_found("policy", policy_arn)
    return found


def _policy(ctx: RequestContext, doc: dict[str, Any], *, drop: tuple[str, ...] = ()
            ) -> dict[str, Any]:
    return {**shown(doc, drop=drop), "AttachmentCount": attachment_count(ctx, doc["Arn"])}


def _version(doc: dict[str, Any], version: dict[str, Any]) -> dict[str, Any]:
    return shown({**version, "IsDefaultVersion": version["VersionId"] == doc["DefaultVersionId"]})


def _find_version(doc: dict[str, Any], version_id: str) -> dict[str, Any]:
    for version in doc["versions"]:
        if version["VersionId"] == version_id:
            return dict(version)
    raise NoSuchEntity(f"Policy {doc['Arn']} version {version_id} does not exist or is not"
                       " attachable.")


@service.operation("CreatePolicy")
def create_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name, path, when = req["PolicyName"], check_path(req.get("Path")), now(ctx)
    doc: dict[str, Any] = {
        "PolicyName": name, "PolicyId": unique_id("policy"),
        "Arn": arn(ctx.account, "policy", path, name), "Path": path, "DefaultVersionId": "v1",
        "PermissionsBoundaryUsageCount": 0, "IsAttachable": True,
        "Description": req.get("Description"), "CreateDate": when, "UpdateDate": when,
        "Tags": merge_tags([], req.get("Tags") or []) or None,
        "versions": [{"VersionId": "v1", "Document": checked(req["PolicyDocument"]),
                      "CreateDate": when}],
        "next_version": 2,
    }
    if not store(ctx).insert(ctx.account, "policy", key(name), doc):
        raise already_exists("policy", name)
    return {"Policy": {**shown(doc, drop=("Description",)), "AttachmentCount": 0}}


@service.operation("GetPolicy")
def get_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    policy_arn = req["PolicyArn"]
    if aws_managed.is_aws_managed(policy_arn):
        described = aws_managed.describe(policy_arn)
        if described is None:
            raise not_found("policy", policy_arn)
        return {"Policy": {**described, "AttachmentCount": attachment_count(ctx, policy_arn)}}
    return {"Policy": _policy(ctx, _load(ctx, policy_arn))}


@service.operation("ListPolicies")
def list_policies(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, prefix = req.get("Scope") or "All", req.get("PathPrefix") or "/"
    listed: list[dict[str, Any]] = []
    if scope in ("All", "AWS"):
        arns = aws_managed.all_arns()
        listed += [{**d, "AttachmentCount": attachment_count(ctx, a)}
                   for a in arns if (d := aws_managed.describe(a)) is not None]
    if scope in ("All", "Local"):
        listed += [_policy(ctx, d, drop=("Tags", "Description"))
                   for d in store(ctx).all(ctx.account, "policy")]
    listed = [p for p in listed if p["Path"].startswith(prefix)
              and (not req.get("OnlyAttached") or p["AttachmentCount"])]
    return page(listed, req, "Policies")


@service.operation("DeletePolicy")
def delete_policy(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = _load(ctx, req["PolicyArn"])
    if attachment_count(ctx, doc["Arn"]):
        raise DeleteConflict("Cannot delete a policy attached to entities.")
    if len(doc["versions"]) > 1:
        raise DeleteConflict("This policy has more than one version. Before you delete a"
                             " policy, you must delete the policy's versions. The default"
                             " version is deleted with the policy.")
    store(ctx).delete(ctx.account, "policy", key(doc["PolicyName"]))
    return {}


@service.operation("CreatePolicyVersion")
def create_policy_version(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = _load(ctx, req["PolicyArn"])
    if len(doc["versions"]) >= MAX_VERSIONS:
        raise LimitExceeded("A managed policy can have up to 5 versions. Before you create a"
                            " new version, you must delete an existing version.")
    version = {"VersionId": f"v{doc['next_version']}",
               "Document": checked(req["PolicyDocument"]), "CreateDate": now(ctx)}
    doc["versions"].append(version)
    doc["next_version"] += 1
    if req.get("SetAsDefault"):
        doc["DefaultVersionId"] = version["VersionId"]
    doc["UpdateDate"] = version["CreateDate"]
    save(ctx, "policy", doc, "PolicyName")
    return {"PolicyVersion": _version(doc, {k: v for k, v in version.items()
                                            if k != "Document"})}


@service.operation("GetPolicyVersion")
def get_policy_version(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    policy_arn, version_id = req["PolicyArn"], req["VersionId"]
    if aws_managed.is_aws_managed(policy_arn):
        known = aws_managed.document(policy_arn)
        if aws_managed.describe(policy_arn) is None:
            raise not_found("policy", policy_arn)
        if known is None:
            raise InvalidInput(f"not supported: the document of AWS managed policy {policy_arn}")
        if known[0] != version_id:
            raise NoSuchEntity(f"Policy {policy_arn} version {version_id} does not exist or"
                               " is not attachable.")
        made = aws_managed.version_date(policy_arn)
        return {"PolicyVersion": {"VersionId": known[0], "Document": encoded(known[1]),
                                  "IsDefaultVersion": True,
                                  **({"CreateDate": datetime.fromisoformat(made)} if made else {})}}
    doc = _load(ctx, policy_arn)
    return {"PolicyVersion": _version(doc, _find_version(doc, version_id))}


@service.operation("ListPolicyVersions")
def list_policy_versions(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = _load(ctx, req["PolicyArn"])
    versions = [_version(doc, {k: v for k, v in version.items() if k != "Document"})
                for version in reversed(doc["versions"])]
    return page(versions, req, "Versions")


@service.operation("DeletePolicyVersion")
def delete_policy_version(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = _load(ctx, req["PolicyArn"])
    version = _find_version(doc, req["VersionId"])
    if version["VersionId"] == doc["DefaultVersionId"]:
        raise DeleteConflict("Cannot delete the default version of a policy.")
    doc["versions"] = [v for v in doc["versions"] if v["VersionId"] != version["VersionId"]]
    save(ctx, "policy", doc, "PolicyName")
    return {}


@service.operation("SetDefaultPolicyVersion")
def set_default_policy_version(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = _load(ctx, req["PolicyArn"])
    doc["DefaultVersionId"] = _find_version(doc, req["VersionId"])["VersionId"]
    doc["UpdateDate"] = now(ctx)
    save(ctx, "policy", doc, "PolicyName")
    return {}


@service.operation("TagPolicy")
def tag_policy(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = _load(ctx, req["PolicyArn"])
    doc["Tags"] = merge_tags(doc.get("Tags") or [], req["Tags"]) or None
    save(ctx, "policy", doc, "PolicyName")
    return {}


@service.operation("UntagPolicy")
def untag_policy(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = _load(ctx, req["PolicyArn"])
    doc["Tags"] = without_tags(doc.get("Tags") or [], req["TagKeys"]) or None
    save(ctx, "policy", doc, "PolicyName")
    return {}


@service.operation("ListPolicyTags")
def list_policy_tags(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return page(_load(ctx, req["PolicyArn"]).get("Tags") or [], req, "Tags")


_ENTITY = {"role": ("PolicyRoles", "Role"), "user": ("PolicyUsers", "User"),
           "group": ("PolicyGroups", "Group")}


@service.operation("ListEntitiesForPolicy")
def list_entities_for_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    policy_arn, prefix = req["PolicyArn"], req.get("PathPrefix") or "/"
    policy_name(ctx, policy_arn)
    usage, wanted = req.get("PolicyUsageFilter"), req.get("EntityFilter")
    entries: list[tuple[str, dict[str, str]]] = []
    for kind, (member, noun) in _ENTITY.items():
        if wanted and wanted != noun:
            continue
        for doc in store(ctx).all(ctx.account, kind):
            boundary = (doc.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
            uses = (usage != "PermissionsBoundary" and policy_arn in doc.get("attached", [])) \
                or (usage != "PermissionsPolicy" and boundary == policy_arn)
            if uses and doc["Path"].startswith(prefix):
                entries.append((member, {f"{noun}Name": doc[f"{noun}Name"],
                                         f"{noun}Id": doc[f"{noun}Id"]}))
    paged = page(entries, req, "entries")
    out: dict[str, Any] = {member: [] for member, _ in _ENTITY.values()}
    for member, item in paged.pop("entries"):
        out[member].append(item)
    return {**out, **paged}
