"""Groups: Create/Get/List/Update/DeleteGroup and membership.

https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateGroup.html
A user's groups appear in its ID and access tokens as ``cognito:groups``. Precedence and
RoleArn are kept and answered back (no role is chosen for tokens: no identity pools).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from cloudlet.server.paging import offset_page
from cloudlet.services.cognito_idp import users
from cloudlet.services.cognito_idp.errors import GroupExistsException, ResourceNotFoundException
from cloudlet.services.cognito_idp.registry import pool, service, store

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext


def _view(doc: dict[str, Any]) -> dict[str, Any]:
    return {**doc, "CreationDate": datetime.fromtimestamp(doc["CreationDate"], UTC),
            "LastModifiedDate": datetime.fromtimestamp(doc["LastModifiedDate"], UTC)}


def _group(ctx: RequestContext, pool_id: str, name: str) -> dict[str, Any]:
    found = store(ctx).get("groups", pool_id, name)
    if found is None:
        raise ResourceNotFoundException("Group not found.")
    return found


def _page(req: dict[str, Any], items: list[Any], key: str, default: int = 60) -> dict[str, Any]:
    page, nxt = offset_page(items, int(req.get("NextToken") or 0),
                            int(req.get("Limit") or default))
    out: dict[str, Any] = {key: page}
    if nxt is not None:
        out["NextToken"] = str(nxt)
    return out


@service.operation("CreateGroup")
def create_group(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = pool(ctx, req["UserPoolId"])
    if store(ctx).get("groups", doc["Id"], req["GroupName"]) is not None:
        raise GroupExistsException(f"A group with the name {req['GroupName']} already exists.")
    now = ctx.state.clock.now()
    group = {**req, "CreationDate": now, "LastModifiedDate": now}
    store(ctx).put("groups", doc["Id"], req["GroupName"], group)
    return {"Group": _view(group)}


@service.operation("GetGroup")
def get_group(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    pool(ctx, req["UserPoolId"])
    return {"Group": _view(_group(ctx, req["UserPoolId"], req["GroupName"]))}


@service.operation("UpdateGroup")
def update_group(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    pool(ctx, req["UserPoolId"])
    group = {**_group(ctx, req["UserPoolId"], req["GroupName"]), **req,
             "LastModifiedDate": ctx.state.clock.now()}
    store(ctx).put("groups", req["UserPoolId"], req["GroupName"], group)
    return {"Group": _view(group)}


@service.operation("ListGroups")
def list_groups(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    pool(ctx, req["UserPoolId"])
    return _page(req, [_view(g) for g in store(ctx).all("groups", req["UserPoolId"])],
                 "Groups")


@service.operation("DeleteGroup")
def delete_group(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    pool(ctx, req["UserPoolId"])
    _group(ctx, req["UserPoolId"], req["GroupName"])
    store(ctx).delete("groups", req["UserPoolId"], req["GroupName"])
    return {}


@service.operation("AdminAddUserToGroup")
def admin_add_user_to_group(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = pool(ctx, req["UserPoolId"])
    user = users.get(ctx, doc, req["Username"])
    _group(ctx, doc["Id"], req["GroupName"])
    store(ctx).add_member(doc["Id"], req["GroupName"], user["Username"])
    return {}


@service.operation("AdminRemoveUserFromGroup")
def admin_remove_user_from_group(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = pool(ctx, req["UserPoolId"])
    user = users.get(ctx, doc, req["Username"])
    _group(ctx, doc["Id"], req["GroupName"])
    store(ctx).remove_member(doc["Id"], req["GroupName"], user["Username"])
    return {}


@service.operation("AdminListGroupsForUser")
def admin_list_groups_for_user(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = pool(ctx, req["UserPoolId"])
    user = users.get(ctx, doc, req["Username"])
    names = store(ctx).groups_of(doc["Id"], user["Username"])
    return _page(req, [_view(_group(ctx, doc["Id"], n)) for n in names], "Groups")


@service.operation("ListUsersInGroup")
def list_users_in_group(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = pool(ctx, req["UserPoolId"])
    _group(ctx, doc["Id"], req["GroupName"])
    found = [store(ctx).get("users", doc["Id"], n)
             for n in store(ctx).members_of(doc["Id"], req["GroupName"])]
    return _page(req, [users.user_view(u) for u in found if u is not None], "Users")
