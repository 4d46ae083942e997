"""IAM roles: CreateRole ... DeleteRole, trust policies, tags, inline and attached policies.

https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
- The ARN is ``arn:aws:iam::ACCOUNT:role{Path}{RoleName}``; MaxSessionDuration defaults
  to 3600 seconds; the trust policy must name a Principal.
- DeleteRole refuses (DeleteConflict) while the role has inline policies, attached
  policies or is in an instance profile, with AWS's texts.
- ListRoles does not answer Tags, PermissionsBoundary or RoleLastUsed (GetRole does).

Tagging and the inline / attached policy operations are registered by ``shared`` (the
same for users).

LIMITATIONS: RoleLastUsed is never set; MaxSigninSessionDuration and service-linked roles
are not supported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.server.service import NoOutput
from cloudlet.services.iam.documents import checked
from cloudlet.services.iam.entities import load, merge_tags, now, save, shown
from cloudlet.services.iam.errors import DeleteConflict, already_exists
from cloudlet.services.iam.names import arn, check_path, key, page, unique_id
from cloudlet.services.iam.operations.attachments import Holder, policy_name
from cloudlet.services.iam.operations.shared import (
    refuse_delete_with_policies,
    register_entity_operations,
)
from cloudlet.services.iam.registry import service, store

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

register_entity_operations(Holder("role", "RoleName", "role"), "Role")

_LISTED_WITHOUT = ("Tags", "PermissionsBoundary", "RoleLastUsed")


def _role(doc: dict[str, Any]) -> dict[str, Any]:
    return shown(doc)


@service.operation("CreateRole")
def create_role(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name, path = req["RoleName"], check_path(req.get("Path"))
    doc: dict[str, Any] = {
        "Path": path, "RoleName": name, "RoleId": unique_id("role"),
        "Arn": arn(ctx.account, "role", path, name), "CreateDate": now(ctx),
        "AssumeRolePolicyDocument": checked(req["AssumeRolePolicyDocument"], trust=True),
        "Description": req.get("Description"),
        "MaxSessionDuration": req.get("MaxSessionDuration") or 3600,
        "Tags": merge_tags([], req.get("Tags") or []) or None,
        "inline": {}, "attached": [],
    }
    if req.get("PermissionsBoundary"):
        policy_name(ctx, req["PermissionsBoundary"])
        doc["PermissionsBoundary"] = {"PermissionsBoundaryType": "Policy",
                                      "PermissionsBoundaryArn": req["PermissionsBoundary"]}
    if not store(ctx).insert(ctx.account, "role", key(name), doc):
        raise already_exists("role", name)
    return {"Role": _role(doc)}


@service.operation("GetRole")
def get_role(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"Role": {**_role(load(ctx, "role", req["RoleName"])), "RoleLastUsed": {}}}


@service.operation("ListRoles")
def list_roles(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    prefix = req.get("PathPrefix") or "/"
    roles = [shown(d, drop=_LISTED_WITHOUT) for d in store(ctx).all(ctx.account, "role")
             if d["Path"].startswith(prefix)]
    return page(roles, req, "Roles")


@service.operation("UpdateRole")
def update_role(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = load(ctx, "role", req["RoleName"])
    if "Description" in req:
        doc["Description"] = req["Description"] or None
    if req.get("MaxSessionDuration"):
        doc["MaxSessionDuration"] = req["MaxSessionDuration"]
    save(ctx, "role", doc, "RoleName")
    return {}


@service.operation("UpdateRoleDescription")
def update_role_description(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = load(ctx, "role", req["RoleName"])
    doc["Description"] = req["Description"] or None
    save(ctx, "role", doc, "RoleName")
    return {"Role": _role(doc)}


@service.operation("UpdateAssumeRolePolicy")
def update_assume_role_policy(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = load(ctx, "role", req["RoleName"])
    doc["AssumeRolePolicyDocument"] = checked(req["PolicyDocument"], trust=True)
    save(ctx, "role", doc, "RoleName")
    return {}


@service.operation("PutRolePermissionsBoundary")
def put_role_permissions_boundary(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = load(ctx, "role", req["RoleName"])
    policy_name(ctx, req["PermissionsBoundary"])
    doc["PermissionsBoundary"] = {"PermissionsBoundaryType": "Policy",
                                  "PermissionsBoundaryArn": req["PermissionsBoundary"]}
    save(ctx, "role", doc, "RoleName")
    return {}


@service.operation("DeleteRolePermissionsBoundary")
def delete_role_permissions_boundary(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = load(ctx, "role", req["RoleName"])
    doc.pop("PermissionsBoundary", None)
    save(ctx, "role", doc, "RoleName")
    return {}


@service.operation("DeleteRole")
def delete_role(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = load(ctx, "role", req["RoleName"])
    refuse_delete_with_policies(doc)
    for profile in store(ctx).all(ctx.account, "instance-profile"):
        if any(r["RoleName"] == doc["RoleName"] for r in profile["Roles"]):
            raise DeleteConflict(
                "Cannot delete entity, must remove roles from instance profile first.")
    store(ctx).delete(ctx.account, "role", key(doc["RoleName"]))
    return {}


@service.operation("ListRoleTags")
def list_role_tags(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return page(load(ctx, "role", req["RoleName"]).get("Tags") or [], req, "Tags")
