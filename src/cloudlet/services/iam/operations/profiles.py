"""Instance profiles: a container for one role that EC2 hands its instances.

https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html
- An instance profile holds at most one role (LimitExceeded "Cannot exceed quota for
  InstanceSessionsPerInstanceProfile: 1"); its ``Roles`` are answered in full.
- DeleteInstanceProfile refuses while a role is in it (DeleteConflict).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.server.service import NoOutput
from cloudlet.services.iam.entities import load, merge_tags, now, save, shown
from cloudlet.services.iam.errors import DeleteConflict, LimitExceeded, NoSuchEntity, already_exists
from cloudlet.services.iam.names import arn, check_path, key, page, unique_id
from cloudlet.services.iam.registry import service, store

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

_KIND = "instance-profile"


def profile_shape(ctx: RequestContext, doc: dict[str, Any]) -> dict[str, Any]:
    """The profile with its roles as they are now (a role's shape, without tags)."""
    roles = []
    for name in doc["Roles"]:
        role = store(ctx).get(ctx.account, "role", key(name["RoleName"]))
        if role is not None:
            roles.append(shown(role, drop=("Tags", "PermissionsBoundary")))
    return {**shown(doc), "Roles": roles}


@service.operation("CreateInstanceProfile")
def create_instance_profile(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name, path = req["InstanceProfileName"], check_path(req.get("Path"))
    doc: dict[str, Any] = {
        "Path": path, "InstanceProfileName": name, "InstanceProfileId": unique_id(_KIND),
        "Arn": arn(ctx.account, "instance-profile", path, name), "CreateDate": now(ctx),
        "Roles": [], "Tags": merge_tags([], req.get("Tags") or []) or None,
    }
    if not store(ctx).insert(ctx.account, _KIND, key(name), doc):
        raise already_exists(_KIND, name)
    return {"InstanceProfile": profile_shape(ctx, doc)}


@service.operation("GetInstanceProfile")
def get_instance_profile(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"InstanceProfile": profile_shape(ctx, load(ctx, _KIND, req["InstanceProfileName"]))}


@service.operation("ListInstanceProfiles")
def list_instance_profiles(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    prefix = req.get("PathPrefix") or "/"
    found = [profile_shape(ctx, d) for d in store(ctx).all(ctx.account, _KIND)
             if d["Path"].startswith(prefix)]
    return page(found, req, "InstanceProfiles")


@service.operation("ListInstanceProfilesForRole")
def list_instance_profiles_for_role(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    role = load(ctx, "role", req["RoleName"])
    found = [profile_shape(ctx, d) for d in store(ctx).all(ctx.account, _KIND)
             if any(r["RoleName"] == role["RoleName"] for r in d["Roles"])]
    return page(found, req, "InstanceProfiles")


@service.operation("DeleteInstanceProfile")
def delete_instance_profile(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = load(ctx, _KIND, req["InstanceProfileName"])
    if doc["Roles"]:
        raise DeleteConflict("Cannot delete entity, must remove roles from instance profile"
                             " first.")
    store(ctx).delete(ctx.account, _KIND, key(doc["InstanceProfileName"]))
    return {}


@service.operation("AddRoleToInstanceProfile")
def add_role_to_instance_profile(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = load(ctx, _KIND, req["InstanceProfileName"])
    role = load(ctx, "role", req["RoleName"])
    if doc["Roles"]:
        raise LimitExceeded("Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1")
    doc["Roles"] = [{"RoleName": role["RoleName"]}]
    save(ctx, _KIND, doc, "InstanceProfileName")
    return {}


@service.operation("RemoveRoleFromInstanceProfile")
def remove_role_from_instance_profile(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = load(ctx, _KIND, req["InstanceProfileName"])
    role = load(ctx, "role", req["RoleName"])
    if not any(r["RoleName"] == role["RoleName"] for r in doc["Roles"]):
        raise NoSuchEntity(f"Role {role['RoleName']} in Instance Profile"
                           f" {doc['InstanceProfileName']} cannot be found.")
    doc["Roles"] = []
    save(ctx, _KIND, doc, "InstanceProfileName")
    return {}
