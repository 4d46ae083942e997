"""AWS::Cognito::UserPool, UserPoolClient, UserPoolGroup, UserPoolUser and UserPoolDomain.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-userpool.html
- UserPool: ``Ref`` is the pool id; ``Fn::GetAtt`` gives Arn, ProviderName
  (``cognito-idp.{region}.amazonaws.com/{id}``), ProviderURL (``https://`` + that) and
  UserPoolId. A new UserPoolName, Schema, UsernameAttributes or AliasAttributes replaces
  the pool; other changes update it in place.
- UserPoolClient: ``Ref`` is the client id; ``Fn::GetAtt`` gives ClientId, ClientSecret
  (with GenerateSecret) and Name. Without ClientName the client is named like a generated
  physical name.
- UserPoolGroup: ``Ref`` is the group name (generated when not given).
- UserPoolUser: ``Ref`` is the username (AdminCreateUser); any change replaces it.
- UserPoolDomain: ``Ref`` is the domain, kept as data; any change replaces it.

LIMITATIONS: EnabledMfas, WebAuthn settings and the email-authentication texts are not
supported (they fail the deploy as not supported).
"""

from __future__ import annotations

from typing import Any

from cloudlet.cloudformation.providers.base import (
    Outcome,
    Provider,
    ResourceContext,
    given,
    ignore_missing,
    provider,
)

_POOL_PASSED = frozenset({
    "AccountRecoverySetting", "AdminCreateUserConfig", "AliasAttributes",
    "AutoVerifiedAttributes", "DeletionProtection", "DeviceConfiguration", "EmailConfiguration",
    "EmailVerificationMessage", "EmailVerificationSubject", "LambdaConfig", "MfaConfiguration",
    "Policies", "Schema", "SmsAuthenticationMessage", "SmsConfiguration",
    "SmsVerificationMessage", "UserAttributeUpdateSettings", "UserPoolAddOns", "UserPoolTags",
    "UserPoolTier", "UsernameAttributes", "UsernameConfiguration", "VerificationMessageTemplate",
})
_POOL_REPLACES = frozenset({"UserPoolName", "Schema", "UsernameAttributes", "AliasAttributes"})
_CLIENT_PASSED = frozenset({
    "AccessTokenValidity", "AllowedOAuthFlows", "AllowedOAuthFlowsUserPoolClient",
    "AllowedOAuthScopes", "AnalyticsConfiguration", "AuthSessionValidity", "CallbackURLs",
    "DefaultRedirectURI", "EnablePropagateAdditionalUserContextData", "EnableTokenRevocation",
    "ExplicitAuthFlows", "IdTokenValidity", "LogoutURLs", "PreventUserExistenceErrors",
    "ReadAttributes", "RefreshTokenRotation", "RefreshTokenValidity",
    "SupportedIdentityProviders", "TokenValidityUnits", "WriteAttributes",
})


def _pool_outcome(ctx: ResourceContext, pool_id: str) -> Outcome:
    provider_name = f"cognito-idp.{ctx.region}.amazonaws.com/{pool_id}"
    return Outcome(pool_id, {
        "Arn": f"arn:aws:cognito-idp:{ctx.region}:{ctx.account}:userpool/{pool_id}",
        "ProviderName": provider_name, "ProviderURL": f"https://{provider_name}",
        "UserPoolId": pool_id})


@provider
class UserPool(Provider):
    """A user pool (CreateUserPool, UpdateUserPool, DeleteUserPool)."""

    type_name = "AWS::Cognito::UserPool"
    properties = _POOL_PASSED | {"UserPoolName"}
    replaces = _POOL_REPLACES

    async def create(self, ctx: ResourceContext) -> Outcome:
        name = ctx.properties.get("UserPoolName") or ctx.physical_name(128)
        out = await ctx.call("cognito-idp", "CreateUserPool",
                             {"PoolName": name, **given(ctx.properties, _POOL_PASSED)})
        return _pool_outcome(ctx, out["UserPool"]["Id"])

    async def update(self, ctx: ResourceContext) -> Outcome:
        pool_id = str(ctx.physical_id)
        params = given(ctx.properties, _POOL_PASSED - _POOL_REPLACES)
        await ctx.call("cognito-idp", "UpdateUserPool", {"UserPoolId": pool_id, **params})
        return _pool_outcome(ctx, pool_id)

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call("cognito-idp", "DeleteUserPool",
                                              {"UserPoolId": ctx.physical_id}))


