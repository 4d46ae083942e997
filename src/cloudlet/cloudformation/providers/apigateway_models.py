"""A REST API's request and response shapes, and the account's settings:
AWS::ApiGateway::Model, ::RequestValidator, ::GatewayResponse and ::Account.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-model.html
- ``Ref`` is the model name (generated, letters and digits only, when not given);
  Schema (object or text) and Description update in place, the rest replaces.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-requestvalidator.html
- ``Ref`` is the validator id (``Fn::GetAtt`` ``RequestValidatorId``); the two flags update
  in place.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-gatewayresponse.html
- PutGatewayResponse customises one response type (put again on update); ``Ref`` (and
  ``Fn::GetAtt`` ``Id``) is a generated id. Deleting it brings back the default response.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-account.html
- Sets the region's CloudWatch role (UpdateAccount); ``Ref`` / ``Id`` a generated id.
  Deleting the resource leaves the setting, as CloudFormation does.
"""

from __future__ import annotations

import secrets
import string

from cloudlet.cloudformation.providers.apigateway_shared import (
    as_json_text,
    below,
    camel,
    kept,
    made,
    members,
    patch,
    remove,
    replace_changed,
)
from cloudlet.cloudformation.providers.base import (
    Outcome,
    Provider,
    ResourceContext,
    provider,
)

SERVICE = "apigateway"


def _alphanumeric_name(ctx: ResourceContext) -> str:
    """A model name as CloudFormation generates one: letters and digits only."""
    keep = "".join(c for c in ctx.logical_id if c.isalnum())[:40]
    suffix = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(8))
    return f"{keep}{suffix}"


@provider
class Model(Provider):
    type_name = "AWS::ApiGateway::Model"
    properties = frozenset({"RestApiId", "Name", "ContentType", "Description", "Schema"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        name = props.get("Name") or _alphanumeric_name(ctx)
        params = members(props, ("Description",))
        params["contentType"] = props.get("ContentType") or "application/json"
        params["schema"] = as_json_text(props.get("Schema") or {})
        await ctx.call(SERVICE, "CreateModel", {"restApiId": props["RestApiId"],
                                                "name": name, **params})
        return Outcome(name)

    async def update(self, ctx: ResourceContext) -> Outcome:
        props, old = ctx.properties, ctx.previous or {}
        texts = [{**p, "Schema": as_json_text(p.get("Schema") or {})} for p in (old, props)]
        ops = replace_changed(texts[0], texts[1], {"Schema": "/schema",
                                                   "Description": "/description"},
                              removable=("Description",))
        await patch(ctx, "UpdateModel", below(ctx, "modelName"), ops)
        return kept(ctx)

    async def delete(self, ctx: ResourceContext) -> None:
        await remove(ctx, "DeleteModel", below(ctx, "modelName"))


_FLAGS = ("ValidateRequestBody", "ValidateRequestParameters")


@provider
class RequestValidator(Provider):
    type_name = "AWS::ApiGateway::RequestValidator"
    properties = frozenset({"RestApiId", "Name", *_FLAGS})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        out = await ctx.call(SERVICE, "CreateRequestValidator", {
            "restApiId": props["RestApiId"], "name": props.get("Name") or ctx.physical_name(),
            **{camel(f): bool(props.get(f, False)) for f in _FLAGS}})
        return made(out["id"], "RequestValidatorId")

    async def update(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        flags = [{f: bool(p.get(f, False)) for f in _FLAGS} for p in (ctx.previous or {}, props)]
        ops = replace_changed(flags[0], flags[1], {f: "/" + camel(f) for f in _FLAGS})
        await patch(ctx, "UpdateRequestValidator", below(ctx, "requestValidatorId"), ops)
        return kept(ctx, "RequestValidatorId")

    async def delete(self, ctx: ResourceContext) -> None:
        await remove(ctx, "DeleteRequestValidator", below(ctx, "requestValidatorId"))


class _Applied(Provider):
    """A setting put whole on create and on every update (``_apply``), with a generated
    id that is also its ``Id`` attribute."""

    async def _apply(self, ctx: ResourceContext) -> None:
        raise NotImplementedError

    async def create(self, ctx: ResourceContext) -> Outcome:
        await self._apply(ctx)
        return made(ctx.physical_name(), "Id")

    async def update(self, ctx: ResourceContext) -> Outcome:
        await self._apply(ctx)
        return kept(ctx, "Id")


@provider
class GatewayResponse(_Applied):
    type_name = "AWS::ApiGateway::GatewayResponse"
    properties = frozenset({"RestApiId", "ResponseType", "StatusCode", "ResponseParameters",
                            "ResponseTemplates"})

    async def _apply(self, ctx: ResourceContext) -> None:
        props = ctx.properties
        await ctx.call(SERVICE, "PutGatewayResponse", {
            "restApiId": props["RestApiId"], "responseType": props["ResponseType"],
            **members(props, ("StatusCode", "ResponseParameters", "ResponseTemplates"))})

    async def delete(self, ctx: ResourceContext) -> None:
        await remove(ctx, "DeleteGatewayResponse", {
            "restApiId": ctx.properties["RestApiId"],
            "responseType": ctx.properties["ResponseType"]})


@provider
class Account(_Applied):
    type_name = "AWS::ApiGateway::Account"
    properties = frozenset({"CloudWatchRoleArn"})

    async def _apply(self, ctx: ResourceContext) -> None:
        role = ctx.properties.get("CloudWatchRoleArn")
        op = ({"op": "replace", "path": "/cloudwatchRoleArn", "value": role} if role
              else {"op": "remove", "path": "/cloudwatchRoleArn"})
        await ctx.call(SERVICE, "UpdateAccount", {"patchOperations": [op]})

    async def delete(self, ctx: ResourceContext) -> None:
        """CloudFormation leaves the account's settings as they are."""
