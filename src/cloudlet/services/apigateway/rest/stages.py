"""Stages: named, served snapshots of a REST API (a stage points at a deployment).

https://docs.aws.amazon.com/apigateway/latest/api/API_CreateStage.html
https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateStage.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/canary-release.html
- CreateStage needs a deployment of the API: NotFoundException ``Invalid Deployment
  identifier specified``; a name in use: ConflictException ``Stage already exists``.
- Unknown stage: NotFoundException ``Invalid Stage identifier specified``.
- ``methodSettings`` is keyed ``{resource path}/{VERB}`` as in the patch path (``*/*`` for
  every method, ``~1pets/GET`` for one); a setting created by a patch starts from AWS's
  defaults (throttling -1, i.e. unset, logging OFF, caching off, TTL 300 s; see
  https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_method_settings).
- ``canarySettings.deploymentId`` is the canary's deployment; the stage keeps serving its
  own ``deploymentId`` to the rest of the traffic. ``copy`` from
  ``/canarySettings/deploymentId`` to ``/deploymentId`` promotes the canary.
- Creating or repointing a stage logs its URLs on the ``cloudlet`` logger.

LIMITATIONS: cache clusters, client certificates, WAF and access logs are stored, not
run (``cacheClusterStatus`` stays NOT_AVAILABLE unless enabled, then AVAILABLE).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.apigateway.errors import (
    BadRequestException,
    ConflictException,
    NotFoundException,
)
from cloudlet.services.apigateway.registry import invoke_url, path_url, rest_service, store
from cloudlet.services.apigateway.rest import patch
from cloudlet.services.apigateway.rest.common import Doc, get_doc, now, public, rest_api

log = logging.getLogger("cloudlet")

_NAME = re.compile(r"^[A-Za-z0-9_\-]{1,128}$")

# AWS's values for a method setting nobody has set yet.
METHOD_SETTING_DEFAULTS: Doc = {
    "metricsEnabled": False,
    "loggingLevel": "OFF",
    "dataTraceEnabled": False,
    "throttlingBurstLimit": -1,
    "throttlingRateLimit": -1.0,
    "cachingEnabled": False,
    "cacheTtlInSeconds": 300,
    "cacheDataEncrypted": False,
    "requireAuthorizationForCacheControl": True,
    "unauthorizedCacheControlHeaderStrategy": "SUCCEED_WITH_RESPONSE_HEADER",
}

# patch path tail -> (MethodSetting member, converter)
_SETTINGS: dict[str, tuple[str, Any]] = {
    "metrics/enabled": ("metricsEnabled", patch.to_bool),
    "logging/loglevel": ("loggingLevel", lambda v: str(v).upper()),
    "logging/dataTrace": ("dataTraceEnabled", patch.to_bool),
    "throttling/burstLimit": ("throttlingBurstLimit", patch.to_int),
    "throttling/rateLimit": ("throttlingRateLimit", patch.to_float),
    "caching/enabled": ("cachingEnabled", patch.to_bool),
    "caching/ttlInSeconds": ("cacheTtlInSeconds", patch.to_int),
    "caching/dataEncrypted": ("cacheDataEncrypted", patch.to_bool),
    "caching/requireAuthorizationForCacheControl":
        ("requireAuthorizationForCacheControl", patch.to_bool),
    "caching/unauthorizedCacheControlHeaderStrategy":
        ("unauthorizedCacheControlHeaderStrategy", str),
}


def stage(ctx: RequestContext, api_id: str, name: str) -> Doc:
    return get_doc(ctx, "stage", api_id, name, "Stage")


def check_deployment(ctx: RequestContext, api_id: str, deployment_id: str) -> None:
    if store(ctx).get("deployment", api_id, deployment_id) is None:
        raise NotFoundException("Invalid Deployment identifier specified")


def announce(ctx: RequestContext, api_id: str, stage_name: str) -> None:
    """Log where a stage is served (on create and repoint)."""
    api = rest_api(ctx, api_id)
    log.info("REST API %s (%s) stage %s: %s (path form: %s)", api.get("name"), api_id,
             stage_name, invoke_url(ctx.state, api_id, stage_name),
             path_url(ctx.state, api_id, stage_name))


def new_stage(ctx: RequestContext, api_id: str, req: dict[str, Any]) -> Doc:
    """Store a Stage from CreateStage-like members (``stageName``, ``deploymentId``,
    ``description``, ``variables``, ...), refusing a name in use."""
    name = req["stageName"]
    if not _NAME.match(name):
        raise BadRequestException("Stage name only allows a-zA-Z0-9_ and -")
    check_deployment(ctx, api_id, req["deploymentId"])
    db = store(ctx)
    if db.get("stage", api_id, name) is not None:
        raise ConflictException("Stage already exists")
    stamp = now(ctx)
    doc: Doc = {"stageName": name, "deploymentId": req["deploymentId"],
                "cacheClusterEnabled": bool(req.get("cacheClusterEnabled", False)),
                "cacheClusterStatus": "AVAILABLE" if req.get("cacheClusterEnabled")
                else "NOT_AVAILABLE",
                "methodSettings": {}, "tracingEnabled": bool(req.get("tracingEnabled", False)),
                "createdDate": stamp, "lastUpdatedDate": stamp}
    for key in ("description", "variables", "documentationVersion", "cacheClusterSize",
                "tags"):
        if req.get(key):
            doc[key] = req[key]
    canary = req.get("canarySettings")
    if canary:
        doc["canarySettings"] = _canary(ctx, api_id, canary, req["deploymentId"])
    db.put("stage", api_id, name, doc)
    announce(ctx, api_id, name)
    return doc


def _canary(ctx: RequestContext, api_id: str, given: Doc, default_deployment: str) -> Doc:
    canary: Doc = {"percentTraffic": float(given.get("percentTraffic") or 0.0),
                   "deploymentId": given.get("deploymentId") or default_deployment,
                   "useStageCache": bool(given.get("useStageCache", False))}
    if given.get("stageVariableOverrides"):
        canary["stageVariableOverrides"] = dict(given["stageVariableOverrides"])
    if not 0.0 <= canary["percentTraffic"] <= 100.0:
        raise BadRequestException("Canary traffic percentage must be between 0.0 and 100.0")
    check_deployment(ctx, api_id, canary["deploymentId"])
    return canary


@rest_service.operation("CreateStage")
def create_stage(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """A stage serving ``deploymentId`` (201)."""
    api_id = rest_api(ctx, req["restApiId"])["id"]
    return public(new_stage(ctx, api_id, req))


@rest_service.operation("GetStage")
def get_stage(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """https://docs.aws.amazon.com/apigateway/latest/api/API_GetStage.html"""
    return public(stage(ctx, req["restApiId"], req["stageName"]))


