"""Gateway responses: what the gateway itself answers (missing key, throttled, ...), per
response type, customisable per REST API.

https://docs.aws.amazon.com/apigateway/latest/api/API_PutGatewayResponse.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
- GetGatewayResponses lists every type; one never customised is answered with
  ``defaultResponse: true`` and AWS's template ``{"message":$context.error.messageString}``.
- PutGatewayResponse stores a customisation (``defaultResponse: false``); DeleteGatewayResponse
  reverts the type to its default.
- The deployment snapshot carries only customised types (the data plane has the defaults).

LIMITATIONS: a default response's ``responseParameters`` is empty (AWS's are too, except
for WAF and authoriser types that add no headers in cloudlet either).
"""

from __future__ import annotations

from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.apigateway.errors import BadRequestException, NotFoundException
from cloudlet.services.apigateway.gateway.errors import DEFAULTS
from cloudlet.services.apigateway.registry import rest_service, store
from cloudlet.services.apigateway.rest import patch
from cloudlet.services.apigateway.rest.common import Doc, page, rest_api

TEMPLATE = '{"message":$context.error.messageString}'


def default(response_type: str) -> Doc:
    doc: Doc = {"responseType": response_type, "defaultResponse": True,
                "responseParameters": {},
                "responseTemplates": {"application/json": TEMPLATE}}
    if response_type not in ("DEFAULT_4XX", "DEFAULT_5XX") and response_type in DEFAULTS:
        doc["statusCode"] = str(DEFAULTS[response_type][0])
    return doc


def _current(ctx: RequestContext, api_id: str, response_type: str) -> Doc:
    return store(ctx).get("gatewayresponse", api_id, response_type) or default(response_type)


def _check_status(doc: Doc) -> None:
    status = doc.get("statusCode")
    if status is not None and not (len(str(status)) == 3 and str(status).isdigit()):
        raise BadRequestException("Invalid status code specified")


@rest_service.operation("PutGatewayResponse")
def put_gateway_response(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """Customise a response type (201)."""
    api_id = rest_api(ctx, req["restApiId"])["id"]
    doc: Doc = {"responseType": req["responseType"], "defaultResponse": False,
                "responseParameters": dict(req.get("responseParameters") or {}),
                "responseTemplates": dict(req.get("responseTemplates") or {})}
    if req.get("statusCode"):
        doc["statusCode"] = req["statusCode"]
    _check_status(doc)
    store(ctx).put("gatewayresponse", api_id, doc["responseType"], doc)
    return doc


@rest_service.operation("GetGatewayResponse")
def get_gateway_response(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    api_id = rest_api(ctx, req["restApiId"])["id"]
    return _current(ctx, api_id, req["responseType"])


@rest_service.operation("GetGatewayResponses")
def get_gateway_responses(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """Every response type, customised or default."""
    api_id = rest_api(ctx, req["restApiId"])["id"]
    types = rest_service.model.shape_for("GatewayResponseType").enum
    return page([_current(ctx, api_id, t) for t in types], req)


_RULES = patch.Rules(
    replace=("/statusCode", "/responseParameters/*", "/responseTemplates/*"),
    add=("/responseParameters/*", "/responseTemplates/*"),
    remove=("/responseParameters/*", "/responseTemplates/*", "/statusCode"),
)


@rest_service.operation("UpdateGatewayResponse")
def update_gateway_response(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """Patch a response type (a default one becomes customised)."""
    api_id = rest_api(ctx, req["restApiId"])["id"]
    doc = _current(ctx, api_id, req["responseType"])
    patch.apply(doc, req.get("patchOperations") or [], _RULES)
    doc["defaultResponse"] = False
    _check_status(doc)
    store(ctx).put("gatewayresponse", api_id, doc["responseType"], doc)
    return doc


@rest_service.operation("DeleteGatewayResponse")
def delete_gateway_response(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    """Revert a customised type to its default (202)."""
    api_id = rest_api(ctx, req["restApiId"])["id"]
    if not store(ctx).delete("gatewayresponse", api_id, req["responseType"]):
        raise NotFoundException("Invalid Gateway Response identifier specified")
    return {}
