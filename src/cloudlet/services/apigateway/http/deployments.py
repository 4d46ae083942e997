"""HTTP API deployments: snapshots of an API that stages serve, made by hand or automatically.

https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.html
https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-deployments.html

- CreateDeployment snapshots the API, its routes, integrations and authorizers; with
  StageName the stage is repointed to it (the stage must exist).
- A stage with AutoDeploy gets a new deployment (AutoDeployed true) after every change to
  the API, its routes, integrations or authorizers, and when it is created.
- The snapshot is stored in the deployment document as the private member ``snapshot``
  (``{"api", "routes", "integrations", "authorizers"}``); the data plane serves it.
- DeleteDeployment of a deployment a stage points at is refused (BadRequestException).
- Each deployment to a stage logs ``HTTP API {name} ({id}) stage {stage}: {url} (path
  form: {url})`` at INFO on the ``cloudlet`` logger.

LIMITATIONS: DeploymentStatus is always DEPLOYED (deployments are instant). The messages of
the refusals are cloudlet's, not confirmed against AWS.
"""

from __future__ import annotations

import logging
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.apigateway.errors import BadRequestException
from cloudlet.services.apigateway.http.common import Doc, get_api, get_child, now, page, public
from cloudlet.services.apigateway.registry import http_service, invoke_url, path_url, store
from cloudlet.services.apigateway.store import new_id

log = logging.getLogger("cloudlet")

SNAPSHOT_KINDS = ("route", "integration", "authorizer")


def snapshot(ctx: RequestContext, api_id: str) -> Doc:
    """What a deployment freezes of the API now."""
    st = store(ctx)
    api = public(get_api(ctx, api_id))
    return {"api": api, **{f"{kind}s": [public(d) for d in st.list(kind, api_id)]
                           for kind in SNAPSHOT_KINDS}}


def status_message(deployment_id: str) -> str:
    return f"Successfully deployed stage with deployment ID '{deployment_id}'"


def log_stage(ctx: RequestContext, api: Doc, stage: str) -> None:
    api_id = api["ApiId"]
    log.info("HTTP API %s (%s) stage %s: %s (path form: %s)", api["Name"], api_id, stage,
             invoke_url(ctx.state, api_id, stage), path_url(ctx.state, api_id, stage))


def new_deployment(ctx: RequestContext, api_id: str, *, auto: bool,
                   description: str | None = None) -> Doc:
    doc: Doc = {
        "DeploymentId": new_id(6),
        "CreatedDate": now(ctx),
        "DeploymentStatus": "DEPLOYED",
        "AutoDeployed": auto,
    }
    if description is not None:
        doc["Description"] = description
    doc["snapshot"] = snapshot(ctx, api_id)
    return store(ctx).put("deployment", api_id, doc["DeploymentId"], doc)


def point_stage(ctx: RequestContext, api_id: str, stage: Doc, deployment_id: str, *,
                auto: bool = False) -> Doc:
    """Repoint ``stage`` to a deployment, store it, log where it is served. An automatic
    deployment sets LastDeploymentStatusMessage (AWS's text, as in the get-stage example of
    the CLI reference); a manual one leaves it."""
    stage["DeploymentId"] = deployment_id
    if auto:
        stage["LastDeploymentStatusMessage"] = status_message(deployment_id)
    else:
        stage.pop("LastDeploymentStatusMessage", None)
    stage["LastUpdatedDate"] = now(ctx)
    store(ctx).put("stage", api_id, stage["StageName"], stage)
    log_stage(ctx, get_api(ctx, api_id), stage["StageName"])
    return stage


def auto_deploy(ctx: RequestContext, api_id: str) -> None:
    """After a change to the API: a new deployment for every stage with AutoDeploy."""
    st = store(ctx)
    with st.write():
        for stage in st.list("stage", api_id):
            if stage.get("AutoDeploy"):
                deployment = new_deployment(ctx, api_id, auto=True)
                point_stage(ctx, api_id, stage, deployment["DeploymentId"], auto=True)


@http_service.operation("CreateDeployment")
def create_deployment(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    api_id = req["ApiId"]
    get_api(ctx, api_id)
    st = store(ctx)
    with st.write():
        stage = get_child(ctx, "stage", api_id, req["StageName"]) if req.get("StageName") else None
        deployment = new_deployment(ctx, api_id, auto=False, description=req.get("Description"))
        if stage is not None:
            point_stage(ctx, api_id, stage, deployment["DeploymentId"])
    return public(deployment)


@http_service.operation("GetDeployment")
def get_deployment(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    return public(get_child(ctx, "deployment", req["ApiId"], req["DeploymentId"]))


@http_service.operation("GetDeployments")
def get_deployments(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    get_api(ctx, req["ApiId"])
    return page(store(ctx).list("deployment", req["ApiId"]), req)


@http_service.operation("UpdateDeployment")
def update_deployment(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    api_id = req["ApiId"]
    doc = get_child(ctx, "deployment", api_id, req["DeploymentId"])
    if "Description" in req:
        doc["Description"] = req["Description"]
    store(ctx).put("deployment", api_id, doc["DeploymentId"], doc)
    return public(doc)


@http_service.operation("DeleteDeployment")
def delete_deployment(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    api_id = req["ApiId"]
    doc = get_child(ctx, "deployment", api_id, req["DeploymentId"])
    st = store(ctx)
    if any(s.get("DeploymentId") == doc["DeploymentId"] for s in st.list("stage", api_id)):
        raise BadRequestException(
            "Active stages pointing to this deployment must be moved or deleted")
    st.delete("deployment", api_id, doc["DeploymentId"])
    return {}
