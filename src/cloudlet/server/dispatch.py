"""The request pipeline, in one place:

route -> request context (account, region, id) -> parse (model-driven) -> handler ->
serialize; any ``ServiceError`` on the way is serialized in the service's protocol.
"""

from __future__ import annotations

import logging
import traceback
from typing import TYPE_CHECKING

from cloudlet.server.authn import authenticate
from cloudlet.server.authorize import authorize
from cloudlet.server.context import DEFAULT_REGION, RequestContext
from cloudlet.server.errors import (
    InternalFailure,
    ServiceError,
    ValidationException,
)
from cloudlet.server.http import Response
from cloudlet.server.protocols.base import FRAGMENTS
from cloudlet.server.protocols.json_rpc import JsonRpcProtocol
from cloudlet.server.protocols.query import QueryProtocol
from cloudlet.server.protocols.rest_json import RestJsonProtocol
from cloudlet.server.protocols.rest_xml import RestXmlProtocol
from cloudlet.server.request_ids import request_id as new_request_id
from cloudlet.server.router import EdgeRouter

if TYPE_CHECKING:
    from botocore.model import OperationModel

    from cloudlet.server.http import Request
    from cloudlet.server.protocols.base import WireProtocol
    from cloudlet.server.service import Service
    from cloudlet.server.state import ServerState

log = logging.getLogger("cloudlet")


def protocol_for(service: Service) -> WireProtocol:
    model = service.summary
    if model.protocol == "json":
        return JsonRpcProtocol(model.metadata.get("jsonVersion", "1.0"))
    if model.protocol == "rest-json":
        return RestJsonProtocol()
    if model.protocol == "rest-xml":
        return RestXmlProtocol()
    if model.protocol == "query":
        return QueryProtocol()
    raise NotImplementedError(f"not supported: protocol {model.protocol}")


class Dispatcher:
    def __init__(self, state: ServerState):
        self.state = state
        self.router = EdgeRouter(state.services)
        self.protocols = {name: protocol_for(s) for name, s in state.services.items()}
        self._op_models: dict[tuple[str, str], OperationModel] = {}

    async def handle(self, request: Request) -> Response | None:
        target = self.router.route(request)
        if target is None:
            return None
        service = target.service
        protocol = self.protocols[service.name]
        request_id = new_request_id()
        caller = target.caller
        try:
            principal = authenticate(self.state, request, caller, service, target.operation or "")
        except ServiceError as error:
            response = protocol.serialize_error(service, error, request_id)
            response.headers.append(("x-amzn-requestid", request_id))
            return response
        ctx = RequestContext(
            state=self.state,
            service=service.name,
            operation=target.operation or "",
            account=principal.account,
            region=caller.region if caller else DEFAULT_REGION,
            request_id=request_id,
            principal=principal,
            headers=request.headers,
            extra={"source_ip": request.client[0]} if request.client else {},
        )
        if isinstance(protocol, JsonRpcProtocol):  # writes orjson.Fragment members as they are
            ctx.extra[FRAGMENTS] = True
        if request.body_file is not None:
            ctx.extra["body_file"] = request.body_file
        try:
            response = await self._call(service, protocol, ctx, request, target.params)
        except ServiceError as error:
            response = protocol.serialize_error(service, error, request_id)
        except Exception:
            log.error("internal error in %s.%s\n%s", service.name, ctx.operation, traceback.format_exc())
            response = protocol.serialize_error(service, InternalFailure(), request_id)
        response.headers.append(("x-amzn-requestid", request_id))
        return response

    async def _call(self, service: Service, protocol: WireProtocol, ctx: RequestContext,
                    request: Request, params: dict[str, str]) -> Response:
        operation = service.resolve(ctx.operation)
        key = (service.name, ctx.operation)
        op_model = self._op_models.get(key)
        if op_model is None:  # botocore's own cache costs a call through a decorator
            op_model = self._op_models[key] = service.model.operation_model(ctx.operation)
        try:
            req = protocol.parse(service, op_model, request, params)
        except ValidationException as invalid:
            if service.validation_error is None:
                raise
            raise service.validation_error(invalid.message) from None
        await authorize(ctx, req)
        result = await operation.run(ctx, req)
        return protocol.serialize(service, op_model, result, ctx.request_id)
