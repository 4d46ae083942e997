"""AWS rest-json: operations routed by method and path, members in the path, query
string, headers and a JSON (or raw payload) body.

Routes and the path, query-string and header members are shared with rest-xml
(``rest.py``). Errors carry the code in
``X-Amzn-ErrorType`` and ``{"Type": "User", "message": ...}`` in the body, as Lambda does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.server.http import Response
from cloudlet.server.protocols.base import dump_json, load_json
from cloudlet.server.protocols.rest import (
    Route,
    build_routes,
    match,
    read_locations,
    write_locations,
)
from cloudlet.server.protocols.shapes import ShapeReader

__all__ = ["RestJsonProtocol", "Route", "build_routes", "match"]

if TYPE_CHECKING:
    from botocore.model import OperationModel

    from cloudlet.server.errors import ServiceError
    from cloudlet.server.http import Request
    from cloudlet.server.service import Service


class RestJsonProtocol:
    def parse(self, service: Service, operation: OperationModel, request: Request,
              params: dict[str, str]) -> dict[str, Any]:
        shape = operation.input_shape
        if shape is None:
            return {}
        raw, body_members = read_locations(shape, request, params)
        payload_name = shape.serialization.get("payload")
        if payload_name is not None:
            member = shape.members[payload_name]
            if member.type_name == "blob":
                raw[payload_name] = request.body
            elif member.type_name == "string":
                raw[payload_name] = request.body.decode("utf-8", "replace")
            elif request.body:
                raw[payload_name] = load_json(request.body)
        elif body_members and request.body:
            body = load_json(request.body)
            if isinstance(body, dict):
                for key in body_members:
                    if key in body:
                        raw[key] = body[key]
        return ShapeReader(service.opaque_shapes).read_input(shape, raw)

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
                raw_body = b"" if value is None else dump_json(value)
            headers.append(("content-type", "application/json"))
            return Response(status, raw_body, headers)
        headers.append(("content-type", "application/json"))
        return Response(status, dump_json(body), headers)

    def serialize_error(self, service: Service, error: ServiceError,
                        request_id: str = "") -> Response:
        body: dict[str, Any] = {"Type": "User" if error.sender_fault else "Service"}
        body.update(error.fields)
        body["message"] = error.message
        headers = [("content-type", "application/json"), ("x-amzn-errortype", error.error_code)]
        headers.extend(getattr(error, "headers", ()))
        return Response(error.status, dump_json(body), headers)

