"""API Gateway HTTP API resources: AWS::ApiGatewayV2::Api, ::Route, ::Integration,
::Stage, ::Deployment and ::Authorizer.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-api.html
- ``Ref`` is the API id; ``Fn::GetAtt`` gives ``ApiId``, ``ApiEndpoint`` (where cloudlet
  serves it) and ``ExecuteApiArn``. ProtocolType replaces the API; WEBSOCKET is not
  supported. ``Body`` / ``BodyS3Location`` import an OpenAPI definition (ImportApi with
  ``BasePath`` and ``FailOnWarnings``; a changed one ReimportApi); ``Target`` (+
  ``RouteKey``) is quick create (integration, route and ``$default`` stage made by the
  service). Other changes update in place (UpdateApi; CorsConfiguration removed through
  DeleteCorsConfiguration; tags through TagResource / UntagResource).
- The others' ``Ref`` is their id (RouteId, IntegrationId, DeploymentId, AuthorizerId,
  also their ``Fn::GetAtt`` attribute), a stage's its name. ApiId (and a stage's name)
  replace them; every other change is the Update* call with the changed members (a
  removed member sent empty; a stage's removed AccessLogSettings through
  DeleteAccessLogSettings).
- An Integration's ``ResponseParameters`` is CloudFormation's ``{status: {
  ResponseParameters: [{Destination, Source}]}}``, sent as the API's ``{status:
  {destination: source}}``.
- Deleting a Deployment a stage still serves leaves it to the API's own deletion (the
  service refuses; the stage or API goes in the same stack operation).

DomainName and ApiMapping are in ``apigateway_domains``.

LIMITATIONS: WebSocket APIs, and the resources that only they use (RouteResponse,
IntegrationResponse, Model), are not supported; nor are VpcLink and
ApiGatewayManagedOverrides.
"""

from __future__ import annotations

from typing import Any, ClassVar

from cloudlet.cloudformation.providers.apigateway_shared import (
    definition,
    definition_changed,
    given,
    made,
    remove,
    rest_arn,
    retag,
    tag_map,
)
from cloudlet.cloudformation.providers.base import (
    Outcome,
    Provider,
    ProviderError,
    ResourceContext,
    provider,
)
from cloudlet.server.errors import ServiceError

SERVICE = "apigatewayv2"
_TAG_KEYS = ("ResourceArn", "Tags", "TagKeys")


def _empty(value: Any) -> Any:
    """What an Update* call takes to clear a member that had ``value``."""
    if isinstance(value, bool):
        return False
    if isinstance(value, dict):
        return {}
    if isinstance(value, list):
        return []
    return ""


def changed_members(old: dict[str, Any], new: dict[str, Any], names: tuple[str, ...],
                    *, special: tuple[str, ...] = ()) -> dict[str, Any]:
    """The members of ``names`` whose value changed, a removed one as its empty value
    (except those in ``special``, which the caller clears its own way)."""
    out: dict[str, Any] = {}
    for name in names:
        if old.get(name) == new.get(name):
            continue
        if new.get(name) is not None:
            out[name] = new[name]
        elif name not in special:
            out[name] = _empty(old[name])
    return out


_API = ("ApiKeySelectionExpression", "CorsConfiguration", "CredentialsArn", "Description",
        "DisableSchemaValidation", "DisableExecuteApiEndpoint", "IpAddressType", "Name",
        "RouteKey", "RouteSelectionExpression", "Target", "Version")


