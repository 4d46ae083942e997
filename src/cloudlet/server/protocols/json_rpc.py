"""AWS JSON 1.0 / 1.1: POST /, operation in ``X-Amz-Target``, members in a JSON body.

Errors: ``{"__type": "<prefix>#Code", "message": "..."}`` with the error's status; botocore
reads the code after ``#``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.server.http import Response
from cloudlet.server.protocols.base import dump_json, load_json
from cloudlet.server.protocols.shapes import ShapeReader
from cloudlet.server.protocols.wire_names import from_wire, to_wire

if TYPE_CHECKING:
    from botocore.model import OperationModel

    from cloudlet.server.errors import ServiceError
    from cloudlet.server.http import Request
    from cloudlet.server.service import Service


class JsonRpcProtocol:
    def __init__(self, version: str):
        self.content_type = f"application/x-amz-json-{version}"

    def parse(self, service: Service, operation: OperationModel, request: Request,
              params: dict[str, str]) -> dict[str, Any]:
        body = load_json(request.body)
        shape = operation.input_shape
        if shape is not None:
            body = from_wire(shape, body)
        reader = ShapeReader(service.opaque_shapes)
        return reader.read_input(shape, body)

    def serialize(self, service: Service, operation: OperationModel,
                  output: dict[str, Any], request_id: str = "") -> Response:
        shape = operation.output_shape
        if shape is not None:
            output = to_wire(shape, output)
        return Response(200, dump_json(output), [("content-type", self.content_type)])

    def serialize_error(self, service: Service, error: ServiceError,
                        request_id: str = "") -> Response:
        body: dict[str, Any] = {"__type": service.error_prefix + error.error_code}
        body.update(error.fields)
        body[error.message_key] = error.message
        return Response(
            error.status,
            dump_json(body),
            [("content-type", self.content_type), ("x-amzn-errortype", error.error_code),
             *error.headers],
        )
