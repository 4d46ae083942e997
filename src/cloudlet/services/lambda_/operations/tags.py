"""Function tags, by function ARN.

https://docs.aws.amazon.com/lambda/latest/api/API_TagResource.html
"""

from __future__ import annotations

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.lambda_ import service
from cloudlet.services.lambda_.arns import resolve
from cloudlet.services.lambda_.backend import backends
from cloudlet.services.lambda_.shapes import (
    ListTagsRequest,
    ListTagsResponse,
    TagResourceRequest,
    UntagResourceRequest,
)


def _name(ctx: RequestContext, resource: str) -> str:
    name, _ = resolve(resource, None, ctx.account, ctx.region)
    return name


@service.operation("TagResource")
def tag_resource(ctx: RequestContext, req: TagResourceRequest) -> NoOutput:
    """Add or replace tags on a function (204)."""
    backend = backends.of(ctx)
    name = _name(ctx, req["Resource"])
    backend.set_tags(name, {**backend.function(name).tags, **req["Tags"]})
    return {}


@service.operation("UntagResource")
def untag_resource(ctx: RequestContext, req: UntagResourceRequest) -> NoOutput:
    """Remove tags from a function (204)."""
    backend = backends.of(ctx)
    name = _name(ctx, req["Resource"])
    keys = set(req["TagKeys"])
    backend.set_tags(name, {k: v for k, v in backend.function(name).tags.items() if k not in keys})
    return {}


@service.operation("ListTags")
def list_tags(ctx: RequestContext, req: ListTagsRequest) -> ListTagsResponse:
    """A function's tags."""
    return {"Tags": backends.of(ctx).function(_name(ctx, req["Resource"])).tags}
