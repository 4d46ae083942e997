"""A pool's domain, kept as data: Create/Describe/Update/DeleteUserPoolDomain.

https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolDomain.html
- A prefix domain is unique in the region; a second pool asking for it gets
  InvalidParameterException "Domain already associated with another user pool.".
- DescribeUserPoolDomain of an unknown domain answers an empty DomainDescription, as AWS.

LIMITATIONS: nothing is served at the domain (no hosted UI, /oauth2/token or /login);
custom domains (CustomDomainConfig) are kept as data without certificates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.services.cognito_idp.errors import InvalidParameterException
from cloudlet.services.cognito_idp.registry import pool, service, store

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext


def _owner(ctx: RequestContext, domain: str) -> dict[str, Any] | None:
    return next((p for p in store(ctx).pools() if p.get("Domain") == domain), None)


@service.operation("CreateUserPoolDomain")
def create_user_pool_domain(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = pool(ctx, req["UserPoolId"])
    if _owner(ctx, req["Domain"]) is not None or doc.get("Domain"):
        raise InvalidParameterException("Domain already associated with another user pool.")
    doc["Domain"] = req["Domain"]
    if req.get("CustomDomainConfig"):
        doc["CustomDomain"] = req["Domain"]
        doc["_custom_domain_config"] = req["CustomDomainConfig"]
    doc["_managed_login_version"] = req.get("ManagedLoginVersion", 1)
    store(ctx).put_pool(doc)
    out: dict[str, Any] = {"ManagedLoginVersion": doc["_managed_login_version"]}
    if req.get("CustomDomainConfig"):
        out["CloudFrontDomain"] = f"{req['Domain'].replace('.', '-')}.cloudfront.localhost"
    return out


@service.operation("DescribeUserPoolDomain")
def describe_user_pool_domain(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = _owner(ctx, req["Domain"])
    if doc is None:
        return {"DomainDescription": {}}
    description: dict[str, Any] = {
        "UserPoolId": doc["Id"], "AWSAccountId": ctx.account, "Domain": req["Domain"],
        "Status": "ACTIVE", "Version": "1",
        "ManagedLoginVersion": doc.get("_managed_login_version", 1)}
    if doc.get("_custom_domain_config"):
        description["CustomDomainConfig"] = doc["_custom_domain_config"]
    return {"DomainDescription": description}


@service.operation("UpdateUserPoolDomain")
def update_user_pool_domain(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = pool(ctx, req["UserPoolId"])
    if doc.get("Domain") != req["Domain"]:
        raise InvalidParameterException("Domain does not belong to this user pool.")
    if req.get("CustomDomainConfig"):
        doc["_custom_domain_config"] = req["CustomDomainConfig"]
    if req.get("ManagedLoginVersion"):
        doc["_managed_login_version"] = req["ManagedLoginVersion"]
    store(ctx).put_pool(doc)
    return {"ManagedLoginVersion": doc.get("_managed_login_version", 1)}


@service.operation("DeleteUserPoolDomain")
def delete_user_pool_domain(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = pool(ctx, req["UserPoolId"])
    if doc.get("Domain") != req["Domain"]:
        raise InvalidParameterException("Domain does not belong to this user pool.")
    for key in ("Domain", "CustomDomain", "_custom_domain_config", "_managed_login_version"):
        doc.pop(key, None)
    store(ctx).put_pool(doc)
    return {}
