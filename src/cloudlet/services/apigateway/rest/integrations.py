"""Integrations and integration responses, nested in their method
(``methodIntegration``, ``methodIntegration.integrationResponses[STATUS]``).

https://docs.aws.amazon.com/apigateway/latest/api/API_PutIntegration.html
https://docs.aws.amazon.com/apigateway/latest/api/API_PutIntegrationResponse.html
- ``type`` is HTTP, HTTP_PROXY, AWS, AWS_PROXY or MOCK; all but MOCK need a ``uri`` and an
  ``integrationHttpMethod`` (BadRequestException ``Enumeration value for HttpMethod must
  be non-empty``).
- AWS's defaults: ``passthroughBehavior`` WHEN_NO_MATCH, ``timeoutInMillis`` 29000,
  ``cacheNamespace`` the resource id, ``cacheKeyParameters`` [].
- ``timeoutInMillis`` is between 50 and 29000.
- PutIntegration replaces the method's integration (and its responses).
- No integration: NotFoundException ``Invalid Integration identifier specified``; unknown
  status: ``Invalid Response status code specified``.

LIMITATIONS: the texts for a missing uri and a bad timeout are not documented;
``connectionType`` VPC_LINK is stored, not served.
"""

from __future__ import annotations

from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.apigateway.errors import BadRequestException, invalid
from cloudlet.services.apigateway.registry import rest_service
from cloudlet.services.apigateway.rest import patch
from cloudlet.services.apigateway.rest.common import (
    Doc,
    delete_response,
    put_response,
    response_of,
)
from cloudlet.services.apigateway.rest.methods import method_of, save

TYPES = ("HTTP", "HTTP_PROXY", "AWS", "AWS_PROXY", "MOCK")
PASSTHROUGH = ("WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER")

_COPIED = ("uri", "connectionType", "connectionId", "credentials", "requestParameters",
           "requestTemplates", "contentHandling", "tlsConfig", "responseTransferMode",
           "integrationTarget")


def integration_of(ctx: RequestContext, req: dict[str, Any]) -> tuple[Doc, Doc]:
    """``(resource, integration)``; NotFoundException when the method has none."""
    doc, method = method_of(ctx, req)
    found = method.get("methodIntegration")
    if found is None:
        raise invalid("Integration")
    return doc, found


def check(integration: Doc) -> None:
    kind = integration.get("type")
    if kind not in TYPES:
        raise BadRequestException(f"Invalid integration type specified: {kind}")
    if kind != "MOCK":
        if not integration.get("httpMethod"):
            raise BadRequestException("Enumeration value for HttpMethod must be non-empty")
        if not integration.get("uri"):
            raise BadRequestException("Invalid integration URI specified")
    timeout = integration.get("timeoutInMillis", 29000)
    if not 50 <= int(timeout) <= 29000:
        raise BadRequestException("Timeout should be between 50 ms and 29000 ms")
    if integration.get("passthroughBehavior") not in PASSTHROUGH:
        raise BadRequestException(
            f"Invalid passthrough behavior specified: {integration.get('passthroughBehavior')}")


