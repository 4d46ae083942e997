"""Tags on schedule groups: TagResource, UntagResource, ListTagsForResource.

https://docs.aws.amazon.com/scheduler/latest/APIReference/API_TagResource.html
- Only schedule groups are taggable; a group ARN that names no group is
  ResourceNotFoundException, any other ARN a ValidationException.
- Tagging with a key the group already has replaces its value.
"""

from __future__ import annotations

import re

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.server.tags import merged, without
from cloudlet.services.scheduler.errors import ValidationException
from cloudlet.services.scheduler.registry import service, store
from cloudlet.services.scheduler.shapes import (
    ListTagsForResourceInput,
    ListTagsForResourceOutput,
    TagResourceInput,
    UntagResourceInput,
)
from cloudlet.services.scheduler.store import Group
from cloudlet.services.scheduler.tagging import tag_list, tag_map

_GROUP_ARN = re.compile(r"arn:aws[a-z-]*:scheduler:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
                        r"schedule-group/(?P<name>[0-9a-zA-Z_.-]+)")


def _group(ctx: RequestContext, arn: str) -> Group:
    match = _GROUP_ARN.fullmatch(arn)
    if match is None:
        raise ValidationException(f"Invalid ResourceArn provided: {arn}")
    return store(ctx).group(match["account"], match["region"], match["name"])


@service.operation("TagResource")
def tag_resource(ctx: RequestContext, req: TagResourceInput) -> NoOutput:
    group = _group(ctx, req["ResourceArn"])
    store(ctx).set_tags(group, merged(group.tags, tag_map(req["Tags"])))
    return {}


@service.operation("UntagResource")
def untag_resource(ctx: RequestContext, req: UntagResourceInput) -> NoOutput:
    group = _group(ctx, req["ResourceArn"])
    store(ctx).set_tags(group, without(group.tags, req["TagKeys"]))
    return {}


@service.operation("ListTagsForResource")
def list_tags_for_resource(ctx: RequestContext,
                           req: ListTagsForResourceInput) -> ListTagsForResourceOutput:
    return {"Tags": tag_list(_group(ctx, req["ResourceArn"]).tags)}
