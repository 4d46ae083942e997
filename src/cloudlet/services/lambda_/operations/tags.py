"""Tags of functions and event source mappings, by ARN.

https://docs.aws.amazon.com/lambda/latest/api/API_TagResource.html
https://docs.aws.amazon.com/lambda/latest/dg/configuration-tags.html (50 tags a resource)
As AWS answers (recorded in LocalStack's test_lambda_api.snapshot.json, test_tag_exceptions,
test_tag_versions and test_tag_limits):
- a version, alias or ``$LATEST`` ARN: InvalidParameterValueException ``Tags on function
  aliases and versions are not supported. Please specify a function ARN.``;
- TagResource with no tag: InvalidParameterValueException ``An error occurred and the
  request cannot be processed.``;
- more than 50 tags in all (TagResource, CreateFunction): InvalidParameterValueException
  ``Number of tags exceeds resource tag limit.``
"""

from __future__ import annotations

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.lambda_ import service
from cloudlet.services.lambda_.arns import resolve
from cloudlet.services.lambda_.backend import backends
from cloudlet.services.lambda_.errors import InvalidParameterValueException
from cloudlet.services.lambda_.event_sources.operations import mapping_of_arn
from cloudlet.services.lambda_.event_sources.store import mappings
from cloudlet.services.lambda_.shapes import (
    ListTagsRequest,
    ListTagsResponse,
    TagResourceRequest,
    UntagResourceRequest,
)

MAX_TAGS = 50


def check_count(tags: dict[str, str]) -> None:
    if len(tags) > MAX_TAGS:
        raise InvalidParameterValueException("Number of tags exceeds resource tag limit.")


def _name(ctx: RequestContext, resource: str) -> str:
    name, qualifier = resolve(resource, None, ctx.account, ctx.region)
    if qualifier:
        raise InvalidParameterValueException(
            "Tags on function aliases and versions are not supported. Please specify a "
            "function ARN.")
    return name


class _Tagged:
    """The tags of what a Lambda ARN names: a function, or an event source mapping."""

    def __init__(self, ctx: RequestContext, resource: str) -> None:
        self.mapping = mapping_of_arn(ctx, resource)
        self.store = mappings(ctx.state)
        self.backend = backends.of(ctx)
        self.name = "" if self.mapping is not None else _name(ctx, resource)

    def get(self) -> dict[str, str]:
        if self.mapping is not None:
            return self.store.tags(self.mapping.uuid)
        return self.backend.function(self.name).tags

    def set(self, tags: dict[str, str]) -> None:
        if self.mapping is not None:
            self.store.set_tags(self.mapping.uuid, tags)
        else:
            self.backend.set_tags(self.name, tags)


@service.operation("TagResource")
def tag_resource(ctx: RequestContext, req: TagResourceRequest) -> NoOutput:
    """Add or replace tags on a function or an event source mapping (204)."""
    tagged = _Tagged(ctx, req["Resource"])
    current = tagged.get()
    if not req["Tags"]:
        raise InvalidParameterValueException("An error occurred and the request cannot be processed.")
    tags = {**current, **req["Tags"]}
    check_count(tags)
    tagged.set(tags)
    return {}


@service.operation("UntagResource")
def untag_resource(ctx: RequestContext, req: UntagResourceRequest) -> NoOutput:
    """Remove tags from a function or an event source mapping (204)."""
    tagged = _Tagged(ctx, req["Resource"])
    keys = set(req["TagKeys"])
    tagged.set({k: v for k, v in tagged.get().items() if k not in keys})
    return {}


@service.operation("ListTags")
def list_tags(ctx: RequestContext, req: ListTagsRequest) -> ListTagsResponse:
    """A function's or an event source mapping's tags."""
    return {"Tags": _Tagged(ctx, req["Resource"]).get()}
