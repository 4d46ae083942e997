"""Methods and method responses, nested in their resource as AWS nests them
(``resourceMethods[VERB]``, ``methodResponses[STATUS]``).

https://docs.aws.amazon.com/apigateway/latest/api/API_PutMethod.html
https://docs.aws.amazon.com/apigateway/latest/api/API_PutMethodResponse.html
- ``httpMethod`` is GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY.
- PutMethod on a verb the resource already has: ConflictException (409)
  ``Method already exists for this resource``.
- ``authorizationType`` CUSTOM or COGNITO_USER_POOLS needs an ``authorizerId`` of the API.
- ``apiKeyRequired`` defaults to false.
- Unknown verb: NotFoundException ``Invalid Method identifier specified``; unknown status
  code: ``Invalid Response status code specified``.
- PutMethodResponse replaces the status code's response.

LIMITATIONS: the texts for a bad verb and a missing authorizer are not documented.
"""

from __future__ import annotations

from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.apigateway.errors import (
    BadRequestException,
    ConflictException,
    invalid,
)
from cloudlet.services.apigateway.registry import rest_service, store
from cloudlet.services.apigateway.rest import patch
from cloudlet.services.apigateway.rest.common import (
    Doc,
    delete_response,
    put_response,
    response_of,
)
from cloudlet.services.apigateway.rest.resources import resource

