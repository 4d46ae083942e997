"""Serving an HTTP API stage (to be written: see the API Gateway issue)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cloudlet.server.http import Response

if TYPE_CHECKING:
    from cloudlet.server.http import Request
    from cloudlet.server.state import ServerState
    from cloudlet.services.apigateway.gateway.entry import ApiRef


async def serve(state: ServerState, request: Request, api: ApiRef, stage: str | None,
                path: str) -> Response:
    """Answer ``request`` for ``path`` (raw) on ``api``: ``stage`` from the path form, or
    None in the host form (the first segment names a stage when one has that name, else the
    ``$default`` stage serves the whole path)."""
    return Response(501, b'{"message":"not supported: HTTP API data plane"}',
                    [("content-type", "application/json")])
