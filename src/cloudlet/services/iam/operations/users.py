"""IAM users and their inline and attached policies (access keys: ``access_keys``;
groups: ``groups``).

https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html
https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUser.html
- DeleteUser refuses (DeleteConflict) while the user has access keys, is in a group, or
  has policies, with AWS's texts.

LIMITATIONS: login profiles, MFA, SSH keys, signing and server certificates are not
supported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.server.service import NoOutput
from cloudlet.services.iam.entities import load, merge_tags, now, shown
from cloudlet.services.iam.errors import DeleteConflict, already_exists
from cloudlet.services.iam.names import arn, check_path, key, page, unique_id
from cloudlet.services.iam.operations.attachments import Holder
from cloudlet.services.iam.operations.shared import (
    refuse_delete_with_policies,
    register_entity_operations,
)
from cloudlet.services.iam.registry import service, store

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

register_entity_operations(Holder("user", "UserName", "user"), "User")


@service.operation("CreateUser")
def create_user(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name, path = req["UserName"], check_path(req.get("Path"))
    doc: dict[str, Any] = {
        "Path": path, "UserName": name, "UserId": unique_id("user"),
        "Arn": arn(ctx.account, "user", path, name), "CreateDate": now(ctx),
        "Tags": merge_tags([], req.get("Tags") or []) or None,
        "inline": {}, "attached": [], "keys": [], "groups": [],
    }
    if not store(ctx).insert(ctx.account, "user", key(name), doc):
        raise already_exists("user", name)
    return {"User": shown(doc)}


@service.operation("GetUser")
def get_user(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    if not req.get("UserName") and ctx.caller.kind == "user":
        return {"User": shown(load(ctx, "user", ctx.caller.arn.rsplit("/", 1)[-1]))}
    if not req.get("UserName"):
        # The caller itself: for the account's root user, the account id as name and id.
        return {"User": shown({"Path": "/", "UserName": ctx.account, "UserId": ctx.account,
                               "Arn": ctx.caller.arn, "CreateDate": ctx.state.started_at})}
    return {"User": shown(load(ctx, "user", req["UserName"]))}


@service.operation("ListUsers")
def list_users(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    prefix = req.get("PathPrefix") or "/"
    found = [shown(d, drop=("Tags",)) for d in store(ctx).all(ctx.account, "user")
             if d["Path"].startswith(prefix)]
    return page(found, req, "Users")


@service.operation("DeleteUser")
def delete_user(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = load(ctx, "user", req["UserName"])
    if doc.get("keys"):
        raise DeleteConflict("Cannot delete entity, must delete access keys first.")
    if doc.get("groups"):
        raise DeleteConflict("Cannot delete entity, must remove user from all groups first.")
    refuse_delete_with_policies(doc)
    store(ctx).delete(ctx.account, "user", key(doc["UserName"]))
    return {}
