"""Tags on API Gateway resources, kept in each resource's document (``tags``).

https://docs.aws.amazon.com/apigateway/latest/api/API_TagResource.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-tagging-supported-resources.html
- ARNs: ``arn:aws:apigateway:{region}::/restapis/{id}``,
  ``.../restapis/{id}/stages/{stage}``, ``/apikeys/{id}``, ``/usageplans/{id}``,
  ``/domainnames/{name}``.
- TagResource (204) adds or overwrites keys; UntagResource (204) removes ``tagKeys``;
  GetTags answers ``{"tags": {...}}``.
- An ARN of another region or of nothing: NotFoundException ``Invalid resource identifier
  specified``; another form: BadRequestException.

LIMITATIONS: client certificates and VPC links are not taggable (no such resources);
AWS's tag limits (50 tags, key lengths) are not checked.
"""

from __future__ import annotations

import re
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.server.tags import merged, without
from cloudlet.services.apigateway.errors import BadRequestException, NotFoundException
from cloudlet.services.apigateway.registry import rest_service, store
from cloudlet.services.apigateway.rest.common import Doc

_ARN = re.compile(r"^arn:aws:apigateway:(?P<region>[^:]+)::/(?P<path>.+)$")


def _target(ctx: RequestContext, arn: str) -> tuple[str, str, str]:
    """``(kind, api, id)`` of the document ``arn`` names."""
    found = _ARN.match(arn)
    if found is None:
        raise BadRequestException(f"Invalid ARN specified in the request: {arn}")
    if found["region"] != ctx.region:
        raise NotFoundException("Invalid resource identifier specified")
    parts = found["path"].split("/")
    if len(parts) == 2 and parts[0] == "restapis":
        return "restapi", parts[1], parts[1]
    if len(parts) == 4 and parts[0] == "restapis" and parts[2] == "stages":
        return "stage", parts[1], parts[3]
    kinds = {"apikeys": "apikey", "usageplans": "usageplan", "domainnames": "domainname"}
    if len(parts) == 2 and parts[0] in kinds:
        return kinds[parts[0]], "", parts[1]
    raise BadRequestException(f"Invalid ARN specified in the request: {arn}")


def _load(ctx: RequestContext, arn: str) -> tuple[tuple[str, str, str], Doc]:
    key = _target(ctx, arn)
    doc = store(ctx).get(*key)
    if doc is None:
        raise NotFoundException("Invalid resource identifier specified")
    return key, doc


@rest_service.operation("TagResource")
def tag_resource(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    (kind, api, ident), doc = _load(ctx, req["resourceArn"])
    doc["tags"] = merged(doc.get("tags"), req["tags"])
    store(ctx).put(kind, api, ident, doc)
    return {}


@rest_service.operation("UntagResource")
def untag_resource(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    (kind, api, ident), doc = _load(ctx, req["resourceArn"])
    tags = without(doc.get("tags"), req["tagKeys"])
    if tags:
        doc["tags"] = tags
    else:
        doc.pop("tags", None)
    store(ctx).put(kind, api, ident, doc)
    return {}


@rest_service.operation("GetTags")
def get_tags(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _, doc = _load(ctx, req["resourceArn"])
    return {"tags": dict(doc.get("tags") or {})}