def _client_outcome(client: dict[str, Any]) -> Outcome:
    attributes = {"ClientId": client["ClientId"], "Name": client["ClientName"]}
    if client.get("ClientSecret"):
        attributes["ClientSecret"] = client["ClientSecret"]
    return Outcome(client["ClientId"], attributes)


@provider
class UserPoolClient(Provider):
    """An app client (CreateUserPoolClient, UpdateUserPoolClient, DeleteUserPoolClient)."""

    type_name = "AWS::Cognito::UserPoolClient"
    properties = _CLIENT_PASSED | {"UserPoolId", "ClientName", "GenerateSecret"}

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        params = {"UserPoolId": props["UserPoolId"],
                  "ClientName": props.get("ClientName") or ctx.physical_name(128),
                  "GenerateSecret": bool(props.get("GenerateSecret")),
                  **given(props, _CLIENT_PASSED)}
        out = await ctx.call("cognito-idp", "CreateUserPoolClient", params)
        return _client_outcome(out["UserPoolClient"])

    async def update(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        name = props.get("ClientName") or ctx.attributes.get("Name")
        out = await ctx.call("cognito-idp", "UpdateUserPoolClient", {
            "UserPoolId": props["UserPoolId"], "ClientId": ctx.physical_id,
            "ClientName": name, **given(props, _CLIENT_PASSED)})
        return _client_outcome(out["UserPoolClient"])

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call("cognito-idp", "DeleteUserPoolClient", {
            "UserPoolId": ctx.properties["UserPoolId"], "ClientId": ctx.physical_id}))


@provider
class UserPoolGroup(Provider):
    """A group (CreateGroup, UpdateGroup, DeleteGroup)."""

    type_name = "AWS::Cognito::UserPoolGroup"
    properties = frozenset({"GroupName", "UserPoolId", "Description", "Precedence", "RoleArn"})

    def _params(self, ctx: ResourceContext, name: str) -> dict[str, Any]:
        props = ctx.properties
        return {"UserPoolId": props["UserPoolId"], "GroupName": name,
                **given(props, frozenset({"Description", "Precedence", "RoleArn"}))}

    async def create(self, ctx: ResourceContext) -> Outcome:
        name = ctx.properties.get("GroupName") or ctx.physical_name(128)
        await ctx.call("cognito-idp", "CreateGroup", self._params(ctx, name))
        return Outcome(name)

    async def update(self, ctx: ResourceContext) -> Outcome:
        name = str(ctx.physical_id)
        await ctx.call("cognito-idp", "UpdateGroup", self._params(ctx, name))
        return Outcome(name)

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call("cognito-idp", "DeleteGroup", {
            "UserPoolId": ctx.properties["UserPoolId"], "GroupName": ctx.physical_id}))


@provider
class UserPoolUser(Provider):
    """A user made by an administrator (AdminCreateUser, AdminDeleteUser)."""

    type_name = "AWS::Cognito::UserPoolUser"
    properties = frozenset({"UserPoolId", "Username", "UserAttributes", "MessageAction",
                            "DesiredDeliveryMediums", "ForceAliasCreation", "ClientMetadata",
                            "ValidationData"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        params = {"UserPoolId": props["UserPoolId"],
                  "Username": props.get("Username") or ctx.physical_name(128),
                  **given(props, self.properties - {"UserPoolId", "Username"})}
        out = await ctx.call("cognito-idp", "AdminCreateUser", params)
        return Outcome(out["User"]["Username"])

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call("cognito-idp", "AdminDeleteUser", {
            "UserPoolId": ctx.properties["UserPoolId"], "Username": ctx.physical_id}),
            "UserNotFoundException", "ResourceNotFoundException")


@provider
class UserPoolDomain(Provider):
    """A pool's domain, kept as data (CreateUserPoolDomain, DeleteUserPoolDomain)."""

    type_name = "AWS::Cognito::UserPoolDomain"
    properties = frozenset({"Domain", "UserPoolId", "CustomDomainConfig", "ManagedLoginVersion"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        out = await ctx.call("cognito-idp", "CreateUserPoolDomain",
                             given(props, self.properties))
        return Outcome(props["Domain"],
                       {"CloudFrontDistribution": out.get("CloudFrontDomain", "")})

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call("cognito-idp", "DeleteUserPoolDomain", {
            "UserPoolId": ctx.properties["UserPoolId"], "Domain": ctx.physical_id}),
            "ResourceNotFoundException", "InvalidParameterException")
