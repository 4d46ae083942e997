"""GetExport: what a stage serves, as an OpenAPI 3.0 or Swagger 2.0 definition.

https://docs.aws.amazon.com/apigateway/latest/api/API_GetExport.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-export-api.html
- ``exportType`` ``oas30`` or ``swagger``; anything else: BadRequestException
  ``No API exporter for type 'X'``.
- ``Accept: application/json`` (the default) or ``application/yaml``.
- The definition is of the stage's deployment (its snapshot), not of the API as it is now.
- An unknown API: NotFoundException; an unknown stage: NotFoundException
  ``Invalid stage identifier specified``.
- ``parameters``: ``extensions=integrations|authorizers|apigateway`` (see ``render``).

LIMITATIONS: ``extensions=postman`` is not supported; ``contentDisposition`` is cloudlet's
(``attachment; filename="{name}-{stage}-{exportType}.{json|yaml}"``).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from cloudlet.lazy_import import lazy_module
from cloudlet.server.context import RequestContext
from cloudlet.server.errors import not_supported
from cloudlet.services.apigateway.openapi.errors import BadRequestException, NotFoundException
from cloudlet.services.apigateway.openapi.render import Options, View, render
from cloudlet.services.apigateway.registry import invoke_url, rest_service, store
from cloudlet.services.apigateway.rest.common import rest_api

if TYPE_CHECKING:
    import yaml
else:
    yaml = lazy_module("yaml")

_TYPES = {"oas30": 3, "swagger": 2}
_ACCEPTS = {"application/json": "json", "application/yaml": "yaml"}


def _listed(found: Any) -> list[dict[str, Any]]:
    """A snapshot member as a list of documents (it may be a list or a map by id)."""
    if isinstance(found, dict):
        return [v for v in found.values() if isinstance(v, dict)]
    return [v for v in found or [] if isinstance(v, dict)]


def view_of(snapshot: dict[str, Any], api: dict[str, Any]) -> View:
    """The documents a deployment's snapshot holds."""
    responses = [r for r in _listed(snapshot.get("gatewayResponses"))
                 if not r.get("defaultResponse")]
    return View(
        api=snapshot.get("restApi") or api,
        resources=_listed(snapshot.get("resources")),
        models=_listed(snapshot.get("models")),
        authorizers=_listed(snapshot.get("authorizers")),
        validators=_listed(snapshot.get("requestValidators")),
        gateway_responses=responses,
    )


def _accepted(header: str) -> str:
    """The first type of ``Accept`` cloudlet writes (``*/*`` or none: JSON)."""
    asked = [part.split(";")[0].strip().lower() for part in header.split(",") if part.strip()]
    for kind in asked or ["application/json"]:
        if kind in _ACCEPTS:
            return kind
        if kind in ("*/*", "application/*"):
            return "application/json"
    raise not_supported(f"GetExport Accept {header} (application/json or application/yaml)")


@rest_service.operation("GetExport")
def get_export(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """The stage's deployed API as a definition (200)."""
    api = rest_api(ctx, req["restApiId"])
    export_type = req["exportType"]
    if export_type not in _TYPES:
        raise BadRequestException(f"No API exporter for type '{export_type}'")
    accept = _accepted(str(req.get("accepts") or ""))
    extensions = {e.strip() for e in
                  str((req.get("parameters") or {}).get("extensions") or "").split(",")
                  if e.strip()}
    unknown = extensions - {"integrations", "authorizers", "apigateway"}
    if unknown:
        raise not_supported(f"GetExport extensions={','.join(sorted(unknown))}")
    db = store(ctx)
    stage_name = req["stageName"]
    stage = db.get("stage", api["id"], stage_name)
    if stage is None:
        raise NotFoundException("Invalid stage identifier specified")
    deployment = db.get("deployment", api["id"], str(stage.get("deploymentId") or "")) or {}
    created = deployment.get("createdDate") or api.get("createdDate") or 0
    fallback_version = dt.datetime.fromtimestamp(float(created), dt.UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    options = Options(
        version=_TYPES[export_type],
        server_url=invoke_url(ctx.state, api["id"], "{basePath}"),
        stage=stage_name,
        integrations="integrations" in extensions,
        authorizers="authorizers" in extensions,
        apigateway="apigateway" in extensions,
    )
    definition = render(view_of(deployment.get("snapshot") or {}, api), options,
                        fallback_version)
    form = _ACCEPTS[accept]
    if form == "json":
        body = json.dumps(definition, indent=2).encode()
    else:
        body = yaml.safe_dump(definition, sort_keys=False, allow_unicode=True).encode()
    name = api.get("name") or api["id"]
    return {"contentType": accept, "body": body,
            "contentDisposition": f'attachment; filename="{name}-{stage_name}-{export_type}.{form}"'}
