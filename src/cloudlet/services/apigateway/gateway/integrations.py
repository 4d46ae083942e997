"""Non-proxy integrations of REST APIs: AWS (Lambda and services), HTTP, HTTP_PROXY, MOCK
(to be written)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cloudlet.services.apigateway.gateway.errors import GatewayError

if TYPE_CHECKING:
    from cloudlet.server.http import Response
    from cloudlet.services.apigateway.gateway.invocation import Invocation


async def run(inv: Invocation) -> Response:
    """Run the method's integration (any type but AWS_PROXY) and map its response."""
    kind = inv.integration.get("type", "")
    raise GatewayError("API_CONFIGURATION_ERROR", f"not supported: integration type {kind}")