@rest_service.operation("GetStages")
def get_stages(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """The API's stages (``item``), optionally only those serving ``deploymentId``.
    https://docs.aws.amazon.com/apigateway/latest/api/API_GetStages.html
    """
    api_id = rest_api(ctx, req["restApiId"])["id"]
    docs = store(ctx).list("stage", api_id)
    wanted = req.get("deploymentId")
    return {"item": [public(d) for d in docs if not wanted or d["deploymentId"] == wanted]}


@rest_service.operation("DeleteStage")
def delete_stage(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    """https://docs.aws.amazon.com/apigateway/latest/api/API_DeleteStage.html (202)"""
    doc = stage(ctx, req["restApiId"], req["stageName"])
    store(ctx).delete("stage", req["restApiId"], doc["stageName"])
    return {}


_RULES = patch.Rules(
    replace=("/description", "/deploymentId", "/cacheClusterEnabled", "/cacheClusterSize",
             "/clientCertificateId", "/documentationVersion", "/tracingEnabled", "/webAclArn",
             "/variables/*", "/accessLogSettings/destinationArn", "/accessLogSettings/format",
             "/canarySettings/percentTraffic", "/canarySettings/deploymentId",
             "/canarySettings/useStageCache", "/canarySettings/stageVariableOverrides/*"),
    add=("/variables/*", "/canarySettings/stageVariableOverrides/*"),
    remove=("/variables/*", "/accessLogSettings", "/canarySettings",
            "/canarySettings/stageVariableOverrides/*", "/description", "/clientCertificateId",
            "/webAclArn", "/documentationVersion"),
    copy=("/deploymentId", "/variables"),
    booleans=("cacheClusterEnabled", "tracingEnabled", "useStageCache"),
    floats=("percentTraffic",),
)


def _method_setting(doc: Doc, op: dict[str, Any]) -> bool:
    """Apply a methodSettings operation (``/{path}/{VERB}/{group}/{name}`` or remove
    ``/{path}/{VERB}``); False when ``op`` is not one."""
    raw = str(op.get("path", ""))[1:].split("/")
    kind = str(op.get("op", ""))
    if len(raw) >= 4 and "/".join(raw[-2:]) in _SETTINGS and kind == "replace":
        member, convert = _SETTINGS["/".join(raw[-2:])]
        key = "/".join(raw[:-2])
        settings = doc.setdefault("methodSettings", {})
        setting = settings.setdefault(key, dict(METHOD_SETTING_DEFAULTS))
        setting[member] = convert(op.get("value"))
        return True
    if len(raw) == 2 and kind == "remove" and (raw[1] in ("*", "ANY", "GET", "POST", "PUT",
                                                           "PATCH", "DELETE", "HEAD", "OPTIONS")):
        key = "/".join(raw)
        if key not in (doc.get("methodSettings") or {}):
            raise BadRequestException(f"Cannot remove method setting {key} because there is no"
                                      " method setting for this method")
        del doc["methodSettings"][key]
        return True
    return False


@rest_service.operation("UpdateStage")
def update_stage(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """Patch a stage: description, deployment, variables, method settings, canary, logs.
    https://docs.aws.amazon.com/apigateway/latest/api/patch-operations.html#UpdateStage-Patch
    """
    api_id = req["restApiId"]
    doc = stage(ctx, api_id, req["stageName"])
    old_deployment = doc["deploymentId"]
    for op in req.get("patchOperations") or []:
        if _method_setting(doc, op):
            continue
        kind, path = str(op.get("op", "")), str(op.get("path", ""))
        parts = patch.check(kind, path, _RULES)
        if kind == "copy":
            source = str(op.get("from", ""))
            if (path, source) not in (("/deploymentId", "/canarySettings/deploymentId"),
                                      ("/variables", "/canarySettings/stageVariableOverrides")):
                raise patch.refuse(kind, path)
            if path == "/variables":
                overrides = (doc.get("canarySettings") or {}).get("stageVariableOverrides")
                doc["variables"] = {**(doc.get("variables") or {}), **(overrides or {})}
                continue
        if parts[0] == "canarySettings" and kind != "remove" and "canarySettings" not in doc:
            doc["canarySettings"] = {"percentTraffic": 0.0, "deploymentId": old_deployment,
                                     "useStageCache": False}
        patch.apply_one(doc, kind, parts, op.get("value"), op.get("from"), _RULES)
    for member in ("variables", "accessLogSettings"):
        if doc.get(member) == {}:
            del doc[member]
    check_deployment(ctx, api_id, doc["deploymentId"])
    if "canarySettings" in doc:
        doc["canarySettings"] = _canary(ctx, api_id, doc["canarySettings"], doc["deploymentId"])
    doc["cacheClusterStatus"] = "AVAILABLE" if doc.get("cacheClusterEnabled") else "NOT_AVAILABLE"
    doc["lastUpdatedDate"] = now(ctx)
    store(ctx).put("stage", api_id, doc["stageName"], doc)
    if doc["deploymentId"] != old_deployment:
        announce(ctx, api_id, doc["stageName"])
    return public(doc)


@rest_service.operation("FlushStageCache")
def flush_stage_cache(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    """Accepted (202); cloudlet keeps no stage cache.
    https://docs.aws.amazon.com/apigateway/latest/api/API_FlushStageCache.html
    """
    stage(ctx, req["restApiId"], req["stageName"])
    return {}


@rest_service.operation("FlushStageAuthorizersCache")
def flush_stage_authorizers_cache(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    """Accepted (202); the data plane's authorizer cache for the stage is dropped on the
    next deployment or stage change.
    https://docs.aws.amazon.com/apigateway/latest/api/API_FlushStageAuthorizersCache.html
    """
    doc = stage(ctx, req["restApiId"], req["stageName"])
    doc["lastUpdatedDate"] = now(ctx)
    store(ctx).put("stage", req["restApiId"], doc["stageName"], doc)
    return {}

