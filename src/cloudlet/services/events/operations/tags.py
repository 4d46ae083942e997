"""Tags on event buses and rules: TagResource, UntagResource, ListTagsForResource.

https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TagResource.html
- Tagging a key the resource has replaces its value; at most 50 tags per resource.
"""

from __future__ import annotations

from typing import Any

from cloudlet.server import tags as tag_maps
from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.events.errors import LimitExceededException
from cloudlet.services.events.members import Request
from cloudlet.services.events.registry import service, store_of

MAX_TAGS = 50


def tag_map(tags: list[dict[str, str]] | None) -> dict[str, str]:
    found = {t["Key"]: t["Value"] for t in tags or []}
    if len(found) > MAX_TAGS:
        raise LimitExceededException("The requested resource exceeds the maximum number allowed.")
    return found


@service.operation("TagResource")
def tag_resource(ctx: RequestContext, req: Request) -> NoOutput:
    store = store_of(ctx)
    merged = tag_maps.merged(store.tags(req["ResourceARN"]), tag_map(req["Tags"]))
    if len(merged) > MAX_TAGS:
        raise LimitExceededException("The requested resource exceeds the maximum number allowed.")
    store.set_tags(req["ResourceARN"], merged)
    return {}


@service.operation("UntagResource")
def untag_resource(ctx: RequestContext, req: Request) -> NoOutput:
    store = store_of(ctx)
    store.set_tags(req["ResourceARN"],
                   tag_maps.without(store.tags(req["ResourceARN"]), req["TagKeys"]))
    return {}


@service.operation("ListTagsForResource")
def list_tags_for_resource(ctx: RequestContext, req: Request) -> dict[str, Any]:
    tags = store_of(ctx).tags(req["ResourceARN"])
    return {"Tags": [{"Key": k, "Value": v} for k, v in sorted(tags.items())]}
