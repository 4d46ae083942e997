"""HTTP APIs: create (with quick create), read, list, update and delete.

https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop.html#http-api-examples

- CreateApi with ProtocolType HTTP answers the Api: ApiId, ApiEndpoint
  (``http://{id}.execute-api.localhost:{port}``), RouteSelectionExpression
  ``$request.method $request.path``, ApiKeySelectionExpression
  ``$request.header.x-api-key``, CreatedDate, DisableExecuteApiEndpoint false.
- Quick create (``Target``): a Lambda ARN makes an AWS_PROXY integration with
  PayloadFormatVersion 2.0, an ``http(s)://`` URL an HTTP_PROXY one (method ANY); a route
  ``RouteKey`` (``$default`` when not given) targets it; a ``$default`` stage with
  AutoDeploy serves it. These resources are ApiGatewayManaged. UpdateApi with Target or
  RouteKey changes them.
- CorsConfiguration is stored on the API (the data plane answers preflights from it);
  DeleteCorsConfiguration removes it. Changes redeploy stages with AutoDeploy.
- DeleteApi removes the API, everything under it and its API mappings; its id stops
  resolving at once.

LIMITATIONS: WebSocket APIs are not supported (BadRequestException ``not supported:
WebSocket APIs``); nor are CredentialsArn (quick create with a role) and
DisableSchemaValidation (WebSocket only). CorsConfiguration values are stored unchecked.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.apigateway.errors import BadRequestException, not_supported
from cloudlet.services.apigateway.http import integrations, routes
from cloudlet.services.apigateway.http.common import Doc, apply, get_api, now, page, public
from cloudlet.services.apigateway.http.deployments import auto_deploy
from cloudlet.services.apigateway.http.integrations import is_lambda_uri, make_integration
from cloudlet.services.apigateway.http.routes import check_route_key, make_route
from cloudlet.services.apigateway.http.stages import make_stage
from cloudlet.services.apigateway.registry import http_service, index, invoke_url, store

ROUTE_SELECTION = "$request.method $request.path"
API_KEY_SELECTION = "$request.header.x-api-key"
UPDATABLE = (
    "ApiKeySelectionExpression", "CorsConfiguration", "Description",
    "DisableExecuteApiEndpoint", "IpAddressType", "Name", "RouteSelectionExpression",
    "Version",
)


def check(doc: Doc) -> Doc:
    if doc.get("RouteSelectionExpression", ROUTE_SELECTION) != ROUTE_SELECTION:
        raise BadRequestException(
            f"Unsupported RouteSelectionExpression for HTTP APIs: "
            f"{doc['RouteSelectionExpression']} (only {ROUTE_SELECTION})")
    return doc


def target_integration(target: str) -> dict[str, Any]:
    """The integration a quick-create Target makes."""
    if is_lambda_uri(target):
        return {"IntegrationType": "AWS_PROXY", "IntegrationUri": target,
                "PayloadFormatVersion": "2.0"}
    if target.startswith(("http://", "https://")):
        return {"IntegrationType": "HTTP_PROXY", "IntegrationUri": target,
                "IntegrationMethod": "ANY", "PayloadFormatVersion": "1.0"}
    raise BadRequestException(
        f"Invalid Target {target}: a Lambda function ARN or an HTTP URL")


def new_api_doc(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """A checked Api document (not yet stored, no id)."""
    if req["ProtocolType"] == "WEBSOCKET":
        raise not_supported("WebSocket APIs")
    for member in ("CredentialsArn", "DisableSchemaValidation"):
        if req.get(member):
            raise not_supported(f"{member} on HTTP APIs")
    if req.get("RouteKey") and not req.get("Target"):
        raise BadRequestException("RouteKey can only be specified with Target (quick create)")
    doc: Doc = {
        "Name": req["Name"],
        "ProtocolType": "HTTP",
        "RouteSelectionExpression": ROUTE_SELECTION,
        "ApiKeySelectionExpression": API_KEY_SELECTION,
        "DisableExecuteApiEndpoint": False,
        "IpAddressType": "ipv4",
        "CreatedDate": now(ctx),
    }
    apply(doc, req, UPDATABLE)
    doc["Tags"] = dict(req.get("Tags") or {})
    return check(doc)


@contextmanager
def new_api(ctx: RequestContext, doc: Doc) -> Iterator[Doc]:
    """Give ``doc`` an id and endpoint and store it, in one transaction with what the caller
    adds inside the block; on any error nothing is stored and the id is released."""
    api_id = index(ctx.state).new_api_id("HTTP", ctx.account, ctx.region)
    doc = {"ApiId": api_id, "ApiEndpoint": invoke_url(ctx.state, api_id, "$default"), **doc}
    try:
        with store(ctx).write():
            yield store(ctx).put("api", api_id, api_id, doc)
    except BaseException:
        index(ctx.state).remove(api_id)
        raise


@http_service.operation("CreateApi")
def create_api(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    doc = new_api_doc(ctx, req)
    target = req.get("Target")
    integration = target_integration(target) if target else None
    route_key = req.get("RouteKey") or "$default"
    check_route_key(route_key)
    with new_api(ctx, doc) as doc:
        api_id = doc["ApiId"]
        if integration is not None:
            made = make_integration(ctx, api_id, integration, managed=True)
            make_route(ctx, api_id, {"RouteKey": route_key,
                                     "Target": f"integrations/{made['IntegrationId']}"},
                       managed=True)
            make_stage(ctx, api_id, {"StageName": "$default", "AutoDeploy": True},
                       managed=True)
    return public(doc)


@http_service.operation("GetApi")
def get_api_op(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    return public(get_api(ctx, req["ApiId"]))


@http_service.operation("GetApis")
def get_apis(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return page([doc for _, doc in store(ctx).list_all("api")], req)


def _update_managed(ctx: RequestContext, api_id: str, req: dict[str, Any]) -> None:
    """UpdateApi's Target / RouteKey: change the quick-created integration and route."""
    st = store(ctx)
    if req.get("Target"):
        managed = [i for i in st.list("integration", api_id) if i.get("ApiGatewayManaged")]
        if not managed:
            raise not_supported("Target on an API that was not quick created")
        integration = {**managed[0], **target_integration(req["Target"])}
        st.put("integration", api_id, integration["IntegrationId"],
               integrations.check(integration))
    if req.get("RouteKey"):
        managed_routes = [r for r in st.list("route", api_id) if r.get("ApiGatewayManaged")]
        if not managed_routes:
            raise not_supported("RouteKey on an API that was not quick created")
        route = {**managed_routes[0], "RouteKey": req["RouteKey"]}
        st.put("route", api_id, route["RouteId"], routes.check(ctx, api_id, route))


