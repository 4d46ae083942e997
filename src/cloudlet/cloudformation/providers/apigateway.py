"""API Gateway REST API resources: AWS::ApiGateway::RestApi, ::Resource and ::Method.

(Deployments and stages are in ``apigateway_stages``, authorizers, keys and usage plans in
``apigateway_access``, models, validators, gateway responses and the account in
``apigateway_models``.)

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-restapi.html
- ``Ref`` is the API id; ``Fn::GetAtt`` gives ``RestApiId`` and ``RootResourceId``.
- With ``Body`` (an OpenAPI / Swagger object or text) or ``BodyS3Location`` the API is
  imported (ImportRestApi with ``FailOnWarnings`` and ``Parameters``); ``Name`` and the
  other properties then override the definition's. A changed definition is put again
  (PutRestApi, ``Mode`` overwrite unless given). Everything else updates in place
  (UpdateRestApi patch operations, tags through TagResource / UntagResource).
- Without a definition ``Name`` is required (AWS's error otherwise).
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-resource.html
- ``Ref`` is the resource id; ``Fn::GetAtt`` ``ResourceId``. Every property replaces it.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-method.html
- PutMethod, then PutIntegration, its IntegrationResponses and the MethodResponses. Any
  other change than the API, resource or verb updates in place: the method is put again.

LIMITATIONS: CloneFrom is applied when the API is created only; with a Body, tags are
set after the import (ImportRestApi takes none).
"""

from __future__ import annotations

from typing import Any

from cloudlet.cloudformation.providers.apigateway_shared import (
    Child,
    Patch,
    as_json_text,
    camel_tree,
    definition,
    definition_changed,
    endpoint_type_ops,
    kept,
    made,
    members,
    patch,
    remove,
    replace_changed,
    rest_arn,
    retag,
    set_changes,
    tag_map,
)
from cloudlet.cloudformation.providers.base import (
    Outcome,
    Provider,
    ProviderError,
    ResourceContext,
    provider,
)

SERVICE = "apigateway"

# RestApi properties UpdateRestApi replaces by path.
_API_PATHS = {"Name": "/name", "Description": "/description", "Version": "/version",
              "ApiKeySourceType": "/apiKeySource",
              "MinimumCompressionSize": "/minimumCompressionSize",
              "DisableExecuteApiEndpoint": "/disableExecuteApiEndpoint",
              "SecurityPolicy": "/securityPolicy", "EndpointAccessMode": "/endpointAccessMode"}
_API_CREATE = ("Name", "Description", "Version", "BinaryMediaTypes", "MinimumCompressionSize",
               "ApiKeySourceType", "DisableExecuteApiEndpoint", "CloneFrom", "SecurityPolicy",
               "EndpointAccessMode")


def _endpoint(props: dict[str, Any]) -> dict[str, Any] | None:
    config = props.get("EndpointConfiguration")
    return camel_tree(config) if config else None


def _api_patch(old: dict[str, Any], new: dict[str, Any]) -> Patch:
    """UpdateRestApi operations from ``old`` properties (or a fresh API's) to ``new`` (a
    Name dropped from a template with a Body keeps the API's name)."""
    if new.get("Name") is None:
        new = {**new, "Name": old.get("Name")}
    ops = replace_changed(old, new, _API_PATHS,
                          removable=("Description", "MinimumCompressionSize"))
    ops += set_changes(old.get("BinaryMediaTypes"), new.get("BinaryMediaTypes"),
                       "/binaryMediaTypes")
    ops += endpoint_type_ops(old, new)
    if old.get("Policy") != new.get("Policy"):
        ops.append({"op": "replace", "path": "/policy", "value": as_json_text(new["Policy"])}
                   if new.get("Policy") else {"op": "remove", "path": "/policy"})
    return ops


