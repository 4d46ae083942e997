"""HTTP API stages: named references to deployments, with their settings.

https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.html
https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-stages.html

- StageName is ``$default`` (served at the API's root) or letters, digits, ``-`` and ``_``
  (served under ``/{name}``); a second stage with the same name is a ConflictException.
- AutoDeploy: the stage is deployed when created (or when AutoDeploy is turned on) and
  after every change to the API (see ``deployments``).
- DeploymentId must name a deployment of the API; setting it repoints the stage.
- DefaultRouteSettings / RouteSettings hold ThrottlingBurstLimit and ThrottlingRateLimit
  (and DetailedMetricsEnabled, false by default); RouteSettings keys must be route keys of
  the API (NotFoundException ``Unable to find Route by key {key} within the provided
  RouteSettings``, AWS's text). DataTraceEnabled and LoggingLevel are for WebSocket APIs.
- StageVariables names are letters, digits and ``_``.
- AccessLogSettings: DestinationArn (a CloudWatch Logs log group ARN) and Format.
- ResetAuthorizersCache records the time on the stage (private member
  ``authorizersCacheResetAt``) for the data plane's cache.

LIMITATIONS: ClientCertificateId is not supported. Access logs are stored, not written.
"""

from __future__ import annotations

import re
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.apigateway.errors import (
    BadRequestException,
    ConflictException,
    NotFoundException,
    not_supported,
)
from cloudlet.services.apigateway.http.common import (
    Doc,
    apply,
    get_api,
    get_child,
    now,
    page,
    public,
)
from cloudlet.services.apigateway.http.deployments import (
    log_stage,
    new_deployment,
    point_stage,
)
from cloudlet.services.apigateway.registry import http_service, store

MEMBERS = (
    "AccessLogSettings", "AutoDeploy", "ClientCertificateId", "DefaultRouteSettings",
    "DeploymentId", "Description", "RouteSettings", "StageVariables",
)
_NAME = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
_VARIABLE = re.compile(r"^[A-Za-z0-9_]{1,64}$")
_LOG_GROUP = re.compile(r"^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[^\s]+$")


def _check_settings(settings: dict[str, Any], where: str) -> None:
    for member in ("DataTraceEnabled", "LoggingLevel"):
        if settings.get(member) not in (None, False, "OFF"):
            raise BadRequestException(
                f"Execution logs are not supported on protocolType HTTP ({where} {member})")
    for member in ("ThrottlingBurstLimit", "ThrottlingRateLimit"):
        if member in settings and settings[member] < 0:
            raise BadRequestException(f"{where} {member} must be a non-negative number")


def check(ctx: RequestContext, api_id: str, doc: Doc) -> Doc:
    if doc.get("ClientCertificateId"):
        raise not_supported("ClientCertificateId on HTTP API stages")
    doc.setdefault("DefaultRouteSettings", {}).setdefault("DetailedMetricsEnabled", False)
    _check_settings(doc["DefaultRouteSettings"], "DefaultRouteSettings")
    keys = {r["RouteKey"] for r in store(ctx).list("route", api_id)}
    for key, settings in doc.setdefault("RouteSettings", {}).items():
        if key not in keys:
            raise NotFoundException(
                f"Unable to find Route by key {key} within the provided RouteSettings", "Route")
        settings.setdefault("DetailedMetricsEnabled", False)
        _check_settings(settings, f"RouteSettings[{key}]")
    for name in doc.setdefault("StageVariables", {}):
        if not _VARIABLE.match(name):
            raise BadRequestException(
                f"Stage variable name {name} must be alphanumeric or underscore")
    logs = doc.get("AccessLogSettings")
    if logs:
        arn = logs.get("DestinationArn")
        if arn and not _LOG_GROUP.match(arn.removesuffix(":*")):
            raise BadRequestException(f"Invalid CloudWatch Logs log group ARN {arn}")
        if arn and not logs.get("Format"):
            raise BadRequestException("Access log Format is required with a DestinationArn")
    deployment_id = doc.get("DeploymentId")
    if deployment_id and store(ctx).get("deployment", api_id, deployment_id) is None:
        raise NotFoundException(
            f"Invalid Deployment identifier specified {deployment_id}", "Deployment")
    doc.setdefault("AutoDeploy", False)
    return doc


