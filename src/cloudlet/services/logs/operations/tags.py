"""Log group tags: TagResource/UntagResource/ListTagsForResource (by ARN) and the older
TagLogGroup/UntagLogGroup/ListTagsLogGroup (by name).

https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TagResource.html
"""

from __future__ import annotations

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.logs import service
from cloudlet.services.logs.backend import stores
from cloudlet.services.logs.errors import ResourceNotFoundException
from cloudlet.services.logs.names import group_from_arn
from cloudlet.services.logs.shapes import (
    ListTagsForResourceRequest,
    ListTagsForResourceResponse,
    ListTagsLogGroupRequest,
    ListTagsLogGroupResponse,
    TagLogGroupRequest,
    TagResourceRequest,
    UntagLogGroupRequest,
    UntagResourceRequest,
)

MAX_TAGS = 50


def _group_name(arn: str) -> str:
    try:
        return group_from_arn(arn)
    except ResourceNotFoundException:
        raise ResourceNotFoundException(f"The specified resource does not exist: {arn}") from None


def _tag(ctx: RequestContext, group: str, tags: dict[str, str]) -> None:
    store = stores.of(ctx)
    current = store.group(group)["tags"]
    current.update(tags)
    if len(current) > MAX_TAGS:
        from cloudlet.services.logs.errors import InvalidParameterException

        raise InvalidParameterException("A resource can have no more than 50 tags.")
    store.set_tags(group, current)


def _untag(ctx: RequestContext, group: str, keys: list[str]) -> None:
    store = stores.of(ctx)
    current = store.group(group)["tags"]
    for key in keys:
        current.pop(key, None)
    store.set_tags(group, current)


@service.operation("TagResource")
def tag_resource(ctx: RequestContext, req: TagResourceRequest) -> NoOutput:
    """Add or replace tags on a log group, named by ARN."""
    _tag(ctx, _group_name(req["resourceArn"]), req["tags"])
    return {}


@service.operation("UntagResource")
def untag_resource(ctx: RequestContext, req: UntagResourceRequest) -> NoOutput:
    """Remove tags from a log group, named by ARN."""
    _untag(ctx, _group_name(req["resourceArn"]), req["tagKeys"])
    return {}


@service.operation("ListTagsForResource")
def list_tags_for_resource(ctx: RequestContext,
                           req: ListTagsForResourceRequest) -> ListTagsForResourceResponse:
    """A log group's tags, named by ARN."""
    return {"tags": stores.of(ctx).group(_group_name(req["resourceArn"]))["tags"]}


@service.operation("TagLogGroup")
def tag_log_group(ctx: RequestContext, req: TagLogGroupRequest) -> NoOutput:
    """Deprecated by AWS in favour of TagResource; same effect."""
    _tag(ctx, req["logGroupName"], req["tags"])
    return {}


@service.operation("UntagLogGroup")
def untag_log_group(ctx: RequestContext, req: UntagLogGroupRequest) -> NoOutput:
    """Deprecated by AWS in favour of UntagResource; same effect."""
    _untag(ctx, req["logGroupName"], req["tags"])
    return {}


@service.operation("ListTagsLogGroup")
def list_tags_log_group(ctx: RequestContext,
                        req: ListTagsLogGroupRequest) -> ListTagsLogGroupResponse:
    """Deprecated by AWS in favour of ListTagsForResource; same answer."""
    return {"tags": stores.of(ctx).group(req["logGroupName"])["tags"]}
