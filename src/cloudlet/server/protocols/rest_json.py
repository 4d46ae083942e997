"""AWS rest-json: operations routed by method and path, members in the path, query
string, headers and a JSON (or raw payload) body.

Routes and the path, query-string and header members are shared with rest-xml
(``rest.py``). Errors carry the code in ``X-Amzn-ErrorType`` and, in the body, the
members of the service's error shape: the message as ``message`` and, where the shape
names it so, ``Message``; ``Type`` (``User`` or ``Service``) where the shape has it
(Lambda's errors: ``{"Type": "User", "Message": ..., "message": ...}``; API Gateway's:
``{"message": ...}``). An error the model does not know gets all three.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.server.http import Response
from cloudlet.server.protocols.base import dump_json, load_json
from cloudlet.server.protocols.rest import (
    RestProtocol,
    Route,
    build_routes,
    match,
    write_locations,
)
from cloudlet.server.protocols.wire_names import from_wire, to_wire

__all__ = ["RestJsonProtocol", "Route", "build_routes", "match"]

if TYPE_CHECKING:
    from botocore.model import OperationModel, Shape

    from cloudlet.server.errors import ServiceError
    from cloudlet.server.service import Service


class RestJsonProtocol(RestProtocol):
    def read_payload(self, member: Shape, body: bytes) -> Any:
        return from_wire(member, load_json(body))

    def read_body(self, shape: Shape, members: dict[str, Shape], body: bytes) -> dict[str, Any]:
        found = load_json(body)
        if not isinstance(found, dict):
            return {}
        found = from_wire(shape, found)
        return {key: found[key] for key in members if key in found}

    def serialize(self, service: Service, operation: OperationModel,
                  output: dict[str, Any], request_id: str = "") -> Response:
        status = int(operation.http.get("responseCode", 200))
        shape = operation.output_shape
        if shape is None:
            return Response(status, b"", [])
        status, headers, body = write_locations(shape, output, status)
        if status in (204, 304):
            return Response(status, b"", headers)
        payload_name = shape.serialization.get("payload")
        if payload_name is not None:
            value = body.get(payload_name)
            kind = shape.members[payload_name].type_name
            if kind in ("blob", "string"):
                raw_body = b"" if value is None else (
                    value if isinstance(value, bytes) else str(value).encode())
            else:
                raw_body = b"" if value is None else dump_json(
                    to_wire(shape.members[payload_name], value))
            if not any(name.lower() == "content-type" for name, _ in headers):
                headers.append(("content-type", "application/json"))
            return Response(status, raw_body, headers)
        headers.append(("content-type", "application/json"))
        return Response(status, dump_json(to_wire(shape, body)), headers)

    def serialize_error(self, service: Service, error: ServiceError,
                        request_id: str = "") -> Response:
        members = error_members(service, error.error_code)
        body: dict[str, Any] = {}
        if not members or "Type" in members:
            body["Type"] = "User" if error.sender_fault else "Service"
        body.update(error.fields)
        body["message"] = error.message
        if not members or "Message" in members:
            body["Message"] = error.message
        headers = [("content-type", "application/json"), ("x-amzn-errortype", error.error_code)]
        headers.extend(error.headers)
        return Response(error.status, dump_json(body), headers)



_ERROR_MEMBERS: dict[str, dict[str, frozenset[str]]] = {}


def error_members(service: Service, code: str) -> frozenset[str]:
    """The members of the error shape whose code is ``code`` (empty when the model has
    none), from the service's model, read once per service."""
    known = _ERROR_MEMBERS.get(service.name)
    if known is None:
        known = _ERROR_MEMBERS[service.name] = {
            shape.error_code: frozenset(shape.members) for shape in service.model.error_shapes}
    return known.get(code, frozenset())
