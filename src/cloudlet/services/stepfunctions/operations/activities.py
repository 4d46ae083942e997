"""Activities: named task queues that workers poll (GetActivityTask, in the engine's
operations) - create, describe, delete, list.

https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateActivity.html
- CreateActivity is idempotent: the same name answers the existing activity (with
  different tags it is ActivityAlreadyExists).
- DeleteActivity of an unknown activity succeeds.
"""

from __future__ import annotations

from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.services.stepfunctions import arns, errors
from cloudlet.services.stepfunctions.machines import Activity, get_activity, store
from cloudlet.services.stepfunctions.operations.common import (
    check_name,
    check_tags,
    page,
    require,
    tag_map,
    wall,
)
from cloudlet.services.stepfunctions.registry import service


@service.operation("CreateActivity")
def create_activity(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    require(req, "name")
    name = check_name(req["name"])
    arn = arns.activity_arn(ctx.region, ctx.account, name)
    tags = tag_map(req.get("tags"))
    check_tags(arn, tags)
    db = store(ctx)
    found = db.activity(arn)
    if found is not None:
        if req.get("tags") is not None and tags != found.tags:
            raise errors.ActivityAlreadyExists(f"Activity already exists: '{arn}'")
        return {"activityArn": arn, "creationDate": wall(found.created)}
    activity = Activity(arn, name, ctx.state.clock.now(), tags)
    db.insert_activity(ctx.account, ctx.region, activity)
    return {"activityArn": arn, "creationDate": wall(activity.created)}


@service.operation("DescribeActivity")
def describe_activity(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    require(req, "activityArn")
    found = get_activity(ctx.state, ctx.account, ctx.region, req["activityArn"])
    return {"activityArn": found.arn, "name": found.name, "creationDate": wall(found.created),
            "encryptionConfiguration": {"type": "AWS_OWNED_KEY"}}


@service.operation("DeleteActivity")
def delete_activity(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    require(req, "activityArn")
    arn = req["activityArn"]
    parts = arns.parse(arn)
    if parts is None or parts.kind != "activity":
        raise errors.InvalidArn(f"Invalid Arn: 'Invalid ARN prefix: {arn}'")
    store(ctx).delete_activity(arn)
    return {}


@service.operation("ListActivities")
def list_activities(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    found = sorted(store(ctx).activities(ctx.account, ctx.region), key=lambda a: a.name)
    items, token = page(found, req.get("nextToken"), req.get("maxResults"))
    out: dict[str, Any] = {"activities": [
        {"activityArn": a.arn, "name": a.name, "creationDate": wall(a.created)}
        for a in items]}
    if token:
        out["nextToken"] = token
    return out