@provider
class RestApi(Provider):
    type_name = "AWS::ApiGateway::RestApi"
    properties = frozenset({
        "Name", "Description", "Body", "BodyS3Location", "Parameters", "FailOnWarnings",
        "Mode", "EndpointConfiguration", "BinaryMediaTypes", "MinimumCompressionSize",
        "ApiKeySourceType", "Policy", "DisableExecuteApiEndpoint", "Tags", "CloneFrom",
        "Version", "SecurityPolicy", "EndpointAccessMode"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        body = await definition(ctx, props)
        if body is None:
            if not props.get("Name"):
                raise ProviderError("Invalid REST API name specified: a Name or a Body "
                                    "is required")
            params = members(props, _API_CREATE, {"ApiKeySourceType": "apiKeySource"})
            if props.get("Policy"):
                params["policy"] = as_json_text(props["Policy"])
            if _endpoint(props):
                params["endpointConfiguration"] = _endpoint(props)
            params["tags"] = tag_map(ctx, props.get("Tags"))
            out = await ctx.call(SERVICE, "CreateRestApi", params)
        else:
            out = await ctx.call(SERVICE, "ImportRestApi", self._import_params(props, body))
            await self._override(ctx, out, props)
            await ctx.call(SERVICE, "TagResource", {
                "resourceArn": rest_arn(ctx, f"/restapis/{out['id']}"),
                "tags": tag_map(ctx, props.get("Tags"))})
        return self._outcome(out)

    @staticmethod
    def _import_params(props: dict[str, Any], body: bytes) -> dict[str, Any]:
        params: dict[str, Any] = {"body": body,
                                  "failOnWarnings": bool(props.get("FailOnWarnings"))}
        if props.get("Parameters"):
            params["parameters"] = {k: str(v) for k, v in props["Parameters"].items()}
        return params

    async def _override(self, ctx: ResourceContext, api: dict[str, Any],
                        props: dict[str, Any]) -> None:
        """After an import: the properties the template sets over the definition's."""
        current = {"Name": api.get("name"), "Description": api.get("description"),
                   "Version": api.get("version"),
                   "BinaryMediaTypes": api.get("binaryMediaTypes"),
                   "ApiKeySourceType": api.get("apiKeySource"),
                   "MinimumCompressionSize": api.get("minimumCompressionSize"),
                   "DisableExecuteApiEndpoint": api.get("disableExecuteApiEndpoint"),
                   "EndpointConfiguration": {
                       "Types": (api.get("endpointConfiguration") or {}).get("types")},
                   "Policy": api.get("policy")}
        wanted = {k: v for k, v in props.items() if v is not None}
        ops = _api_patch(current, {**current, **wanted})
        if ops:
            api.update(await ctx.call(SERVICE, "UpdateRestApi",
                                      {"restApiId": api["id"], "patchOperations": ops}))

    @staticmethod
    def _outcome(api: dict[str, Any]) -> Outcome:
        return Outcome(api["id"], {"RestApiId": api["id"],
                                   "RootResourceId": api["rootResourceId"]})

    async def update(self, ctx: ResourceContext) -> Outcome:
        props, old = ctx.properties, ctx.previous or {}
        api_id = str(ctx.physical_id)
        body = None
        if definition_changed(old, props) or props.get("Parameters") != old.get("Parameters"):
            body = await definition(ctx, props)
        if body is not None:
            params = self._import_params(props, body)
            params.update({"restApiId": api_id, "mode": props.get("Mode") or "overwrite"})
            api = await ctx.call(SERVICE, "PutRestApi", params)
            await self._override(ctx, api, props)
        else:
            await patch(ctx, "UpdateRestApi", {"restApiId": api_id}, _api_patch(old, props))
        await retag(ctx, SERVICE, rest_arn(ctx, f"/restapis/{api_id}"))
        return self._outcome(await ctx.call(SERVICE, "GetRestApi", {"restApiId": api_id}))

    async def delete(self, ctx: ResourceContext) -> None:
        await remove(ctx, "DeleteRestApi", {"restApiId": ctx.physical_id})


@provider
class Resource(Child):
    type_name = "AWS::ApiGateway::Resource"
    properties = frozenset({"RestApiId", "ParentId", "PathPart"})
    kind, parent, id_member, attribute = "Resource", "RestApiId", "resourceId", "ResourceId"


_METHOD = ("AuthorizationType", "AuthorizerId", "ApiKeyRequired", "OperationName",
           "RequestParameters", "RequestModels", "RequestValidatorId", "AuthorizationScopes")
_INTEGRATION = ("Type", "IntegrationHttpMethod", "Uri", "ConnectionType", "ConnectionId",
                "Credentials", "RequestParameters", "RequestTemplates", "PassthroughBehavior",
                "CacheNamespace", "CacheKeyParameters", "ContentHandling", "TimeoutInMillis")
_INTEGRATION_RESPONSE = ("SelectionPattern", "ResponseParameters", "ResponseTemplates",
                         "ContentHandling")
_METHOD_RESPONSE = ("ResponseParameters", "ResponseModels")


def _method_key(props: dict[str, Any]) -> dict[str, Any]:
    return {"restApiId": props["RestApiId"], "resourceId": props["ResourceId"],
            "httpMethod": str(props["HttpMethod"]).upper()}


@provider
class Method(Provider):
    """A method with its integration and responses, put as one unit (see module doc)."""

    type_name = "AWS::ApiGateway::Method"
    properties = frozenset({"RestApiId", "ResourceId", "HttpMethod", "Integration",
                            "MethodResponses", *_METHOD})

    async def create(self, ctx: ResourceContext) -> Outcome:
        await self._put(ctx)
        return made(ctx.physical_name())

    async def _put(self, ctx: ResourceContext) -> None:
        props = ctx.properties
        key = _method_key(props)
        method = members(props, _METHOD)
        method.setdefault("authorizationType", "NONE")
        await ctx.call(SERVICE, "PutMethod", {**key, **method})
        for response in props.get("MethodResponses") or ():
            await ctx.call(SERVICE, "PutMethodResponse", {
                **key, "statusCode": str(response["StatusCode"]),
                **members(response, _METHOD_RESPONSE)})
        integration = props.get("Integration")
        if not integration:
            return
        await ctx.call(SERVICE, "PutIntegration", {
            **key, **members(integration, _INTEGRATION),
            **({"tlsConfig": camel_tree(integration["TlsConfig"])}
               if integration.get("TlsConfig") else {})})
        for response in integration.get("IntegrationResponses") or ():
            await ctx.call(SERVICE, "PutIntegrationResponse", {
                **key, "statusCode": str(response["StatusCode"]),
                **members(response, _INTEGRATION_RESPONSE)})

    async def update(self, ctx: ResourceContext) -> Outcome:
        await self._remove(ctx, ctx.previous or ctx.properties)
        await self._put(ctx)
        return kept(ctx)

    @staticmethod
    async def _remove(ctx: ResourceContext, props: dict[str, Any]) -> None:
        await remove(ctx, "DeleteMethod", _method_key(props))

    async def delete(self, ctx: ResourceContext) -> None:
        await self._remove(ctx, ctx.properties)
