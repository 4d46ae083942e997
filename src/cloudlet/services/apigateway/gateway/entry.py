"""Where a deployed API is reached, and which pipeline serves it.

- Host form: ``http://{api_id}.execute-api.localhost:{port}/{stage}/{path}`` (also with the
  region: ``{api_id}.execute-api.{region}.localhost``); an HTTP API's ``$default`` stage
  serves paths with no stage segment.
- Path form, for clients that cannot set a host:
  ``http://localhost:{port}/restapis/{api_id}/{stage}/_user_request_/{path}`` (``$default``
  names an HTTP API's default stage).

API ids are found in the server's index (``store.ApiIndex``): the request carries no
credentials, the id alone names the account and region, as on AWS. An unknown id answers
404 ``{"message":"Not Found"}`` (on AWS its host name would not resolve).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import orjson

from cloudlet.server.http import Response
from cloudlet.services.apigateway.registry import index, rest_service

if TYPE_CHECKING:
    from cloudlet.server.http import Request
    from cloudlet.server.state import ServerState


@dataclass(frozen=True, slots=True)
class ApiRef:
    api_id: str
    kind: str  # "REST" or "HTTP"
    account: str
    region: str


def not_found() -> Response:
    return Response.json(orjson.dumps({"message": "Not Found"}), 404)


async def _serve(state: ServerState, request: Request, api_id: str, stage: str | None,
                 path: str) -> Response:
    from cloudlet.services.apigateway.gateway import http_pipeline, rest_pipeline

    found = index(state).lookup(api_id.lower())
    if found is None:
        return not_found()
    api = ApiRef(api_id.lower(), *found)
    if api.kind == "HTTP":
        return await http_pipeline.serve(state, request, api, stage, path)
    if stage is None:
        stage, _, rest = path.lstrip("/").partition("/")
        path = "/" + rest
    return await rest_pipeline.serve(state, request, api, stage, path)


@rest_service.route(host="{api_id}.execute-api.localhost", priority=100)
async def by_host(state: ServerState, request: Request, params: dict[str, str]) -> Response:
    return await _serve(state, request, params["api_id"], None, params["path"])


@rest_service.route(host="{api_id}.execute-api.{region}.localhost", priority=100)
async def by_regional_host(state: ServerState, request: Request,
                           params: dict[str, str]) -> Response:
    return await _serve(state, request, params["api_id"], None, params["path"])


@rest_service.route(prefix="/restapis/{api_id}/{stage}/_user_request_", priority=100)
async def by_path(state: ServerState, request: Request, params: dict[str, str]) -> Response:
    return await _serve(state, request, params["api_id"], params["stage"], params["path"])
