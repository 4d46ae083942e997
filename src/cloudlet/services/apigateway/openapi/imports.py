"""ImportRestApi and PutRestApi: a REST API from an OpenAPI 3.0 / Swagger 2.0 definition.

https://docs.aws.amazon.com/apigateway/latest/api/API_ImportRestApi.html
https://docs.aws.amazon.com/apigateway/latest/api/API_PutRestApi.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-import-api.html
- ImportRestApi (201) creates a new API from the body (JSON or YAML), as CreateRestApi would
  (root resource, ``Empty`` and ``Error`` models), plus everything the definition defines.
- PutRestApi (200) writes the definition onto an existing API: ``mode=merge`` (the default)
  or ``mode=overwrite`` (see ``apply``); another mode is refused by the model's enum check
  (400). An unknown API: NotFoundException (404).
- ``parameters``: ``basepath=ignore|prepend|split``, ``ignore=documentation``,
  ``endpointConfigurationTypes=EDGE|REGIONAL|PRIVATE`` (import only).
- Warnings are answered in the RestApi's ``warnings``; with ``failonwarnings=true`` they are
  a BadRequestException instead and nothing is created or changed.
- An invalid definition is a BadRequestException (400) and nothing is created or changed.

LIMITATIONS: see ``definition`` and ``apply``.
"""

from __future__ import annotations

from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.services.apigateway.openapi.apply import apply_plan
from cloudlet.services.apigateway.openapi.definition import read_definition
from cloudlet.services.apigateway.openapi.errors import warnings_found
from cloudlet.services.apigateway.openapi.plan import Plan
from cloudlet.services.apigateway.registry import index, rest_service, store
from cloudlet.services.apigateway.rest.common import public, rest_api
from cloudlet.services.apigateway.rest.restapis import create_api_documents


def _plan(req: dict[str, Any], new_api: bool) -> Plan:
    parameters = {str(k): str(v) for k, v in (req.get("parameters") or {}).items()}
    body = req.get("body") or b""
    raw = body if isinstance(body, bytes) else str(body).encode()
    plan = read_definition(raw, parameters, new_api)
    if req.get("failOnWarnings") and plan.warnings:
        raise warnings_found(plan.warnings)
    return plan


def _answer(api: dict[str, Any], plan: Plan) -> dict[str, Any]:
    out = public(api)
    if plan.warnings:
        out["warnings"] = list(plan.warnings)
    return out


@rest_service.operation("ImportRestApi")
def import_rest_api(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """A new REST API from the definition in the body (201)."""
    plan = _plan(req, new_api=True)
    db = store(ctx)
    with db.write():
        api = create_api_documents(ctx, dict(plan.api))
        try:
            api = apply_plan(db, api["id"], plan, "import")
        except BaseException:
            index(ctx.state).remove(api["id"])  # the transaction rolls the documents back
            raise
    return _answer(api, plan)


@rest_service.operation("PutRestApi")
def put_rest_api(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """The definition in the body merged into (or overwriting) an existing API."""
    mode = req.get("mode") or "merge"  # the model's enum: merge or overwrite
    api_id = rest_api(ctx, req["restApiId"])["id"]
    plan = _plan(req, new_api=False)
    return _answer(apply_plan(store(ctx), api_id, plan, mode), plan)
