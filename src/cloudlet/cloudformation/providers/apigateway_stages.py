"""API Gateway REST API deployments and stages: AWS::ApiGateway::Deployment and ::Stage.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-deployment.html
- ``Ref`` is the deployment id (``Fn::GetAtt`` ``DeploymentId``). With ``StageName`` the
  deployment creates that stage, or repoints it when it exists (how the Serverless
  Framework deploys: a new ``ApiGatewayDeployment<timestamp>`` each time);
  ``StageDescription`` sets the stage's description, variables, cache and tracing flags,
  method settings (its top-level logging/metrics/throttling/caching members are the
  ``*/*`` settings), access log setting and tags.
- A changed ``Description`` updates in place; ``StageName``, ``StageDescription`` (and the
  create-only ``RestApiId`` and ``DeploymentCanarySettings``) replace the deployment.
- Deleting the deployment deletes the stage it made when that stage still serves it (a
  newer deployment that repointed the stage keeps it); a deployment is already gone
  counts as deleted.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-stage.html
- ``Ref`` is the stage name. CreateStage with deployment, description, variables, cache
  cluster, tracing, documentation version, canary and tags; method settings, the access
  log setting and the client certificate through UpdateStage. Every change but the API or
  the name updates in place (UpdateStage patch operations, tags through TagResource).

LIMITATIONS: a method setting removed from the template is left on the stage;
StageDescription's CanarySetting is not supported; cache clusters, tracing and access logs
are stored, not run (as the service does).
"""

from __future__ import annotations

from typing import Any

from cloudlet.cloudformation.providers.apigateway_shared import (
    Patch,
    below,
    camel,
    camel_tree,
    escape,
    given,
    kept,
    made,
    map_changes,
    members,
    patch,
    remove,
    replace_changed,
    rest_arn,
    retag,
    tag_map,
    text,
)
from cloudlet.cloudformation.providers.base import (
    Outcome,
    Provider,
    ProviderError,
    ResourceContext,
    provider,
)
from cloudlet.server.errors import ServiceError

SERVICE = "apigateway"

# MethodSetting members -> the tail of their patch path.
_SETTING_PATHS = {
    "MetricsEnabled": "metrics/enabled", "LoggingLevel": "logging/loglevel",
    "DataTraceEnabled": "logging/dataTrace", "ThrottlingBurstLimit": "throttling/burstLimit",
    "ThrottlingRateLimit": "throttling/rateLimit", "CachingEnabled": "caching/enabled",
    "CacheTtlInSeconds": "caching/ttlInSeconds", "CacheDataEncrypted": "caching/dataEncrypted",
}
# Stage properties UpdateStage replaces by path.
_STAGE_PATHS = {
    "Description": "/description", "DeploymentId": "/deploymentId",
    "CacheClusterEnabled": "/cacheClusterEnabled", "CacheClusterSize": "/cacheClusterSize",
    "TracingEnabled": "/tracingEnabled", "DocumentationVersion": "/documentationVersion",
    "ClientCertificateId": "/clientCertificateId",
}


def _setting_prefix(setting: dict[str, Any]) -> str:
    """``/*/*`` for every method, ``/~1pets/GET`` for one (CloudFormation's ResourcePath is
    already ``~1``-encoded: ``/~1pets``)."""
    path = str(setting.get("ResourcePath") or "/*")
    if path == "/":
        path = "/" + escape("/")
    return f"{path}/{setting.get('HttpMethod') or '*'}"


def setting_ops(settings: list[dict[str, Any]], old: list[dict[str, Any]] | None = None
                ) -> Patch:
    """UpdateStage operations for the MethodSettings that are new or changed."""
    before = {_setting_prefix(s): s for s in old or ()}
    ops: Patch = []
    for setting in settings:
        prefix = _setting_prefix(setting)
        previous = before.get(prefix, {})
        for member, tail in _SETTING_PATHS.items():
            if setting.get(member) is not None and setting[member] != previous.get(member):
                ops.append({"op": "replace", "path": f"{prefix}/{tail}",
                            "value": text(setting[member])})
    return ops


def access_log_ops(new: dict[str, Any] | None, old: dict[str, Any] | None) -> Patch:
    """UpdateStage operations for AccessLogSetting (DestinationArn, Format)."""
    if new == old:
        return []
    if not new:
        return [{"op": "remove", "path": "/accessLogSettings"}]
    return [{"op": "replace", "path": f"/accessLogSettings/{camel}", "value": str(new[name])}
            for name, camel in (("DestinationArn", "destinationArn"), ("Format", "format"))
            if new.get(name) is not None]


def canary_ops(new: dict[str, Any] | None, old: dict[str, Any] | None) -> Patch:
    """UpdateStage operations for a Stage's CanarySetting (DeploymentId, PercentTraffic,
    StageVariableOverrides, UseStageCache)."""
    if new == old:
        return []
    if not new:
        return [{"op": "remove", "path": "/canarySettings"}]
    before = old or {}
    paths = {"DeploymentId": "/canarySettings/deploymentId",
             "PercentTraffic": "/canarySettings/percentTraffic",
             "UseStageCache": "/canarySettings/useStageCache"}
    ops = [{"op": "replace", "path": path, "value": text(new[name])}
           for name, path in paths.items()
           if new.get(name) is not None and new[name] != before.get(name)]
    return ops + map_changes(before.get("StageVariableOverrides"),
                             new.get("StageVariableOverrides"),
                             "/canarySettings/stageVariableOverrides")


async def patch_stage(ctx: ResourceContext, api_id: str, stage: str, ops: Patch) -> None:
    await patch(ctx, "UpdateStage", {"restApiId": api_id, "stageName": stage}, ops)


