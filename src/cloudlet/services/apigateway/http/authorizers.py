"""HTTP API authorizers: JWT and Lambda (REQUEST) authorizers that routes refer to.

https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-authorizers.html

- JWT: JwtConfiguration with an Issuer and at least one Audience; IdentitySource is one
  ``$request.header.{name}`` or ``$request.querystring.{name}`` (usually
  ``$request.header.Authorization``).
- REQUEST (Lambda): AuthorizerUri (the function's ``arn:aws:apigateway:{region}:lambda:
  path/2015-03-31/functions/{arn}/invocations`` URI, or its ARN);
  AuthorizerPayloadFormatVersion ``1.0`` or ``2.0`` is required; EnableSimpleResponses only
  with ``2.0``; AuthorizerResultTtlInSeconds 0-3600 (0 by default), and with a TTL above 0
  IdentitySource is required; identity sources are ``$request.header.X``,
  ``$request.querystring.X``, ``$context.X`` or ``$stageVariables.X``.
- An authorizer a route uses cannot be deleted (BadRequestException).
- Every change redeploys the stages with AutoDeploy.

LIMITATIONS: AuthorizerCredentialsArn is stored (the data plane invokes as the apigateway
service principal, with the function's resource policy). Error texts are cloudlet's.
"""

from __future__ import annotations

import re
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.apigateway.errors import BadRequestException, not_supported
from cloudlet.services.apigateway.http.common import Doc, apply, get_api, get_child, page, public
from cloudlet.services.apigateway.http.deployments import auto_deploy
from cloudlet.services.apigateway.registry import http_service, store
from cloudlet.services.apigateway.store import new_id

MEMBERS = (
    "AuthorizerCredentialsArn", "AuthorizerPayloadFormatVersion",
    "AuthorizerResultTtlInSeconds", "AuthorizerType", "AuthorizerUri",
    "EnableSimpleResponses", "IdentitySource", "IdentityValidationExpression",
    "JwtConfiguration", "Name",
)
_JWT_SOURCE = re.compile(r"^\$request\.(header|querystring)\.[^\s.]+$")
_REQUEST_SOURCE = re.compile(
    r"^\$(request\.(header|querystring)\.[^\s]+|context\.[^\s]+|stageVariables\.[^\s]+)$")


def check(doc: Doc) -> Doc:
    sources = doc.get("IdentitySource") or []
    if doc.get("IdentityValidationExpression"):
        raise not_supported("IdentityValidationExpression (WebSocket and REST APIs only)")
    if doc["AuthorizerType"] == "JWT":
        config = doc.get("JwtConfiguration") or {}
        if not config.get("Issuer") or not config.get("Audience"):
            raise BadRequestException(
                "JwtConfiguration with an Issuer and at least one Audience is required "
                "for JWT authorizers")
        if len(sources) != 1 or not _JWT_SOURCE.match(sources[0]):
            raise BadRequestException(
                "A JWT authorizer takes one identity source: $request.header.{name} or "
                "$request.querystring.{name}")
        for member in ("AuthorizerUri", "AuthorizerPayloadFormatVersion"):
            if doc.get(member):
                raise BadRequestException(f"{member} is not valid for JWT authorizers")
        return doc
    if not doc.get("AuthorizerUri"):
        raise BadRequestException("AuthorizerUri is required for REQUEST authorizers")
    if ":lambda:" not in doc["AuthorizerUri"]:
        raise BadRequestException(f"Invalid AuthorizerUri {doc['AuthorizerUri']}")
    version = doc.get("AuthorizerPayloadFormatVersion")
    if version not in ("1.0", "2.0"):
        raise BadRequestException(
            "AuthorizerPayloadFormatVersion 1.0 or 2.0 is required for REQUEST authorizers")
    if doc.get("EnableSimpleResponses") and version != "2.0":
        raise BadRequestException(
            "EnableSimpleResponses is only supported with AuthorizerPayloadFormatVersion 2.0")
    doc.setdefault("EnableSimpleResponses", False)
    ttl = doc.setdefault("AuthorizerResultTtlInSeconds", 0)  # the model checks 0..3600
    if ttl > 0 and not sources:
        raise BadRequestException("IdentitySource is required when caching is enabled")
    for source in sources:
        if not _REQUEST_SOURCE.match(source):
            raise BadRequestException(f"Invalid identity source {source}")
    return doc


def make_authorizer(ctx: RequestContext, api_id: str, req: dict[str, Any]) -> Doc:
    """Check and store a new authorizer (no auto-deploy: the caller does it)."""
    doc: Doc = {"AuthorizerId": new_id(6)}
    apply(doc, req, MEMBERS)
    check(doc)
    return store(ctx).put("authorizer", api_id, doc["AuthorizerId"], doc)


@http_service.operation("CreateAuthorizer")
def create_authorizer(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    api_id = req["ApiId"]
    get_api(ctx, api_id)
    with store(ctx).write():
        doc = make_authorizer(ctx, api_id, req)
        auto_deploy(ctx, api_id)
    return public(doc)


@http_service.operation("GetAuthorizer")
def get_authorizer(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    return public(get_child(ctx, "authorizer", req["ApiId"], req["AuthorizerId"]))


@http_service.operation("GetAuthorizers")
def get_authorizers(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    get_api(ctx, req["ApiId"])
    return page(store(ctx).list("authorizer", req["ApiId"]), req)


@http_service.operation("UpdateAuthorizer")
def update_authorizer(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    api_id = req["ApiId"]
    doc = get_child(ctx, "authorizer", api_id, req["AuthorizerId"])
    apply(doc, req, MEMBERS)
    check(doc)
    with store(ctx).write():
        store(ctx).put("authorizer", api_id, doc["AuthorizerId"], doc)
        auto_deploy(ctx, api_id)
    return public(doc)


@http_service.operation("DeleteAuthorizer")
def delete_authorizer(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    api_id = req["ApiId"]
    doc = get_child(ctx, "authorizer", api_id, req["AuthorizerId"])
    st = store(ctx)
    users = [r["RouteKey"] for r in st.list("route", api_id)
             if r.get("AuthorizerId") == doc["AuthorizerId"]]
    if users:
        raise BadRequestException(
            f"Authorizer {doc['AuthorizerId']} is used by routes {', '.join(users)}")
    with st.write():
        st.delete("authorizer", api_id, doc["AuthorizerId"])
        auto_deploy(ctx, api_id)
    return {}
