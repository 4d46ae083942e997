"""Authorizers of a REST API: Lambda (TOKEN, REQUEST) and Cognito user pools.

https://docs.aws.amazon.com/apigateway/latest/api/API_CreateAuthorizer.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
- TOKEN and REQUEST authorizers need ``authorizerUri`` (the Lambda invocation URI);
  COGNITO_USER_POOLS needs ``providerARNs``.
- A TOKEN authorizer's ``identitySource`` defaults to ``method.request.header.Authorization``.
- ``authorizerResultTtlInSeconds`` defaults to 300, at most 3600.
- Unknown id: NotFoundException ``Invalid Authorizer identifier specified``.

LIMITATIONS: the texts for a missing uri or provider are not confirmed; deleting an
authorizer that methods use is allowed (AWS refuses it).
"""

from __future__ import annotations

from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.apigateway.errors import BadRequestException
from cloudlet.services.apigateway.registry import rest_service, store
from cloudlet.services.apigateway.rest import patch
from cloudlet.services.apigateway.rest.common import Doc, get_doc, page_of, public, rest_api
from cloudlet.services.apigateway.store import new_id

_COPIED = ("providerARNs", "authType", "authorizerUri", "authorizerCredentials",
           "identitySource", "identityValidationExpression")


def authorizer(ctx: RequestContext, api_id: str, authorizer_id: str) -> Doc:
    return get_doc(ctx, "authorizer", api_id, authorizer_id, "Authorizer")


def _check(doc: Doc) -> None:
    kind = doc["type"]
    if kind in ("TOKEN", "REQUEST") and not doc.get("authorizerUri"):
        raise BadRequestException(f"Authorizer URI is required for {kind} authorizers")
    if kind == "COGNITO_USER_POOLS" and not doc.get("providerARNs"):
        raise BadRequestException("ProviderARNs need to be specified for COGNITO_USER_POOLS")
    if kind == "REQUEST" and doc.get("authorizerResultTtlInSeconds") and not doc.get(
            "identitySource"):
        raise BadRequestException(
            "Identity source is required when authorizer caching is enabled")
    ttl = int(doc.get("authorizerResultTtlInSeconds", 300))
    if not 0 <= ttl <= 3600:
        raise BadRequestException(
            "Authorizer result TTL must be between 0 and 3600 seconds")


@rest_service.operation("CreateAuthorizer")
def create_authorizer(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """An authorizer (201)."""
    api_id = rest_api(ctx, req["restApiId"])["id"]
    doc: Doc = {"id": new_id(6), "name": req["name"], "type": req["type"]}
    doc.update({k: req[k] for k in _COPIED if req.get(k) is not None})
    if doc["type"] == "TOKEN":
        doc.setdefault("identitySource", "method.request.header.Authorization")
    ttl = req.get("authorizerResultTtlInSeconds")
    doc["authorizerResultTtlInSeconds"] = 300 if ttl is None else int(ttl)
    _check(doc)
    store(ctx).put("authorizer", api_id, doc["id"], doc)
    return doc


@rest_service.operation("GetAuthorizer")
def get_authorizer(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    return public(authorizer(ctx, req["restApiId"], req["authorizerId"]))


@rest_service.operation("GetAuthorizers")
def get_authorizers(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return page_of(ctx, "authorizer", req)


_RULES = patch.Rules(
    replace=("/name", "/type", "/authType", "/authorizerUri", "/authorizerCredentials",
             "/identitySource", "/identityValidationExpression",
             "/authorizerResultTtlInSeconds", "/providerARNs/*"),
    add=("/providerARNs/*",),
    remove=("/providerARNs/*", "/identityValidationExpression", "/authorizerCredentials"),
    list_members=("providerARNs",),
    integers=("authorizerResultTtlInSeconds",),
)


@rest_service.operation("UpdateAuthorizer")
def update_authorizer(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateAuthorizer.html"""
    doc = authorizer(ctx, req["restApiId"], req["authorizerId"])
    patch.apply(doc, req.get("patchOperations") or [], _RULES)
    if doc["type"] not in ("TOKEN", "REQUEST", "COGNITO_USER_POOLS"):
        raise BadRequestException(f"Invalid authorizer type specified: {doc['type']}")
    _check(doc)
    store(ctx).put("authorizer", req["restApiId"], doc["id"], doc)
    return doc


@rest_service.operation("DeleteAuthorizer")
def delete_authorizer(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = authorizer(ctx, req["restApiId"], req["authorizerId"])
    store(ctx).delete("authorizer", req["restApiId"], doc["id"])
    return {}
