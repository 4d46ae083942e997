"""REST API protection: API keys, usage plans, authorizers, request validation (to be written)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cloudlet.services.apigateway.gateway.invocation import Invocation


async def protect(inv: Invocation) -> None:
    """Admit ``inv`` or raise ``GatewayError``; sets ``inv.api_key`` and ``inv.authorizer``."""