@provider
class Api(Provider):
    type_name = "AWS::ApiGatewayV2::Api"
    properties = frozenset({*_API, "ProtocolType", "Body", "BodyS3Location", "BasePath",
                            "FailOnWarnings", "Tags"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        if str(props.get("ProtocolType") or "HTTP").upper() == "WEBSOCKET":
            raise ProviderError("not supported: WebSocket APIs (ProtocolType WEBSOCKET)")
        body = await definition(ctx, props)
        if body is None:
            api = await ctx.call(SERVICE, "CreateApi", {
                **given(props, (*_API, "ProtocolType")),
                "Tags": tag_map(ctx, props.get("Tags"))})
            return self._outcome(ctx, api)
        api = await ctx.call(SERVICE, "ImportApi", self._import(props, body))
        overrides = given(props, _API)
        if overrides:
            api = await ctx.call(SERVICE, "UpdateApi", {"ApiId": api["ApiId"], **overrides})
        await ctx.call(SERVICE, "TagResource", {
            "ResourceArn": self._arn(ctx, api["ApiId"]),
            "Tags": tag_map(ctx, props.get("Tags"), system=False)})
        return self._outcome(ctx, api)

    @staticmethod
    def _import(props: dict[str, Any], body: bytes) -> dict[str, Any]:
        params: dict[str, Any] = {"Body": body.decode(),
                                  "FailOnWarnings": bool(props.get("FailOnWarnings"))}
        if props.get("BasePath"):
            params["Basepath"] = props["BasePath"]
        return params

    @staticmethod
    def _arn(ctx: ResourceContext, api_id: str) -> str:
        return rest_arn(ctx, f"/apis/{api_id}")

    @staticmethod
    def _outcome(ctx: ResourceContext, api: dict[str, Any]) -> Outcome:
        api_id = api["ApiId"]
        return Outcome(api_id, {
            "ApiId": api_id, "ApiEndpoint": api.get("ApiEndpoint"),
            "ExecuteApiArn": f"arn:aws:execute-api:{ctx.region}:{ctx.account}:{api_id}"})

    async def update(self, ctx: ResourceContext) -> Outcome:
        props, old = ctx.properties, ctx.previous or {}
        api_id = str(ctx.physical_id)
        body = await definition(ctx, props) if definition_changed(old, props) else None
        if body is not None:
            await ctx.call(SERVICE, "ReimportApi", {"ApiId": api_id,
                                                    **self._import(props, body)})
        changes = changed_members(old, props, _API, special=("CorsConfiguration", "Name"))
        if changes:
            await ctx.call(SERVICE, "UpdateApi", {"ApiId": api_id, **changes})
        if old.get("CorsConfiguration") and not props.get("CorsConfiguration"):
            await ctx.call(SERVICE, "DeleteCorsConfiguration", {"ApiId": api_id})
        await retag(ctx, SERVICE, self._arn(ctx, api_id), keys=_TAG_KEYS)
        return self._outcome(ctx, await ctx.call(SERVICE, "GetApi", {"ApiId": api_id}))

    async def delete(self, ctx: ResourceContext) -> None:
        await remove(ctx, "DeleteApi", {"ApiId": ctx.physical_id}, service=SERVICE)


class _ApiChild(Provider):
    """A resource below an HTTP API made by ``Create{kind}``, changed by ``Update{kind}``
    with its changed members and removed by ``Delete{kind}``, all keyed by ApiId and
    ``id_member``."""

    kind: ClassVar[str]
    id_member: ClassVar[str]
    members: ClassVar[tuple[str, ...]]
    # Whether the id is also the resource's Fn::GetAtt attribute (a stage has none).
    id_attribute: ClassVar[bool] = True

    def params(self, ctx: ResourceContext, props: dict[str, Any]) -> dict[str, Any]:
        return given(props, self.members)

    def outcome(self, physical: str) -> Outcome:
        return made(physical, self.id_member if self.id_attribute else None)

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        out = await ctx.call(SERVICE, f"Create{self.kind}",
                             {"ApiId": props["ApiId"], **self.params(ctx, props)})
        return self.outcome(str(out[self.id_member]))

    async def update(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        old = self.params(ctx, ctx.previous or {})
        changes = changed_members(old, self.params(ctx, props), self.members)
        if changes:
            await ctx.call(SERVICE, f"Update{self.kind}", {
                "ApiId": props["ApiId"], self.id_member: ctx.physical_id, **changes})
        return self.outcome(str(ctx.physical_id))

    async def delete(self, ctx: ResourceContext) -> None:
        await remove(ctx, f"Delete{self.kind}", {"ApiId": ctx.properties["ApiId"],
                                                 self.id_member: ctx.physical_id},
                     service=SERVICE)


@provider
class Route(_ApiChild):
    type_name = "AWS::ApiGatewayV2::Route"
    kind, id_member = "Route", "RouteId"
    members = ("ApiKeyRequired", "AuthorizationScopes", "AuthorizationType", "AuthorizerId",
               "ModelSelectionExpression", "OperationName", "RequestModels",
               "RequestParameters", "RouteKey", "RouteResponseSelectionExpression", "Target")
    properties = frozenset({"ApiId", *members})


def response_parameters(value: dict[str, Any]) -> dict[str, dict[str, str]]:
    """CloudFormation's status -> {ResponseParameters: [{Destination, Source}]} as the
    API's status -> {destination: source} (a map already in that form passes)."""
    out: dict[str, dict[str, str]] = {}
    for status, entry in value.items():
        items = entry.get("ResponseParameters") if isinstance(entry, dict) else None
        if isinstance(items, list):
            out[status] = {str(i["Destination"]): str(i["Source"]) for i in items}
        else:
            out[status] = dict(entry)
    return out


@provider
class Integration(_ApiChild):
    type_name = "AWS::ApiGatewayV2::Integration"
    kind, id_member = "Integration", "IntegrationId"
    members = ("ConnectionId", "ConnectionType", "ContentHandlingStrategy", "CredentialsArn",
               "Description", "IntegrationMethod", "IntegrationSubtype", "IntegrationType",
               "IntegrationUri", "PassthroughBehavior", "PayloadFormatVersion",
               "RequestParameters", "RequestTemplates", "ResponseParameters",
               "TemplateSelectionExpression", "TimeoutInMillis", "TlsConfig")
    properties = frozenset({"ApiId", *members})

    def params(self, ctx: ResourceContext, props: dict[str, Any]) -> dict[str, Any]:
        out = given(props, self.members)
        if out.get("ResponseParameters"):
            out["ResponseParameters"] = response_parameters(out["ResponseParameters"])
        return out


@provider
class Authorizer(_ApiChild):
    type_name = "AWS::ApiGatewayV2::Authorizer"
    kind, id_member = "Authorizer", "AuthorizerId"
    members = ("AuthorizerCredentialsArn", "AuthorizerPayloadFormatVersion",
               "AuthorizerResultTtlInSeconds", "AuthorizerType", "AuthorizerUri",
               "EnableSimpleResponses", "IdentitySource", "IdentityValidationExpression",
               "JwtConfiguration", "Name")
    properties = frozenset({"ApiId", *members})


@provider
class Deployment(_ApiChild):
    type_name = "AWS::ApiGatewayV2::Deployment"
    kind, id_member = "Deployment", "DeploymentId"
    members = ("Description",)
    properties = frozenset({"ApiId", "Description", "StageName"})
    replaces = frozenset({"StageName"})

    def params(self, ctx: ResourceContext, props: dict[str, Any]) -> dict[str, Any]:
        return given(props, ("Description", "StageName"))

    async def delete(self, ctx: ResourceContext) -> None:
        try:
            await super().delete(ctx)
        except ServiceError as error:
            if error.error_code != "BadRequestException":
                raise


@provider
class Stage(_ApiChild):
    type_name = "AWS::ApiGatewayV2::Stage"
    kind, id_member, id_attribute = "Stage", "StageName", False
    members = ("AccessLogSettings", "AutoDeploy", "ClientCertificateId",
               "DefaultRouteSettings", "DeploymentId", "Description", "RouteSettings",
               "StageVariables")
    properties = frozenset({"ApiId", "StageName", "Tags", *members})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        await ctx.call(SERVICE, "CreateStage", {
            "ApiId": props["ApiId"], "StageName": props["StageName"],
            **self.params(ctx, props), "Tags": tag_map(ctx, props.get("Tags"))})
        return self.outcome(str(props["StageName"]))

    async def update(self, ctx: ResourceContext) -> Outcome:
        props, old = ctx.properties, ctx.previous or {}
        api_id = props["ApiId"]
        changes = changed_members(old, props, self.members, special=("AccessLogSettings",))
        if changes:
            await ctx.call(SERVICE, "UpdateStage", {"ApiId": api_id,
                                                    "StageName": ctx.physical_id, **changes})
        if old.get("AccessLogSettings") and not props.get("AccessLogSettings"):
            await ctx.call(SERVICE, "DeleteAccessLogSettings",
                           {"ApiId": api_id, "StageName": ctx.physical_id})
        await retag(ctx, SERVICE, rest_arn(ctx, f"/apis/{api_id}/stages/{ctx.physical_id}"),
                    keys=_TAG_KEYS)
        return self.outcome(str(ctx.physical_id))
