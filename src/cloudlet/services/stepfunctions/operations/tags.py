"""Tags of state machines and activities.

https://docs.aws.amazon.com/step-functions/latest/apireference/API_TagResource.html
(at most 50 tags, TooManyTags beyond; an unknown resource is ResourceNotFound)
"""

from __future__ import annotations

from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.tags import merged, without
from cloudlet.services.stepfunctions import arns, errors
from cloudlet.services.stepfunctions.machines import Store, store
from cloudlet.services.stepfunctions.operations.common import (
    check_tags,
    require,
    tag_list,
    tag_map,
)
from cloudlet.services.stepfunctions.registry import service


def _tags_of(db: Store, arn: str) -> dict[str, str]:
    parts = arns.parse(arn)
    if parts is None or parts.kind not in ("stateMachine", "activity"):
        raise errors.InvalidArn(f"Invalid Arn: 'Invalid ARN prefix: {arn}'")
    if parts.kind == "stateMachine" and parts.qualifier is None:
        machine = db.find(arn)
        if machine is not None:
            return machine.tags
    elif parts.kind == "activity":
        activity = db.activity(arn)
        if activity is not None:
            return activity.tags
    raise errors.resource_not_found(arn)


@service.operation("TagResource")
def tag_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    require(req, "resourceArn", "tags")
    db = store(ctx)
    arn = req["resourceArn"]
    tags = merged(_tags_of(db, arn), tag_map(req["tags"]))
    check_tags(arn, tags)
    db.set_tags(arn, tags)
    return {}


@service.operation("UntagResource")
def untag_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    require(req, "resourceArn", "tagKeys")
    db = store(ctx)
    arn = req["resourceArn"]
    db.set_tags(arn, without(_tags_of(db, arn), req["tagKeys"]))
    return {}


@service.operation("ListTagsForResource")
def list_tags_for_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    require(req, "resourceArn")
    return {"tags": tag_list(_tags_of(store(ctx), req["resourceArn"]))}
