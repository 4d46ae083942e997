"""``GET /_cloudlet/cost?window=hour|day``: the cost estimate (``cloudlet.cost``) of the
caller's account and region as JSON, for ``cloudlet cost`` and scripts.

The request is authenticated as a CloudWatch call (SigV4 for ``monitoring``; with
``--auth off`` the access key names the account, an unsigned request is the default
account), so with ``--auth on`` each account sees only its own usage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import orjson

from cloudlet.cost import estimate
from cloudlet.server.authn import authenticate
from cloudlet.server.context import DEFAULT_REGION, parse_authorization
from cloudlet.server.errors import ServiceError
from cloudlet.server.http import Response
from cloudlet.services.cloudwatch.registry import service

if TYPE_CHECKING:
    from cloudlet.server.http import Request
    from cloudlet.server.state import ServerState

PATH = "/_cloudlet/cost"


@service.route(prefix=PATH, priority=10)
async def cost(state: ServerState, request: Request, params: dict[str, str]) -> Response | None:
    if request.path.rstrip("/") != PATH:
        return None
    query = dict(request.query())
    window = query.get("window", "hour")
    caller = parse_authorization(request.headers.get("authorization"))
    try:
        principal = authenticate(state, request, caller, service, "GetMetricData")
    except ServiceError as error:
        return Response.json(orjson.dumps({"message": error.message}), error.status)
    try:
        span: str | float = window if window in ("hour", "day") else float(window)
    except ValueError:
        return Response.json(b'{"message": "window is hour, day or a number of seconds"}', 400)
    found = await estimate(state, principal.account, caller.region if caller else DEFAULT_REGION,
                           window=span)
    return Response.json(orjson.dumps(found.to_dict()))
