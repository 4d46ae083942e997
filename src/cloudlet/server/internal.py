"""Calling an AWS operation from inside cloudlet, without HTTP.

What the stack engine's resource providers, Step Functions' service integrations, API
Gateway's integrations and event pollers use to reach another service: the same
model-driven checks and the same handler as a call through the edge port, with the request
in parsed form (blobs as ``bytes`` or base64 text, timestamps as ``datetime``, epoch
seconds or ISO 8601 text)::

    out = await call(state, "dynamodb", "PutItem", {"TableName": "t", "Item": item},
                     principal=ctx.caller, region=ctx.region)

The call carries the principal it acts for (the original caller, a function's role, a
service principal); the account is the principal's unless named. ``wire=True`` returns the
output as its JSON wire shape (members by their wire names, blobs base64, timestamps
epoch seconds), what a service
integration hands on as JSON. Errors are raised as the ``ServiceError`` the handler raised.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.clock import new_id
from cloudlet.server.authorize import authorize
from cloudlet.server.context import DEFAULT_ACCOUNT, DEFAULT_REGION, Principal, RequestContext
from cloudlet.server.errors import UnknownOperationException
from cloudlet.server.protocols.base import dump_json
from cloudlet.server.protocols.shapes import ShapeReader
from cloudlet.server.protocols.wire_names import to_wire

if TYPE_CHECKING:
    from cloudlet.server.service import Service
    from cloudlet.server.state import ServerState


# Names other than botocore's that callers use: endpoint prefixes and ARN service names.
_ALIASES = {"states": "stepfunctions", "sfn": "stepfunctions"}


def served(state: ServerState, name: str) -> Service | None:
    """The service called ``name`` (botocore's name, its endpoint prefix or its ARN name),
    if this server serves it."""
    return state.services.get(_ALIASES.get(name, name))


async def call(state: ServerState, service_name: str, operation: str, params: dict[str, Any],
               *, principal: Principal | None = None, account: str | None = None,
               region: str = DEFAULT_REGION, request_id: str | None = None,
               wire: bool = False, metered: bool = True) -> dict[str, Any]:
    """Run ``service_name``'s ``operation`` with ``params`` as ``principal``; its output
    members (in wire shape with ``wire``). ``metered=False``: cloudlet's own bookkeeping,
    not counted as the account's usage."""
    service = served(state, service_name)
    if service is None:
        raise UnknownOperationException(f"Unknown service {service_name}")
    registered = service.resolve(operation)
    shape = service.model.operation_model(operation).input_shape
    req = ShapeReader(service.opaque_shapes).read_input(shape, params)
    if account is None:
        account = principal.account if principal is not None else DEFAULT_ACCOUNT
    if principal is None:
        principal = Principal.root(account)
    ctx = RequestContext(state=state, service=service.name, operation=operation,
                         account=account, region=region, request_id=request_id or new_id(),
                         principal=principal, metered=metered)
    await authorize(ctx, req)
    out = dict(await registered.run(ctx, req))
    if wire:
        output_shape = service.model.operation_model(operation).output_shape
        if output_shape is not None:
            out = to_wire(output_shape, out)
        wired: dict[str, Any] = orjson.loads(dump_json(out))
        return wired
    return out
