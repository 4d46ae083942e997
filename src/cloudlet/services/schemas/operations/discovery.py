"""GetDiscoveredSchema: a schema inferred from up to 10 example events (``discovery``).

https://docs.aws.amazon.com/eventbridge/latest/schema-reference/v1-discover.html
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.services.schemas.discovery import discover
from cloudlet.services.schemas.registry import service

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext


@service.operation("GetDiscoveredSchema")
def get_discovered_schema(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"Content": discover(req["Events"], req["Type"])}
