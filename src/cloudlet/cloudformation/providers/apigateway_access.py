"""Who may call a REST API: AWS::ApiGateway::Authorizer, ::ApiKey, ::UsagePlan and
::UsagePlanKey.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-authorizer.html
- TOKEN, REQUEST (a Lambda function's invocation URI) and COGNITO_USER_POOLS
  (ProviderARNs). ``Ref`` is the authorizer id (``Fn::GetAtt`` ``AuthorizerId``);
  changes update in place (UpdateAuthorizer), RestApiId replaces.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-apikey.html
- ``Ref`` is the key id (``Fn::GetAtt`` ``APIKeyId``); the value is generated unless
  ``Value`` is given; a missing Name is generated. Name, Value and GenerateDistinctId
  replace the key; Description, Enabled, CustomerId, StageKeys and Tags update in place.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-usageplan.html
- ``Ref`` is the plan id (``Fn::GetAtt`` ``Id``); everything updates in place
  (UpdateUsagePlan; ``ApiStages`` added and removed as ``{apiId}:{stage}``).
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-usageplankey.html
- ``Ref`` is the usage plan key's id, the key's id; every property replaces it.

LIMITATIONS: per-method throttles of a usage plan's ApiStages are not supported (the
service refuses them).
"""

from __future__ import annotations

from typing import Any

from cloudlet.cloudformation.providers.apigateway_shared import (
    Child,
    Patch,
    below,
    camel,
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
    ResourceContext,
    provider,
)

SERVICE = "apigateway"

_AUTHORIZER = ("Name", "Type", "AuthType", "AuthorizerUri", "AuthorizerCredentials",
               "IdentitySource", "IdentityValidationExpression",
               "AuthorizerResultTtlInSeconds")
_AUTHORIZER_PATHS = {name: "/" + camel(name) for name in _AUTHORIZER}


@provider
class Authorizer(Provider):
    type_name = "AWS::ApiGateway::Authorizer"
    properties = frozenset({"RestApiId", "ProviderARNs", *_AUTHORIZER})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        params = members(props, _AUTHORIZER)
        if props.get("ProviderARNs"):
            params["providerARNs"] = list(props["ProviderARNs"])
        out = await ctx.call(SERVICE, "CreateAuthorizer",
                             {"restApiId": props["RestApiId"], **params})
        return made(out["id"], "AuthorizerId")

    async def update(self, ctx: ResourceContext) -> Outcome:
        props, old = ctx.properties, ctx.previous or {}
        ops = replace_changed(old, props, _AUTHORIZER_PATHS,
                              removable=("IdentityValidationExpression",
                                         "AuthorizerCredentials"))
        ops += set_changes(old.get("ProviderARNs"), props.get("ProviderARNs"), "/providerARNs")
        await patch(ctx, "UpdateAuthorizer", below(ctx, "authorizerId"), ops)
        return kept(ctx, "AuthorizerId")

    async def delete(self, ctx: ResourceContext) -> None:
        await remove(ctx, "DeleteAuthorizer", below(ctx, "authorizerId"))


def _stage_keys(props: dict[str, Any]) -> list[str]:
    return [f"{k['RestApiId']}/{k['StageName']}" for k in props.get("StageKeys") or ()]


