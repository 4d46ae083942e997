"""Shared pieces of the HTTP API operations: finding documents, paging, updates, the clock.

https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html

Documents are stored as ``Get*`` answers them (``store.py``): members named as in botocore's
output shapes (PascalCase), timestamps as epoch seconds. Members whose names start with a
lower-case letter (a deployment's ``snapshot``) are private and never answered.

LIMITATIONS: NextToken is an opaque offset into the list, not stable across concurrent
inserts and deletes (AWS's are opaque too).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.server.paging import offset_page
from cloudlet.services.apigateway.errors import BadRequestException, NotFoundException
from cloudlet.services.apigateway.registry import store

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

Doc = dict[str, Any]

# kind -> (ResourceType, label in "Invalid {label} identifier specified").
_LABELS = {
    "route": ("Route", "Route"),
    "integration": ("Integration", "Integration"),
    "stage": ("Stage", "stage"),
    "deployment": ("Deployment", "Deployment"),
    "authorizer": ("Authorizer", "Authorizer"),
    "model": ("Model", "Model"),
    "routeresponse": ("RouteResponse", "RouteResponse"),
    "integrationresponse": ("IntegrationResponse", "IntegrationResponse"),
}


def now(ctx: RequestContext) -> float:
    return ctx.state.clock.now()


def public(doc: Doc) -> Doc:
    """The document as the API answers it (private members dropped)."""
    return {k: v for k, v in doc.items() if k[:1].isupper()}


def get_api(ctx: RequestContext, api_id: str) -> Doc:
    """The stored Api; NotFoundException (AWS's text) when ``api_id`` names none here."""
    found = store(ctx).get("api", api_id, api_id)
    if found is None:
        raise NotFoundException(
            f"Invalid API identifier specified {ctx.account}:{api_id}", "Api")
    return found


def get_child(ctx: RequestContext, kind: str, api_id: str, id: str) -> Doc:
    """A route, integration, stage, ... of an existing API; NotFoundException otherwise."""
    get_api(ctx, api_id)
    found = store(ctx).get(kind, api_id, id)
    if found is None:
        resource_type, label = _LABELS[kind]
        raise NotFoundException(f"Invalid {label} identifier specified {id}", resource_type)
    return found


def page(items: list[Doc], req: dict[str, Any]) -> dict[str, Any]:
    """``{"Items": ..., "NextToken": ...}`` for one page of ``items`` (MaxResults and
    NextToken are strings in the model)."""
    start = 0
    token = req.get("NextToken")
    if token:
        if not token.isdigit() or int(token) > len(items):
            raise BadRequestException("Invalid pagination token")
        start = int(token)
    size = len(items)
    if req.get("MaxResults"):
        raw = req["MaxResults"]
        if not str(raw).isdigit() or not 1 <= int(raw) <= 500:
            raise BadRequestException("MaxResults must be a number between 1 and 500")
        size = int(raw)
    chunk, after = offset_page(items, start, size)
    out: dict[str, Any] = {"Items": [public(d) for d in chunk]}
    if after is not None:
        out["NextToken"] = str(after)
    return out


def apply(doc: Doc, req: dict[str, Any], members: tuple[str, ...]) -> Doc:
    """``doc`` with every member of ``members`` that ``req`` gives replaced (PATCH)."""
    for name in members:
        if name in req:
            doc[name] = req[name]
    return doc
