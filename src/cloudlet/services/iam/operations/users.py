"""IAM users, their access keys, and their inline and attached policies.

https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html
https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html
- A user may have at most 2 access keys (LimitExceeded); DeleteUser refuses while it has
  access keys or policies (DeleteConflict).

LIMITATIONS: keys made here are not yet accepted for signing with ``--auth on`` (cloudlet
issues those with ``cloudlet accounts create``); groups, login profiles, MFA and
certificates are not supported.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from cloudlet.server.service import NoOutput
from cloudlet.services.iam.entities import load, merge_tags, now, save, shown
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

register_entity_operations(Holder("user", "UserName", "user"), "User")

MAX_KEYS = 2


@service.operation("CreateUser")
def create_user(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name, path = req["UserName"], check_path(req.get("Path"))
    doc: dict[str, Any] = {
        "Path": path, "UserName": name, "UserId": unique_id("user"),
        "Arn": arn(ctx.account, "user", path, name), "CreateDate": now(ctx),
        "Tags": merge_tags([], req.get("Tags") or []) or None,
        "inline": {}, "attached": [], "keys": [],
    }
    if not store(ctx).insert(ctx.account, "user", key(name), doc):
        raise already_exists("user", name)
    return {"User": shown(doc)}


@service.operation("GetUser")
def get_user(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
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
    refuse_delete_with_policies(doc)
    store(ctx).delete(ctx.account, "user", key(doc["UserName"]))
    return {}


@service.operation("CreateAccessKey")
def create_access_key(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = load(ctx, "user", req["UserName"])
    if len(doc["keys"]) >= MAX_KEYS:
        raise LimitExceeded(f"Cannot exceed quota for AccessKeysPerUser: {MAX_KEYS}")
    made = {"UserName": doc["UserName"], "AccessKeyId": unique_id("access-key"),
            "Status": "Active", "CreateDate": now(ctx)}
    doc["keys"].append(made)
    save(ctx, "user", doc, "UserName")
    return {"AccessKey": {**shown(made), "SecretAccessKey": secrets.token_urlsafe(30)[:40]}}


@service.operation("ListAccessKeys")
def list_access_keys(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = load(ctx, "user", req["UserName"])
    return page([shown(k) for k in doc["keys"]], req, "AccessKeyMetadata")


@service.operation("DeleteAccessKey")
def delete_access_key(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = load(ctx, "user", req["UserName"])
    kept = [k for k in doc["keys"] if k["AccessKeyId"] != req["AccessKeyId"]]
    if len(kept) == len(doc["keys"]):
        raise NoSuchEntity(f"The Access Key with id {req['AccessKeyId']} cannot be found.")
    doc["keys"] = kept
    save(ctx, "user", doc, "UserName")
    return {}
