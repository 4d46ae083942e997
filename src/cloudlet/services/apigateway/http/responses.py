"""Route responses and integration responses of HTTP APIs: stored, never served.

https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-routes-routeid-routeresponses.html
https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-integrations-integrationid-integrationresponses.html

AWS uses them for WebSocket APIs; an HTTP API's data plane ignores them, and so does
cloudlet's. Each is stored with the id of its route / integration as the private member
``routeId`` / ``integrationId``; deleting the route or integration deletes them.

LIMITATIONS: RouteResponseKey / IntegrationResponseKey are stored unchecked. Error texts
are cloudlet's.
"""

from __future__ import annotations

from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.apigateway.http.common import Doc, apply, get_child, page, public
from cloudlet.services.apigateway.http.errors import NotFoundException
from cloudlet.services.apigateway.registry import http_service, store
from cloudlet.services.apigateway.store import new_id

ROUTE_MEMBERS = ("ModelSelectionExpression", "ResponseModels", "ResponseParameters",
                 "RouteResponseKey")
INTEGRATION_MEMBERS = ("ContentHandlingStrategy", "IntegrationResponseKey",
                       "ResponseParameters", "ResponseTemplates", "TemplateSelectionExpression")


def _route_response(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    get_child(ctx, "route", req["ApiId"], req["RouteId"])
    found = store(ctx).get("routeresponse", req["ApiId"], req["RouteResponseId"])
    if found is None or found.get("routeId") != req["RouteId"]:
        raise NotFoundException(
            f"Invalid RouteResponse identifier specified {req['RouteResponseId']}",
            "RouteResponse")
    return found


def _integration_response(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    get_child(ctx, "integration", req["ApiId"], req["IntegrationId"])
    found = store(ctx).get("integrationresponse", req["ApiId"], req["IntegrationResponseId"])
    if found is None or found.get("integrationId") != req["IntegrationId"]:
        raise NotFoundException(
            f"Invalid IntegrationResponse identifier specified {req['IntegrationResponseId']}",
            "IntegrationResponse")
    return found


@http_service.operation("CreateRouteResponse")
def create_route_response(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    get_child(ctx, "route", req["ApiId"], req["RouteId"])
    doc: Doc = {"RouteResponseId": new_id(6), "routeId": req["RouteId"]}
    apply(doc, req, ROUTE_MEMBERS)
    store(ctx).put("routeresponse", req["ApiId"], doc["RouteResponseId"], doc)
    return public(doc)


@http_service.operation("GetRouteResponse")
def get_route_response(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    return public(_route_response(ctx, req))


@http_service.operation("GetRouteResponses")
def get_route_responses(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    get_child(ctx, "route", req["ApiId"], req["RouteId"])
    items = [d for d in store(ctx).list("routeresponse", req["ApiId"])
             if d.get("routeId") == req["RouteId"]]
    return page(items, req)


@http_service.operation("UpdateRouteResponse")
def update_route_response(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    doc = apply(_route_response(ctx, req), req, ROUTE_MEMBERS)
    store(ctx).put("routeresponse", req["ApiId"], doc["RouteResponseId"], doc)
    return public(doc)


@http_service.operation("DeleteRouteResponse")
def delete_route_response(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = _route_response(ctx, req)
    store(ctx).delete("routeresponse", req["ApiId"], doc["RouteResponseId"])
    return {}


@http_service.operation("CreateIntegrationResponse")
def create_integration_response(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    get_child(ctx, "integration", req["ApiId"], req["IntegrationId"])
    doc: Doc = {"IntegrationResponseId": new_id(6), "integrationId": req["IntegrationId"]}
    apply(doc, req, INTEGRATION_MEMBERS)
    store(ctx).put("integrationresponse", req["ApiId"], doc["IntegrationResponseId"], doc)
    return public(doc)


@http_service.operation("GetIntegrationResponse")
def get_integration_response(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    return public(_integration_response(ctx, req))


@http_service.operation("GetIntegrationResponses")
def get_integration_responses(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    get_child(ctx, "integration", req["ApiId"], req["IntegrationId"])
    items = [d for d in store(ctx).list("integrationresponse", req["ApiId"])
             if d.get("integrationId") == req["IntegrationId"]]
    return page(items, req)


@http_service.operation("UpdateIntegrationResponse")
def update_integration_response(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    doc = apply(_integration_response(ctx, req), req, INTEGRATION_MEMBERS)
    store(ctx).put("integrationresponse", req["ApiId"], doc["IntegrationResponseId"], doc)
    return public(doc)


@http_service.operation("DeleteIntegrationResponse")
def delete_integration_response(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = _integration_response(ctx, req)
    store(ctx).delete("integrationresponse", req["ApiId"], doc["IntegrationResponseId"])
    return {}
