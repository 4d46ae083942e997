"""Serving a REST API stage (to be written: see the API Gateway issue)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cloudlet.server.http import Response

if TYPE_CHECKING:
    from cloudlet.server.http import Request
    from cloudlet.server.state import ServerState
    from cloudlet.services.apigateway.gateway.entry import ApiRef


async def serve(state: ServerState, request: Request, api: ApiRef, stage: str,
                path: str) -> Response:
    """Answer ``request`` for ``path`` (raw, below the stage) on ``api``'s ``stage``."""
    return Response(501, b'{"message":"not supported: REST API data plane"}',
                    [("content-type", "application/json")])
