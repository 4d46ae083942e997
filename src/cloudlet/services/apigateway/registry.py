"""The two API Gateway services (REST APIs: ``apigateway``; HTTP APIs: ``apigatewayv2``),
their shared store per account and region, and the index of API ids."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cloudlet.server.service import Service
from cloudlet.server.state import Backends
from cloudlet.services.apigateway.store import ApiIndex, Store

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext
    from cloudlet.server.state import ServerState

rest_service = Service("apigateway")
http_service = Service("apigatewayv2")

stores: Backends[Store] = Backends(
    lambda state, account, region: Store(state.db_path("apigateway", account, region))
)

_INDEX = "apigateway.index"


def index(state: ServerState) -> ApiIndex:
    """The server's one index of API ids (created on first use)."""
    found = state.extras.get(_INDEX)
    if found is None:
        found = state.extras[_INDEX] = ApiIndex(state.data_dir / "apigateway-index.sqlite")
    assert isinstance(found, ApiIndex)
    return found


def store(ctx: RequestContext) -> Store:
    return stores.of(ctx)


def invoke_url(state: ServerState, api_id: str, stage: str) -> str:
    """Where a stage is served: ``http://{api_id}.execute-api.localhost:{port}/{stage}``
    (an HTTP API's ``$default`` stage has no stage segment)."""
    port = state.config.port
    suffix = "" if stage == "$default" else f"/{stage}"
    return f"http://{api_id}.execute-api.localhost:{port}{suffix}"


def path_url(state: ServerState, api_id: str, stage: str) -> str:
    """The same stage in the path form, for clients that cannot set a host:
    ``{endpoint}/restapis/{api_id}/{stage}/_user_request_``."""
    return f"{state.config.endpoint_url}/restapis/{api_id}/{stage}/_user_request_"