@rest_service.operation("PutIntegration")
def put_integration(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """Set up the method's integration (201)."""
    doc, method = method_of(ctx, req)
    integration: Doc = {"type": req["type"]}
    verb = req.get("integrationHttpMethod")
    if verb:
        integration["httpMethod"] = verb.upper()
    integration.update({k: req[k] for k in _COPIED if req.get(k) is not None})
    integration["passthroughBehavior"] = req.get("passthroughBehavior") or "WHEN_NO_MATCH"
    integration["timeoutInMillis"] = int(req.get("timeoutInMillis") or 29000)
    integration["cacheNamespace"] = req.get("cacheNamespace") or doc["id"]
    integration["cacheKeyParameters"] = list(req.get("cacheKeyParameters") or [])
    check(integration)
    method["methodIntegration"] = integration
    save(ctx, req["restApiId"], doc)
    return integration


@rest_service.operation("GetIntegration")
def get_integration(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """https://docs.aws.amazon.com/apigateway/latest/api/API_GetIntegration.html"""
    return integration_of(ctx, req)[1]


@rest_service.operation("DeleteIntegration")
def delete_integration(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    """https://docs.aws.amazon.com/apigateway/latest/api/API_DeleteIntegration.html"""
    doc, _ = integration_of(ctx, req)
    del doc["resourceMethods"][req["httpMethod"].upper()]["methodIntegration"]
    save(ctx, req["restApiId"], doc)
    return {}


# https://docs.aws.amazon.com/apigateway/latest/api/patch-operations.html#UpdateIntegration-Patch
_RULES = patch.Rules(
    replace=("/uri", "/httpMethod", "/type", "/credentials", "/passthroughBehavior",
             "/timeoutInMillis", "/contentHandling", "/connectionType", "/connectionId",
             "/cacheNamespace", "/requestParameters/*", "/requestTemplates/*",
             "/tlsConfig/insecureSkipVerification", "/responseTransferMode"),
    add=("/requestParameters/*", "/requestTemplates/*", "/cacheKeyParameters/*"),
    remove=("/requestParameters/*", "/requestTemplates/*", "/cacheKeyParameters/*",
            "/credentials", "/contentHandling"),
    list_members=("cacheKeyParameters",),
    integers=("timeoutInMillis",),
    booleans=("insecureSkipVerification",),
)


@rest_service.operation("UpdateIntegration")
def update_integration(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """Patch the integration (uri, method, timeout, templates, parameters, ...).
    https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateIntegration.html
    """
    doc, integration = integration_of(ctx, req)
    patch.apply(integration, req.get("patchOperations") or [], _RULES)
    integration.setdefault("cacheKeyParameters", [])
    check(integration)
    save(ctx, req["restApiId"], doc)
    return integration


@rest_service.operation("PutIntegrationResponse")
def put_integration_response(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """Map integration results (by ``selectionPattern``) to a method status code (201)."""
    doc, integration = integration_of(ctx, req)
    status = req["statusCode"]
    if not (len(status) == 3 and status.isdigit()):
        raise BadRequestException("Invalid Response status code specified")
    response = put_response(integration, "integrationResponses", req, (
        "selectionPattern", "responseParameters", "responseTemplates", "contentHandling"))
    save(ctx, req["restApiId"], doc)
    return response


@rest_service.operation("GetIntegrationResponse")
def get_integration_response(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """https://docs.aws.amazon.com/apigateway/latest/api/API_GetIntegrationResponse.html"""
    return response_of(integration_of(ctx, req)[1], "integrationResponses", req["statusCode"])


@rest_service.operation("DeleteIntegrationResponse")
def delete_integration_response(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    """https://docs.aws.amazon.com/apigateway/latest/api/API_DeleteIntegrationResponse.html"""
    doc, integration = integration_of(ctx, req)
    delete_response(integration, "integrationResponses", req["statusCode"], drop_empty=True)
    save(ctx, req["restApiId"], doc)
    return {}


_RESPONSE_RULES = patch.Rules(
    replace=("/selectionPattern", "/contentHandling", "/responseParameters/*",
             "/responseTemplates/*"),
    add=("/responseParameters/*", "/responseTemplates/*"),
    remove=("/responseParameters/*", "/responseTemplates/*", "/selectionPattern",
            "/contentHandling"),
)


@rest_service.operation("UpdateIntegrationResponse")
def update_integration_response(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """Patch the selection pattern, header mappings and templates.
    https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateIntegrationResponse.html
    """
    doc, integration = integration_of(ctx, req)
    response = response_of(integration, "integrationResponses", req["statusCode"])
    patch.apply(response, req.get("patchOperations") or [], _RESPONSE_RULES)
    save(ctx, req["restApiId"], doc)
    return response
