"""Calling an AWS operation from inside cloudlet, without HTTP.

What the stack engine's resource providers, Step Functions' service integrations and event
source pollers use to reach another service: the same model-driven checks and the same
handler as a call through the edge port, with the request already in parsed form (blobs as
``bytes``, timestamps as ``datetime``)::

    out = await call(state, "dynamodb", "PutItem", {"TableName": "t", "Item": item},
                     account="000000000000", region="us-east-1")

Errors are raised as the ``ServiceError`` the handler raised.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.clock import new_id
from cloudlet.server.context import DEFAULT_ACCOUNT, DEFAULT_REGION, RequestContext
from cloudlet.server.errors import UnknownOperationException
from cloudlet.server.protocols.shapes import ShapeReader

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState


async def call(state: ServerState, service_name: str, operation: str, params: dict[str, Any],
               *, account: str = DEFAULT_ACCOUNT, region: str = DEFAULT_REGION,
               request_id: str | None = None) -> dict[str, Any]:
    """Run ``service_name``'s ``operation`` with ``params``; its output members."""
    service = state.services.get(service_name)
    if service is None:
        raise UnknownOperationException(f"Unknown service {service_name}")
    registered = service.resolve(operation)
    shape = service.model.operation_model(operation).input_shape
    req = ShapeReader(service.opaque_shapes).read_input(shape, params)
    ctx = RequestContext(state=state, service=service.name, operation=operation,
                         account=account, region=region, request_id=request_id or new_id())
    return dict(await registered.run(ctx, req))
