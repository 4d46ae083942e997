"""Deployments: frozen copies of a REST API that stages serve.

https://docs.aws.amazon.com/apigateway/latest/api/API_CreateDeployment.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-deploy-api.html
- A deployment stores a ``snapshot`` of the API (never shown): ``restApi``, every
  ``resources`` document (methods and integrations nested), ``authorizers``, ``models``,
  ``requestValidators`` and the customised ``gatewayResponses`` (by type). Later changes to
  the API serve nothing until the next deployment.
- An API without methods: BadRequestException ``The REST API doesn't contain any methods``;
  a method without integration: BadRequestException ``No integration defined for method``.
- With ``stageName`` the stage is created, or repointed to the new deployment (its
  ``stageDescription``, ``variables``, cache and tracing members applied). With
  ``canarySettings`` the existing stage keeps its deployment and its canary serves the new
  one.
- DeleteDeployment of one a stage (or a stage's canary) serves: BadRequestException
  ``Active stages pointing to this deployment must be moved or deleted``.
- GetDeployment with ``embed=apisummary`` adds ``apiSummary`` {path: {VERB:
  {authorizationType, apiKeyRequired}}}.

LIMITATIONS: ``canarySettings`` for a stage that does not exist yet is refused
(BadRequestException; AWS's text not confirmed).
"""

from __future__ import annotations

import copy
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.apigateway.errors import BadRequestException
from cloudlet.services.apigateway.registry import rest_service, store
from cloudlet.services.apigateway.rest import patch
from cloudlet.services.apigateway.rest.common import (
    Doc,
    get_doc,
    now,
    page_of,
    public,
    rest_api,
)
from cloudlet.services.apigateway.rest.stages import announce, new_stage
from cloudlet.services.apigateway.store import new_id


def contents(ctx: RequestContext, api_id: str) -> Doc:
    """The API as it is now, in the snapshot's form (TestInvokeMethod runs on it)."""
    db = store(ctx)
    return copy.deepcopy({
        "restApi": public(rest_api(ctx, api_id)),
        "resources": db.list("resource", api_id),
        "authorizers": db.list("authorizer", api_id),
        "models": db.list("model", api_id),
        "requestValidators": db.list("requestvalidator", api_id),
        "gatewayResponses": {d["responseType"]: d for d in db.list("gatewayresponse", api_id)},
    })


def snapshot(ctx: RequestContext, api_id: str) -> Doc:
    """What the data plane serves for this API as it is now (see the module docstring)."""
    found = contents(ctx, api_id)
    methods = [m for r in found["resources"] for m in (r.get("resourceMethods") or {}).values()]
    if not methods:
        raise BadRequestException("The REST API doesn't contain any methods")
    if any("methodIntegration" not in m for m in methods):
        raise BadRequestException("No integration defined for method")
    return found


def _to_stage(ctx: RequestContext, api_id: str, deployment_id: str,
              req: dict[str, Any]) -> None:
    name = req["stageName"]
    db = store(ctx)
    existing = db.get("stage", api_id, name)
    canary = req.get("canarySettings")
    if existing is None:
        if canary:
            raise BadRequestException(
                "Invalid deployment content specified.CanarySettings must be applied to an"
                " existing stage")
        new_stage(ctx, api_id, {
            "stageName": name, "deploymentId": deployment_id,
            "description": req.get("stageDescription"), "variables": req.get("variables"),
            "cacheClusterEnabled": req.get("cacheClusterEnabled"),
            "cacheClusterSize": req.get("cacheClusterSize"),
            "tracingEnabled": req.get("tracingEnabled"),
        })
        return
    if canary:
        existing["canarySettings"] = {
            "percentTraffic": float(canary.get("percentTraffic") or 0.0),
            "deploymentId": deployment_id,
            "useStageCache": bool(canary.get("useStageCache", False)),
        }
        if canary.get("stageVariableOverrides"):
            existing["canarySettings"]["stageVariableOverrides"] = dict(
                canary["stageVariableOverrides"])
    else:
        existing["deploymentId"] = deployment_id
    if req.get("stageDescription") is not None:
        existing["description"] = req["stageDescription"]
    if req.get("variables") is not None:
        existing["variables"] = dict(req["variables"])
    for key in ("cacheClusterEnabled", "cacheClusterSize", "tracingEnabled"):
        if req.get(key) is not None:
            existing[key] = req[key]
    existing["lastUpdatedDate"] = now(ctx)
    db.put("stage", api_id, name, existing)
    if not canary:
        announce(ctx, api_id, name)


@rest_service.operation("CreateDeployment")
def create_deployment(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """Freeze the API (201), optionally serving it on ``stageName``."""
    api_id = rest_api(ctx, req["restApiId"])["id"]
    doc: Doc = {"id": new_id(6), "createdDate": now(ctx)}
    if req.get("description") is not None:
        doc["description"] = req["description"]
    stored = {**doc, "snapshot": snapshot(ctx, api_id)}
    db = store(ctx)
    with db.write():
        db.put("deployment", api_id, doc["id"], stored)
        if req.get("stageName"):
            _to_stage(ctx, api_id, doc["id"], req)
    return doc


def _summary(deployment: Doc) -> dict[str, dict[str, Doc]]:
    out: dict[str, dict[str, Doc]] = {}
    for res in deployment["snapshot"]["resources"]:
        for verb, method in (res.get("resourceMethods") or {}).items():
            out.setdefault(res["path"], {})[verb] = {
                "authorizationType": method.get("authorizationType", "NONE"),
                "apiKeyRequired": bool(method.get("apiKeyRequired", False)),
            }
    return out


@rest_service.operation("GetDeployment")
def get_deployment(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """https://docs.aws.amazon.com/apigateway/latest/api/API_GetDeployment.html"""
    found = get_doc(ctx, "deployment", req["restApiId"], req["deploymentId"], "Deployment")
    out = public(found)
    if "apisummary" in [e.lower() for e in req.get("embed") or []]:
        out["apiSummary"] = _summary(found)
    return out


@rest_service.operation("GetDeployments")
def get_deployments(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """https://docs.aws.amazon.com/apigateway/latest/api/API_GetDeployments.html"""
    return page_of(ctx, "deployment", req)


@rest_service.operation("DeleteDeployment")
def delete_deployment(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    """Delete a deployment no stage serves (202)."""
    api_id = req["restApiId"]
    found = get_doc(ctx, "deployment", api_id, req["deploymentId"], "Deployment")
    for st in store(ctx).list("stage", api_id):
        canary = (st.get("canarySettings") or {}).get("deploymentId")
        if found["id"] in (st["deploymentId"], canary):
            raise BadRequestException(
                "Active stages pointing to this deployment must be moved or deleted")
    store(ctx).delete("deployment", api_id, found["id"])
    return {}


_RULES = patch.Rules(replace=("/description",), remove=("/description",))


@rest_service.operation("UpdateDeployment")
def update_deployment(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """Only ``/description`` can change.
    https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateDeployment.html
    """
    api_id = req["restApiId"]
    found = get_doc(ctx, "deployment", api_id, req["deploymentId"], "Deployment")
    patch.apply(found, req.get("patchOperations") or [], _RULES)
    store(ctx).put("deployment", api_id, found["id"], found)
    return public(found)
