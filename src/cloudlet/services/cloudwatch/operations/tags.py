"""Tags on alarms: TagResource, UntagResource, ListTagsForResource.

https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_TagResource.html
- The resource is an alarm's ARN; an unknown one is ResourceNotFoundException (404);
  at most 50 tags (LimitExceededFault is not what AWS answers here: InvalidParameterValue).

LIMITATIONS: tags on dashboards, insight rules and metric streams (those resources are not
served).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.server.service import NoOutput
from cloudlet.server.tags import merged, without
from cloudlet.services.cloudwatch.errors import (
    InvalidParameterValueException,
    ResourceNotFoundException,
)
from cloudlet.services.cloudwatch.registry import service, store

if TYPE_CHECKING:
    from cloudlet.metrics.store import MetricStore
    from cloudlet.server.context import RequestContext

MAX_TAGS = 50


def _alarm(ctx: RequestContext, arn: str) -> MetricStore:
    metrics = store(ctx)
    parts = arn.split(":")
    if (len(parts) < 7 or parts[5] != "alarm" or parts[3] != ctx.region
            or parts[4] != ctx.account or metrics.alarm(":".join(parts[6:])) is None):
        raise ResourceNotFoundException(f"{arn} not found")
    return metrics


@service.operation("TagResource")
def tag_resource(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    metrics = _alarm(ctx, req["ResourceARN"])
    tags = merged(metrics.tags(req["ResourceARN"]), {t["Key"]: t["Value"] for t in req["Tags"]})
    if len(tags) > MAX_TAGS:
        raise InvalidParameterValueException(
            f"The collection Tags must not have a size greater than {MAX_TAGS}.")
    metrics.set_tags(req["ResourceARN"], tags)
    return {}


@service.operation("UntagResource")
def untag_resource(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    metrics = _alarm(ctx, req["ResourceARN"])
    metrics.set_tags(req["ResourceARN"], without(metrics.tags(req["ResourceARN"]),
                                                  req["TagKeys"]))
    return {}


@service.operation("ListTagsForResource")
def list_tags_for_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    metrics = _alarm(ctx, req["ResourceARN"])
    return {"Tags": [{"Key": k, "Value": v} for k, v in metrics.tags(req["ResourceARN"]).items()]}