VERBS = ("ANY", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")
AUTHORIZATION_TYPES = ("NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS")


def method_of(ctx: RequestContext, req: dict[str, Any]) -> tuple[Doc, Doc]:
    """``(resource, method)`` named by ``restApiId``/``resourceId``/``httpMethod``."""
    doc = resource(ctx, req["restApiId"], req["resourceId"])
    found = (doc.get("resourceMethods") or {}).get(req["httpMethod"].upper())
    if found is None:
        raise invalid("Method")
    return doc, found


def save(ctx: RequestContext, api_id: str, doc: Doc) -> None:
    store(ctx).put("resource", api_id, doc["id"], doc)


def _check_authorizer(ctx: RequestContext, api_id: str, method: Doc) -> None:
    kind = method.get("authorizationType")
    if kind not in AUTHORIZATION_TYPES:
        raise BadRequestException(f"Invalid authorization type specified: {kind}")
    if kind in ("CUSTOM", "COGNITO_USER_POOLS"):
        authorizer_id = method.get("authorizerId")
        if not authorizer_id or store(ctx).get("authorizer", api_id, authorizer_id) is None:
            raise BadRequestException(
                "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or"
                " COGNITO_USER_POOLS requires a valid authorizer."
            )
    validator = method.get("requestValidatorId")
    if validator and store(ctx).get("requestvalidator", api_id, validator) is None:
        raise BadRequestException("Invalid Request Validator identifier specified")


@rest_service.operation("PutMethod")
def put_method(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """Add a verb to a resource (201)."""
    api_id = req["restApiId"]
    doc = resource(ctx, api_id, req["resourceId"])
    verb = req["httpMethod"].upper()
    if verb not in VERBS:
        raise BadRequestException(
            f"Invalid HttpMethod specified. Valid options are {','.join(VERBS)}")
    methods = doc.setdefault("resourceMethods", {})
    if verb in methods:
        raise ConflictException("Method already exists for this resource")
    method: Doc = {"httpMethod": verb, "authorizationType": req["authorizationType"],
                   "apiKeyRequired": bool(req.get("apiKeyRequired", False))}
    for key in ("authorizerId", "operationName", "requestParameters", "requestModels",
                "requestValidatorId", "authorizationScopes"):
        if req.get(key) is not None:
            method[key] = req[key]
    _check_authorizer(ctx, api_id, method)
    methods[verb] = method
    save(ctx, api_id, doc)
    return method


@rest_service.operation("GetMethod")
def get_method(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """https://docs.aws.amazon.com/apigateway/latest/api/API_GetMethod.html"""
    return method_of(ctx, req)[1]


@rest_service.operation("DeleteMethod")
def delete_method(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    """Remove the verb with its integration and responses (204)."""
    doc, method = method_of(ctx, req)
    del doc["resourceMethods"][method["httpMethod"]]
    save(ctx, req["restApiId"], doc)
    return {}


# https://docs.aws.amazon.com/apigateway/latest/api/patch-operations.html#UpdateMethod-Patch
_METHOD_RULES = patch.Rules(
    replace=("/authorizationType", "/authorizerId", "/apiKeyRequired", "/operationName",
             "/requestValidatorId", "/requestParameters/*", "/requestModels/*"),
    add=("/requestParameters/*", "/requestModels/*", "/authorizationScopes/*"),
    remove=("/requestParameters/*", "/requestModels/*", "/authorizationScopes/*",
            "/authorizerId", "/requestValidatorId", "/operationName"),
    list_members=("authorizationScopes",),
    booleans=("apiKeyRequired",),
)


def _typed_parameters(method: Doc) -> None:
    params = method.get("requestParameters")
    if params:
        method["requestParameters"] = {
            k: v if isinstance(v, bool) else patch.to_bool(v) for k, v in params.items()}


@rest_service.operation("UpdateMethod")
def update_method(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """Patch a method: authorization, API key, request parameters (``true`` = required)
    and models.
    https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateMethod.html
    """
    doc, method = method_of(ctx, req)
    patch.apply(method, req.get("patchOperations") or [], _METHOD_RULES)
    _typed_parameters(method)
    _check_authorizer(ctx, req["restApiId"], method)
    if method.get("authorizationType") in ("NONE", "AWS_IAM"):
        method.pop("authorizerId", None)
    save(ctx, req["restApiId"], doc)
    return method


def _check_status(status: str) -> None:
    if not (len(status) == 3 and status.isdigit() and "1" <= status[0] <= "5"):
        raise BadRequestException("Invalid Response status code specified")


@rest_service.operation("PutMethodResponse")
def put_method_response(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """Declare a status code the method answers (201)."""
    doc, method = method_of(ctx, req)
    _check_status(req["statusCode"])
    response = put_response(method, "methodResponses", req,
                            ("responseParameters", "responseModels"))
    save(ctx, req["restApiId"], doc)
    return response


@rest_service.operation("GetMethodResponse")
def get_method_response(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """https://docs.aws.amazon.com/apigateway/latest/api/API_GetMethodResponse.html"""
    return response_of(method_of(ctx, req)[1], "methodResponses", req["statusCode"])


@rest_service.operation("DeleteMethodResponse")
def delete_method_response(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    """https://docs.aws.amazon.com/apigateway/latest/api/API_DeleteMethodResponse.html"""
    doc, method = method_of(ctx, req)
    delete_response(method, "methodResponses", req["statusCode"], drop_empty=False)
    save(ctx, req["restApiId"], doc)
    return {}


_RESPONSE_RULES = patch.Rules(
    replace=("/responseParameters/*", "/responseModels/*"),
    add=("/responseParameters/*", "/responseModels/*"),
    remove=("/responseParameters/*", "/responseModels/*"),
)


@rest_service.operation("UpdateMethodResponse")
def update_method_response(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """Patch ``/responseParameters/{header}`` (``true`` = required) and
    ``/responseModels/{type}``.
    https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateMethodResponse.html
    """
    doc, method = method_of(ctx, req)
    response = response_of(method, "methodResponses", req["statusCode"])
    patch.apply(response, req.get("patchOperations") or [], _RESPONSE_RULES)
    params = response.get("responseParameters")
    if params:
        response["responseParameters"] = {
            k: v if isinstance(v, bool) else patch.to_bool(v) for k, v in params.items()}
    save(ctx, req["restApiId"], doc)
    return response