def make_stage(ctx: RequestContext, api_id: str, req: dict[str, Any], *,
               managed: bool = False) -> Doc:
    """Check and store a new stage; deploy it when AutoDeploy is set."""
    name = req["StageName"]
    if name != "$default" and not _NAME.match(name):
        raise BadRequestException(
            f"Stage name {name} must be $default or only letters, digits, - and _")
    st = store(ctx)
    if st.get("stage", api_id, name) is not None:
        raise ConflictException(f"Stage {name} already exists")
    created = now(ctx)
    doc: Doc = {"StageName": name, "CreatedDate": created, "LastUpdatedDate": created}
    apply(doc, req, MEMBERS)
    doc["Tags"] = dict(req.get("Tags") or {})
    if managed:
        doc["ApiGatewayManaged"] = True
    check(ctx, api_id, doc)
    with st.write():
        st.put("stage", api_id, name, doc)
        if doc["AutoDeploy"]:
            deployment = new_deployment(ctx, api_id, auto=True)
            point_stage(ctx, api_id, doc, deployment["DeploymentId"], auto=True)
        elif doc.get("DeploymentId"):
            point_stage(ctx, api_id, doc, doc["DeploymentId"])
        else:
            log_stage(ctx, get_api(ctx, api_id), name)
    return doc


@http_service.operation("CreateStage")
def create_stage(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    get_api(ctx, req["ApiId"])
    return public(make_stage(ctx, req["ApiId"], req))


@http_service.operation("GetStage")
def get_stage(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    return public(get_child(ctx, "stage", req["ApiId"], req["StageName"]))


@http_service.operation("GetStages")
def get_stages(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    get_api(ctx, req["ApiId"])
    return page(store(ctx).list("stage", req["ApiId"]), req)


@http_service.operation("UpdateStage")
def update_stage(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    api_id = req["ApiId"]
    doc = get_child(ctx, "stage", api_id, req["StageName"])
    was_auto = doc.get("AutoDeploy", False)
    old_deployment = doc.get("DeploymentId")
    apply(doc, req, MEMBERS)
    check(ctx, api_id, doc)
    doc["LastUpdatedDate"] = now(ctx)
    st = store(ctx)
    with st.write():
        st.put("stage", api_id, doc["StageName"], doc)
        if doc["AutoDeploy"] and not was_auto:
            deployment = new_deployment(ctx, api_id, auto=True)
            point_stage(ctx, api_id, doc, deployment["DeploymentId"], auto=True)
        elif doc.get("DeploymentId") and doc["DeploymentId"] != old_deployment:
            point_stage(ctx, api_id, doc, doc["DeploymentId"])
    return public(doc)


@http_service.operation("DeleteStage")
def delete_stage(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = get_child(ctx, "stage", req["ApiId"], req["StageName"])
    store(ctx).delete("stage", req["ApiId"], doc["StageName"])
    return {}


def _save_updated(ctx: RequestContext, api_id: str, stage: Doc) -> None:
    """Store a changed stage with its LastUpdatedDate now."""
    stage["LastUpdatedDate"] = now(ctx)
    store(ctx).put("stage", api_id, stage["StageName"], stage)


@http_service.operation("DeleteRouteSettings")
def delete_route_settings(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    api_id = req["ApiId"]
    doc = get_child(ctx, "stage", api_id, req["StageName"])
    settings = doc.get("RouteSettings") or {}
    if req["RouteKey"] not in settings:
        raise NotFoundException(f"Unable to find Route by key {req['RouteKey']}", "Route")
    del settings[req["RouteKey"]]
    _save_updated(ctx, api_id, doc)
    return {}


@http_service.operation("DeleteAccessLogSettings")
def delete_access_log_settings(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    api_id = req["ApiId"]
    doc = get_child(ctx, "stage", api_id, req["StageName"])
    doc.pop("AccessLogSettings", None)
    _save_updated(ctx, api_id, doc)
    return {}


@http_service.operation("ResetAuthorizersCache")
def reset_authorizers_cache(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    api_id = req["ApiId"]
    doc = get_child(ctx, "stage", api_id, req["StageName"])
    doc["authorizersCacheResetAt"] = now(ctx)
    store(ctx).put("stage", api_id, doc["StageName"], doc)
    return {}
