"""IAM groups: their users, and their inline and attached policies.

https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateGroup.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html
- A group's ARN is ``arn:aws:iam::ACCOUNT:group{Path}{GroupName}``; groups have no tags
  and cannot hold groups. A user belongs to at most 10 groups (LimitExceeded); adding a
  member again changes nothing.
- GetGroup answers the group and its users (paged with Marker/MaxItems).
- UpdateGroup renames or moves the group; its members and policies follow.
- DeleteGroup refuses (DeleteConflict) while the group has users ("must remove users from
  group first") or policies.
- A user's groups' policies apply to the user (``principal_policies``).

Membership is kept in each user's stored document (``groups``: the group names), so a
user's policies are one read per group.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.server.service import NoOutput
from cloudlet.services.iam.entities import load, now, save, shown
from cloudlet.services.iam.errors import DeleteConflict, LimitExceeded, NoSuchEntity, already_exists
from cloudlet.services.iam.names import arn, check_path, key, page, unique_id
from cloudlet.services.iam.operations.attachments import Holder
from cloudlet.services.iam.operations.shared import (
    refuse_delete_with_policies,
    register_entity_operations,
)
from cloudlet.services.iam.registry import service, store

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

register_entity_operations(Holder("group", "GroupName", "group"), "Group", tagged=False)

MAX_GROUPS_PER_USER = 10


def members(ctx: RequestContext, group_name: str) -> list[dict[str, Any]]:
    """The stored users in the group, by name."""
    wanted = key(group_name)
    return [u for u in store(ctx).all(ctx.account, "user")
            if any(key(g) == wanted for g in u.get("groups", []))]


@service.operation("CreateGroup")
def create_group(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name, path = req["GroupName"], check_path(req.get("Path"))
    doc: dict[str, Any] = {
        "Path": path, "GroupName": name, "GroupId": unique_id("group"),
        "Arn": arn(ctx.account, "group", path, name), "CreateDate": now(ctx),
        "inline": {}, "attached": [],
    }
    if not store(ctx).insert(ctx.account, "group", key(name), doc):
        raise already_exists("group", name)
    return {"Group": shown(doc)}


@service.operation("GetGroup")
def get_group(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = load(ctx, "group", req["GroupName"])
    users = [shown(u, drop=("Tags", "PermissionsBoundary")) for u in members(ctx, doc["GroupName"])]
    return {"Group": shown(doc), **page(users, req, "Users")}


@service.operation("ListGroups")
def list_groups(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    prefix = req.get("PathPrefix") or "/"
    found = [shown(d) for d in store(ctx).all(ctx.account, "group") if d["Path"].startswith(prefix)]
    return page(found, req, "Groups")


@service.operation("ListGroupsForUser")
def list_groups_for_user(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    user = load(ctx, "user", req["UserName"])
    found = [g for name in user.get("groups", [])
             if (g := store(ctx).get(ctx.account, "group", key(name))) is not None]
    return page([shown(g) for g in found], req, "Groups")


@service.operation("UpdateGroup")
def update_group(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = load(ctx, "group", req["GroupName"])
    old_name = doc["GroupName"]
    new_name = req.get("NewGroupName") or old_name
    path = check_path(req.get("NewPath") or doc["Path"])
    renamed = key(new_name) != key(old_name)
    if renamed and store(ctx).get(ctx.account, "group", key(new_name)) is not None:
        raise already_exists("group", new_name)
    users = members(ctx, old_name)
    doc.update(GroupName=new_name, Path=path, Arn=arn(ctx.account, "group", path, new_name))
    if renamed:
        store(ctx).delete(ctx.account, "group", key(old_name))
    save(ctx, "group", doc, "GroupName")
    for user in users:
        user["groups"] = [new_name if key(g) == key(old_name) else g for g in user["groups"]]
        save(ctx, "user", user, "UserName")
    return {}


@service.operation("DeleteGroup")
def delete_group(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = load(ctx, "group", req["GroupName"])
    if members(ctx, doc["GroupName"]):
        raise DeleteConflict("Cannot delete entity, must remove users from group first.")
    refuse_delete_with_policies(doc)
    store(ctx).delete(ctx.account, "group", key(doc["GroupName"]))
    return {}


@service.operation("AddUserToGroup")
def add_user_to_group(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    group = load(ctx, "group", req["GroupName"])
    user = load(ctx, "user", req["UserName"])
    groups: list[str] = user.setdefault("groups", [])
    if any(key(g) == key(group["GroupName"]) for g in groups):
        return {}
    if len(groups) >= MAX_GROUPS_PER_USER:
        raise LimitExceeded(f"Cannot exceed quota for GroupsPerUser: {MAX_GROUPS_PER_USER}")
    groups.append(group["GroupName"])
    save(ctx, "user", user, "UserName")
    return {}


@service.operation("RemoveUserFromGroup")
def remove_user_from_group(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    group = load(ctx, "group", req["GroupName"])
    user = load(ctx, "user", req["UserName"])
    kept = [g for g in user.get("groups", []) if key(g) != key(group["GroupName"])]
    if len(kept) == len(user.get("groups", [])):
        raise NoSuchEntity(f"The user with name {user['UserName']} cannot be found.")
    user["groups"] = kept
    save(ctx, "user", user, "UserName")
    return {}