@provider
class ApiKey(Provider):
    type_name = "AWS::ApiGateway::ApiKey"
    properties = frozenset({"Name", "Description", "Enabled", "Value", "GenerateDistinctId",
                            "CustomerId", "StageKeys", "Tags"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        params = members(props, ("Description", "Value", "GenerateDistinctId", "CustomerId"))
        params["name"] = props.get("Name") or ctx.physical_name(128)
        params["enabled"] = bool(props.get("Enabled", False))
        params["stageKeys"] = [{"restApiId": k["RestApiId"], "stageName": k["StageName"]}
                               for k in props.get("StageKeys") or ()]
        params["tags"] = tag_map(ctx, props.get("Tags"))
        out = await ctx.call(SERVICE, "CreateApiKey", params)
        return made(out["id"], "APIKeyId")

    async def update(self, ctx: ResourceContext) -> Outcome:
        props, old = ctx.properties, ctx.previous or {}
        ops: Patch = replace_changed(
            {**old, "Enabled": bool(old.get("Enabled", False))},
            {**props, "Enabled": bool(props.get("Enabled", False))},
            {"Description": "/description", "Enabled": "/enabled",
             "CustomerId": "/customerId"}, removable=("Description", "CustomerId"))
        ops += set_changes(_stage_keys(old), _stage_keys(props), "/stages", in_path=False)
        await patch(ctx, "UpdateApiKey", {"apiKey": ctx.physical_id}, ops)
        await retag(ctx, SERVICE, rest_arn(ctx, f"/apikeys/{ctx.physical_id}"))
        return kept(ctx, "APIKeyId")

    async def delete(self, ctx: ResourceContext) -> None:
        await remove(ctx, "DeleteApiKey", {"apiKey": ctx.physical_id})


def _limits(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """Throttle (BurstLimit, RateLimit) or Quota (Limit, Offset, Period) in API form."""
    if not value:
        return None
    return {camel(k): v for k, v in value.items()}


def _api_stages(props: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for stage in props.get("ApiStages") or ():
        item: dict[str, Any] = {"apiId": stage["ApiId"], "stage": stage["Stage"]}
        if stage.get("Throttle"):
            item["throttle"] = {path: _limits(t) for path, t in stage["Throttle"].items()}
        out.append(item)
    return out


def _plan_values(props: dict[str, Any]) -> dict[str, Any]:
    """The plan's members to compare: name, description and each limit by patch path."""
    flat: dict[str, Any] = {"/name": props.get("UsagePlanName"),
                            "/description": props.get("Description")}
    for group in ("Throttle", "Quota"):
        for key, value in (_limits(props.get(group)) or {}).items():
            flat[f"/{group.lower()}/{key}"] = value
    return flat


@provider
class UsagePlan(Provider):
    type_name = "AWS::ApiGateway::UsagePlan"
    properties = frozenset({"UsagePlanName", "Description", "ApiStages", "Throttle", "Quota",
                            "Tags"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        params: dict[str, Any] = {"name": props.get("UsagePlanName") or ctx.physical_name(),
                                  "apiStages": _api_stages(props),
                                  "tags": tag_map(ctx, props.get("Tags"))}
        for group in ("Throttle", "Quota"):
            if props.get(group):
                params[group.lower()] = _limits(props[group])
        if props.get("Description"):
            params["description"] = props["Description"]
        out = await ctx.call(SERVICE, "CreateUsagePlan", params)
        return made(out["id"], "Id")

    async def update(self, ctx: ResourceContext) -> Outcome:
        props, old = ctx.properties, ctx.previous or {}
        before, after = _plan_values(old), _plan_values(props)
        ops: Patch = []
        for group in ("/throttle", "/quota"):
            had = any(p.startswith(group) for p in before)
            if had and not any(p.startswith(group) for p in after):
                ops.append({"op": "remove", "path": group})
        paths = {p: p for p in after if p != "/name" or after[p] is not None}
        ops += replace_changed(before, after, paths, removable=("/description",))
        stage_ids = [f"{s['apiId']}:{s['stage']}" for s in _api_stages(old)]
        new_ids = [f"{s['apiId']}:{s['stage']}" for s in _api_stages(props)]
        ops += set_changes(stage_ids, new_ids, "/apiStages", in_path=False)
        await patch(ctx, "UpdateUsagePlan", {"usagePlanId": ctx.physical_id}, ops)
        await retag(ctx, SERVICE, rest_arn(ctx, f"/usageplans/{ctx.physical_id}"))
        return kept(ctx, "Id")

    async def delete(self, ctx: ResourceContext) -> None:
        await remove(ctx, "DeleteUsagePlan", {"usagePlanId": ctx.physical_id})


@provider
class UsagePlanKey(Child):
    type_name = "AWS::ApiGateway::UsagePlanKey"
    properties = frozenset({"KeyId", "KeyType", "UsagePlanId"})
    kind, parent, id_member, attribute = "UsagePlanKey", "UsagePlanId", "keyId", "Id"