@http_service.operation("UpdateApi")
def update_api(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    api_id = req["ApiId"]
    doc = get_api(ctx, api_id)
    for member in ("CredentialsArn", "DisableSchemaValidation"):
        if req.get(member):
            raise not_supported(f"{member} on HTTP APIs")
    apply(doc, req, UPDATABLE)
    check(doc)
    st = store(ctx)
    with st.write():
        st.put("api", api_id, api_id, doc)
        _update_managed(ctx, api_id, req)
        auto_deploy(ctx, api_id)
    return public(doc)


@http_service.operation("DeleteApi")
def delete_api(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    api_id = req["ApiId"]
    get_api(ctx, api_id)
    st = store(ctx)
    with st.write():
        st.delete_api(api_id)
        for mapping in st.list("apimapping", ""):
            if mapping["ApiId"] == api_id:
                st.delete("apimapping", "", f"{mapping['domainName']}/{mapping['ApiMappingId']}")
    index(ctx.state).remove(api_id)
    return {}


@http_service.operation("DeleteCorsConfiguration")
def delete_cors_configuration(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    api_id = req["ApiId"]
    doc = get_api(ctx, api_id)
    doc.pop("CorsConfiguration", None)
    with store(ctx).write():
        store(ctx).put("api", api_id, api_id, doc)
        auto_deploy(ctx, api_id)
    return {}
