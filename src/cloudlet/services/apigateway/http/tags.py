"""Tags on HTTP API resources: TagResource, UntagResource, GetTags.

https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/tags-resource-arn.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-tagging.html

- Resource ARNs: ``arn:aws:apigateway:{region}::/apis/{id}``,
  ``arn:aws:apigateway:{region}::/apis/{id}/stages/{name}`` and
  ``arn:aws:apigateway:{region}::/domainnames/{name}``. The tags live in the resource's
  document (its ``Tags`` member, as GetApi / GetStage / GetDomainName answer).
- TagResource adds or replaces tags (at most 50 per resource, keys not starting with
  ``aws:``); UntagResource removes keys; an unknown resource is a NotFoundException.

LIMITATIONS: VPC link ARNs (VPC links are not supported). Error texts are cloudlet's.
"""

from __future__ import annotations

import re
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.server.tags import merged, without
from cloudlet.services.apigateway.errors import BadRequestException, NotFoundException
from cloudlet.services.apigateway.http.common import get_api, get_child
from cloudlet.services.apigateway.registry import http_service, store

MAX_TAGS = 50
_ARN = re.compile(r"^arn:aws[a-z-]*:apigateway:(?P<region>[a-z0-9-]+)::(?P<path>/.+)$")
_API = re.compile(r"^/apis/(?P<api>[^/]+)$")
_STAGE = re.compile(r"^/apis/(?P<api>[^/]+)/stages/(?P<stage>[^/]+)$")
_DOMAIN = re.compile(r"^/domainnames/(?P<domain>[^/]+)$")


def _resource(ctx: RequestContext, arn: str) -> tuple[str, str, str, dict[str, Any]]:
    """``(kind, api, id, doc)`` of the tagged resource ``arn`` names."""
    found = _ARN.match(arn)
    if found is None or found["region"] != ctx.region:
        raise NotFoundException(f"Invalid resource ARN specified {arn}")
    path = found["path"]
    if (m := _API.match(path)) is not None:
        return "api", m["api"], m["api"], get_api(ctx, m["api"])
    if (m := _STAGE.match(path)) is not None:
        return "stage", m["api"], m["stage"], get_child(ctx, "stage", m["api"], m["stage"])
    if (m := _DOMAIN.match(path)) is not None:
        doc = store(ctx).get("v2domainname", "", m["domain"])
        if doc is None:
            raise NotFoundException(
                f"Invalid domain name identifier specified {m['domain']}", "DomainName")
        return "v2domainname", "", m["domain"], doc
    raise NotFoundException(f"Invalid resource ARN specified {arn}")


@http_service.operation("TagResource")
def tag_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    kind, api, id, doc = _resource(ctx, req["ResourceArn"])
    tags = merged(doc.get("Tags"), req.get("Tags"))
    if any(key.lower().startswith("aws:") for key in req.get("Tags") or {}):
        raise BadRequestException("Tag keys starting with aws: are reserved")
    if len(tags) > MAX_TAGS:
        raise BadRequestException(f"A resource can have at most {MAX_TAGS} tags")
    doc["Tags"] = tags
    store(ctx).put(kind, api, id, doc)
    return {}


@http_service.operation("UntagResource")
def untag_resource(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    kind, api, id, doc = _resource(ctx, req["ResourceArn"])
    doc["Tags"] = without(doc.get("Tags"), req["TagKeys"])
    store(ctx).put(kind, api, id, doc)
    return {}


@http_service.operation("GetTags")
def get_tags(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"Tags": _resource(ctx, req["ResourceArn"])[3].get("Tags") or {}}
