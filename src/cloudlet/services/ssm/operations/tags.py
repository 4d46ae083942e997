"""Tags on parameters: AddTagsToResource, RemoveTagsFromResource, ListTagsForResource.

https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_AddTagsToResource.html
- ``ResourceType`` ``Parameter`` with the parameter's name as ``ResourceId``; at most 50
  tags (TooManyTagsError); a missing parameter is InvalidResourceId.

LIMITATIONS: other resource types (documents, maintenance windows, ...) are not supported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.server.errors import ValidationException, not_supported
from cloudlet.server.service import NoOutput
from cloudlet.services.ssm.errors import InvalidResourceId, TooManyTagsError
from cloudlet.services.ssm.registry import service, store

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

MAX_TAGS = 50


def checked_tags(current: dict[str, str], new: list[dict[str, str]]) -> dict[str, str]:
    """``current`` with ``new`` set over it; TooManyTagsError past 50."""
    merged = dict(current)
    for tag in new:
        if tag["Key"].lower().startswith("aws:"):
            raise ValidationException("Tag keys beginning with aws: are reserved.")
        merged[tag["Key"]] = tag["Value"]
    if len(merged) > MAX_TAGS:
        raise TooManyTagsError()
    return merged


def _parameter(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    if req["ResourceType"] != "Parameter":
        raise not_supported(f"tags on SSM resource type {req['ResourceType']}")
    found = store(ctx).get(req["ResourceId"])
    if found is None:
        raise InvalidResourceId()
    return found


@service.operation("AddTagsToResource")
def add_tags_to_resource(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    param = _parameter(ctx, req)
    param["Tags"] = checked_tags(param.get("Tags") or {}, req["Tags"])
    store(ctx).put(param["Name"], param)
    return {}


@service.operation("RemoveTagsFromResource")
def remove_tags_from_resource(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    param = _parameter(ctx, req)
    param["Tags"] = {k: v for k, v in (param.get("Tags") or {}).items()
                     if k not in req["TagKeys"]}
    store(ctx).put(param["Name"], param)
    return {}


@service.operation("ListTagsForResource")
def list_tags_for_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    tags = _parameter(ctx, req).get("Tags") or {}
    return {"TagList": [{"Key": k, "Value": v} for k, v in tags.items()]}