def stage_arn(ctx: ResourceContext, api_id: str, stage: str) -> str:
    return rest_arn(ctx, f"/restapis/{api_id}/stages/{stage}")


@provider
class Stage(Provider):
    type_name = "AWS::ApiGateway::Stage"
    properties = frozenset({
        "RestApiId", "StageName", "DeploymentId", "Description", "Variables", "MethodSettings",
        "TracingEnabled", "CacheClusterEnabled", "CacheClusterSize", "AccessLogSetting",
        "CanarySetting", "ClientCertificateId", "DocumentationVersion", "Tags"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        api_id = props["RestApiId"]
        name = props.get("StageName") or ctx.physical_name(128)
        params = members(props, ("DeploymentId", "Description", "Variables", "TracingEnabled",
                                 "CacheClusterEnabled", "CacheClusterSize",
                                 "DocumentationVersion"))
        if props.get("CanarySetting"):
            params["canarySettings"] = camel_tree(props["CanarySetting"])
        await ctx.call(SERVICE, "CreateStage", {
            "restApiId": api_id, "stageName": name, **params,
            "tags": tag_map(ctx, props.get("Tags"))})
        ops = setting_ops(props.get("MethodSettings") or [])
        ops += access_log_ops(props.get("AccessLogSetting"), None)
        if props.get("ClientCertificateId"):
            ops.append({"op": "replace", "path": "/clientCertificateId",
                        "value": props["ClientCertificateId"]})
        await patch_stage(ctx, api_id, name, ops)
        return Outcome(name)

    async def update(self, ctx: ResourceContext) -> Outcome:
        props, old = ctx.properties, ctx.previous or {}
        api_id, name = props["RestApiId"], str(ctx.physical_id)
        ops = replace_changed(old, props, _STAGE_PATHS,
                              removable=("Description", "ClientCertificateId",
                                         "DocumentationVersion"))
        ops += map_changes(old.get("Variables"), props.get("Variables"), "/variables")
        ops += setting_ops(props.get("MethodSettings") or [], old.get("MethodSettings"))
        ops += access_log_ops(props.get("AccessLogSetting"), old.get("AccessLogSetting"))
        ops += canary_ops(props.get("CanarySetting"), old.get("CanarySetting"))
        await patch_stage(ctx, api_id, name, ops)
        await retag(ctx, SERVICE, stage_arn(ctx, api_id, name))
        return Outcome(name)

    async def delete(self, ctx: ResourceContext) -> None:
        await remove(ctx, "DeleteStage", below(ctx, "stageName"))


# StageDescription members that are the stage's ``*/*`` method settings.
_TOP_SETTINGS = tuple(_SETTING_PATHS)


@provider
class Deployment(Provider):
    type_name = "AWS::ApiGateway::Deployment"
    properties = frozenset({"RestApiId", "Description", "StageName", "StageDescription",
                            "DeploymentCanarySettings"})
    replaces = frozenset({"StageName", "StageDescription"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        api_id, stage = props["RestApiId"], props.get("StageName")
        described = props.get("StageDescription") or {}
        if described.get("CanarySetting"):
            raise ProviderError("not supported: StageDescription.CanarySetting (use "
                                "DeploymentCanarySettings or a Stage's CanarySetting)")
        params: dict[str, Any] = {"restApiId": api_id, **members(props, ("Description",))}
        if stage:
            params["stageName"] = stage
            params.update(members(described, ("Variables", "CacheClusterEnabled",
                                              "CacheClusterSize", "TracingEnabled")))
            if described.get("Description") is not None:
                params["stageDescription"] = described["Description"]
        if props.get("DeploymentCanarySettings"):
            params["canarySettings"] = camel_tree(props["DeploymentCanarySettings"])
        out = await ctx.call(SERVICE, "CreateDeployment", params)
        if stage and described:
            await self._describe_stage(ctx, api_id, stage, described)
        return made(out["id"], "DeploymentId")

    async def _describe_stage(self, ctx: ResourceContext, api_id: str, stage: str,
                              described: dict[str, Any]) -> None:
        """The StageDescription members CreateDeployment does not take."""
        top = given(described, _TOP_SETTINGS)
        ops = setting_ops([top] if top else [])
        ops += setting_ops(described.get("MethodSettings") or [])
        ops += access_log_ops(described.get("AccessLogSetting"), None)
        for name in ("ClientCertificateId", "DocumentationVersion"):
            if described.get(name):
                ops.append({"op": "replace", "path": f"/{camel(name)}",
                            "value": str(described[name])})
        await patch_stage(ctx, api_id, stage, ops)
        if described.get("Tags"):
            await ctx.call(SERVICE, "TagResource", {
                "resourceArn": stage_arn(ctx, api_id, stage),
                "tags": tag_map(ctx, described["Tags"])})

    async def update(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        ops = replace_changed(ctx.previous or {}, props, {"Description": "/description"})
        await patch(ctx, "UpdateDeployment", below(ctx, "deploymentId"), ops)
        return kept(ctx, "DeploymentId")

    async def delete(self, ctx: ResourceContext) -> None:
        props = ctx.properties
        api_id, stage = props["RestApiId"], props.get("StageName")
        if stage:
            try:
                found = await ctx.call(SERVICE, "GetStage", {"restApiId": api_id,
                                                             "stageName": stage})
            except ServiceError as error:
                if error.error_code != "NotFoundException":
                    raise
            else:
                if found.get("deploymentId") == ctx.physical_id:
                    await remove(ctx, "DeleteStage", {"restApiId": api_id,
                                                      "stageName": stage})
        await remove(ctx, "DeleteDeployment", below(ctx, "deploymentId"))
