"""HTTP API routes: which requests an API answers and where they go.

https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-routes.html

- RouteKey is ``$default`` or ``METHOD /path`` (METHOD: ANY, GET, POST, PUT, PATCH,
  DELETE, HEAD, OPTIONS); path segments may be ``{name}``, the last one ``{name+}``
  (greedy). A second route with the same key is a ConflictException (409).
- Target is ``integrations/{IntegrationId}`` of an integration of the same API.
- AuthorizationType NONE (default), AWS_IAM, JWT or CUSTOM; JWT and CUSTOM need the
  AuthorizerId of a JWT / REQUEST authorizer; AuthorizationScopes only with JWT.
- Every change redeploys the stages with AutoDeploy.

LIMITATIONS: ApiKeyRequired, RequestModels and ModelSelectionExpression are WebSocket-only
and refused. Error texts are cloudlet's, not confirmed against AWS.
"""

from __future__ import annotations

import re
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.apigateway.errors import (
    BadRequestException,
    ConflictException,
    NotFoundException,
    not_supported,
)
from cloudlet.services.apigateway.http.common import Doc, apply, get_api, get_child, page, public
from cloudlet.services.apigateway.http.deployments import auto_deploy
from cloudlet.services.apigateway.registry import http_service, store
from cloudlet.services.apigateway.store import new_id

MEMBERS = (
    "ApiKeyRequired", "AuthorizationScopes", "AuthorizationType", "AuthorizerId",
    "ModelSelectionExpression", "OperationName", "RequestModels", "RequestParameters",
    "RouteKey", "RouteResponseSelectionExpression", "Target",
)
_METHODS = ("ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
_SEGMENT = re.compile(r"^(\{[A-Za-z0-9._-]+\+?\}|[^{}\s]+)$")
_TARGET = re.compile(r"^integrations/([A-Za-z0-9]+)$")


def check_route_key(key: str) -> None:
    """BadRequestException unless ``key`` is ``$default`` or ``METHOD /path``."""
    if key == "$default":
        return
    method, _, path = key.partition(" ")
    bad = BadRequestException(f"Invalid route key: {key}")
    if method not in _METHODS or not path.startswith("/"):
        raise bad
    if path == "/":
        return
    segments = path[1:].split("/")
    for i, segment in enumerate(segments):
        if not _SEGMENT.match(segment):
            raise bad
        if segment.endswith("+}") and i != len(segments) - 1:
            raise bad


def check(ctx: RequestContext, api_id: str, doc: Doc) -> Doc:
    check_route_key(doc["RouteKey"])
    for member in ("RequestModels", "ModelSelectionExpression"):
        if doc.get(member):
            raise not_supported(f"{member} on HTTP API routes (WebSocket APIs only)")
    if doc.get("ApiKeyRequired"):
        raise not_supported("ApiKeyRequired on HTTP API routes (WebSocket APIs only)")
    doc.setdefault("ApiKeyRequired", False)
    kind = doc.setdefault("AuthorizationType", "NONE")
    authorizer_id = doc.get("AuthorizerId")
    if kind in ("JWT", "CUSTOM"):
        if not authorizer_id:
            raise BadRequestException(f"AuthorizerId is required for AuthorizationType {kind}")
        authorizer = store(ctx).get("authorizer", api_id, authorizer_id)
        if authorizer is None:
            raise NotFoundException(
                f"Invalid Authorizer identifier specified {authorizer_id}", "Authorizer")
        wanted = "JWT" if kind == "JWT" else "REQUEST"
        if authorizer["AuthorizerType"] != wanted:
            raise BadRequestException(
                f"AuthorizationType {kind} needs a {wanted} authorizer; "
                f"{authorizer_id} is {authorizer['AuthorizerType']}")
    elif authorizer_id:
        raise BadRequestException(
            f"AuthorizerId can only be set for AuthorizationType JWT or CUSTOM, not {kind}")
    if doc.get("AuthorizationScopes") and kind != "JWT":
        raise BadRequestException("AuthorizationScopes are only supported for JWT authorizers")
    target = doc.get("Target")
    if target:
        match = _TARGET.match(target)
        if match is None:
            raise BadRequestException(
                f"Invalid target {target}: expected integrations/{{IntegrationId}}")
        if store(ctx).get("integration", api_id, match[1]) is None:
            raise NotFoundException(
                f"Invalid Integration identifier specified {match[1]}", "Integration")
    for other in store(ctx).list("route", api_id):
        if other["RouteKey"] == doc["RouteKey"] and other["RouteId"] != doc["RouteId"]:
            raise ConflictException(f"Route with key {doc['RouteKey']} already exists for this API")
    return doc


def make_route(ctx: RequestContext, api_id: str, req: dict[str, Any], *,
               managed: bool = False) -> Doc:
    """Check and store a new route (no auto-deploy: the caller does it)."""
    doc: Doc = {"RouteId": new_id(7)}
    apply(doc, req, MEMBERS)
    if managed:
        doc["ApiGatewayManaged"] = True
    check(ctx, api_id, doc)
    return store(ctx).put("route", api_id, doc["RouteId"], doc)


@http_service.operation("CreateRoute")
def create_route(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    api_id = req["ApiId"]
    get_api(ctx, api_id)
    with store(ctx).write():
        doc = make_route(ctx, api_id, req)
        auto_deploy(ctx, api_id)
    return public(doc)


@http_service.operation("GetRoute")
def get_route(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    return public(get_child(ctx, "route", req["ApiId"], req["RouteId"]))


@http_service.operation("GetRoutes")
def get_routes(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    get_api(ctx, req["ApiId"])
    return page(store(ctx).list("route", req["ApiId"]), req)


@http_service.operation("UpdateRoute")
def update_route(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    api_id = req["ApiId"]
    doc = get_child(ctx, "route", api_id, req["RouteId"])
    apply(doc, req, MEMBERS)
    if req.get("AuthorizationType") in ("NONE", "AWS_IAM") and "AuthorizerId" not in req:
        doc.pop("AuthorizerId", None)
        doc.pop("AuthorizationScopes", None)
    check(ctx, api_id, doc)
    with store(ctx).write():
        store(ctx).put("route", api_id, doc["RouteId"], doc)
        auto_deploy(ctx, api_id)
    return public(doc)


@http_service.operation("DeleteRoute")
def delete_route(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    api_id = req["ApiId"]
    doc = get_child(ctx, "route", api_id, req["RouteId"])
    st = store(ctx)
    with st.write():
        st.delete("route", api_id, doc["RouteId"])
        for response in st.list("routeresponse", api_id):
            if response.get("routeId") == doc["RouteId"]:
                st.delete("routeresponse", api_id, response["RouteResponseId"])
        auto_deploy(ctx, api_id)
    return {}


@http_service.operation("DeleteRouteRequestParameter")
def delete_route_request_parameter(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    api_id = req["ApiId"]
    doc = get_child(ctx, "route", api_id, req["RouteId"])
    params = doc.get("RequestParameters") or {}
    if req["RequestParameterKey"] not in params:
        raise NotFoundException(
            f"Invalid request parameter key specified {req['RequestParameterKey']}")
    del params[req["RequestParameterKey"]]
    with store(ctx).write():
        store(ctx).put("route", api_id, doc["RouteId"], doc)
        auto_deploy(ctx, api_id)
    return {}
