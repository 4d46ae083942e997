"""AWS rest-json: operations routed by method and path, members in the path, query
string, headers and a JSON (or raw payload) body.

Routes are built once from each operation's ``http.requestUri``. Errors carry the code in
``X-Amzn-ErrorType`` and ``{"Type": "User", "message": ...}`` in the body, as Lambda does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote

from cloudlet.server.http import Response
from cloudlet.server.protocols.base import dump_json, load_json
from cloudlet.server.protocols.shapes import ShapeReader

if TYPE_CHECKING:
    from botocore.model import OperationModel, ServiceModel, Shape

    from cloudlet.server.errors import ServiceError
    from cloudlet.server.http import Request
    from cloudlet.server.service import Service


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    required_query: tuple[str, ...]
    operation: str
    literal_weight: int


def _compile(uri: str) -> tuple[re.Pattern[str], tuple[str, ...], int]:
    path, _, query = uri.partition("?")
    parts = []
    weight = 0
    for piece in re.split(r"(\{[^}]+\})", path):
        if piece.startswith("{"):
            name = piece[1:-1]
            if name.endswith("+"):
                parts.append(f"(?P<{_group(name[:-1])}>.+)")
            else:
                parts.append(f"(?P<{_group(name)}>[^/]+)")
        elif piece:
            parts.append(re.escape(piece))
            weight += len(piece)
    required = tuple(q.split("=")[0] for q in query.split("&") if q)
    return re.compile("".join(parts) + "/?$"), required, weight


def _group(name: str) -> str:
    return re.sub(r"\W", "_", name)


def build_routes(model: ServiceModel) -> list[Route]:
    routes = []
    for name in model.operation_names:
        http = model.operation_model(name).http
        pattern, required, weight = _compile(http["requestUri"])
        routes.append(Route(http["method"], pattern, required, name, weight))
    # The most specific route first: required query keys, then the longest literal text.
    routes.sort(key=lambda r: (-len(r.required_query), -r.literal_weight))
    return routes


def match(routes: list[Route], request: Request) -> tuple[str, dict[str, str]] | None:
    query_keys = {k for k, _ in request.query()} if request.query_string else set()
    for route in routes:
        if route.method != request.method:
            continue
        found = route.pattern.match(request.raw_path)
        if found is None:
            continue
        if any(q not in query_keys for q in route.required_query):
            continue
        return route.operation, {k: unquote(v) for k, v in found.groupdict().items()}
    return None


class RestJsonProtocol:
    def parse(self, service: Service, operation: OperationModel, request: Request,
              params: dict[str, str]) -> dict[str, Any]:
        shape = operation.input_shape
        if shape is None:
            return {}
        raw: dict[str, Any] = {}
        body_members: dict[str, Shape] = {}
        query = parse_qs(request.query_string, keep_blank_values=True)
        payload_name = shape.serialization.get("payload")
        for name, member in shape.members.items():
            where = member.serialization.get("location")
            wire = member.serialization.get("name", name)
            if where == "uri":
                if _group(wire) in params:
                    raw[name] = _scalar(member, params[_group(wire)])
            elif where == "querystring":
                if member.type_name == "map":
                    raw[name] = {k: v[-1] for k, v in query.items()}
                elif wire in query:
                    values = query[wire]
                    raw[name] = values if member.type_name == "list" else _scalar(member, values[-1])
            elif where == "header":
                value = request.headers.get(wire.lower())
                if value is not None:
                    raw[name] = _scalar(member, value)
            elif where == "headers":
                prefix = wire.lower()
                raw[name] = {k[len(prefix):]: v for k, v in request.headers.items()
                             if k.startswith(prefix)}
            elif name == payload_name:
                if member.type_name in ("blob", "string"):
                    raw[name] = request.body
                else:
                    raw[name] = load_json(request.body)
            else:
                body_members[name] = member
        if body_members and payload_name is None and request.body:
            body = load_json(request.body)
            if isinstance(body, dict):
                for key in body_members:
                    if key in body:
                        raw[key] = body[key]
        return ShapeReader(service.opaque_shapes).read_input(shape, raw)

    def serialize(self, service: Service, operation: OperationModel,
                  output: dict[str, Any]) -> Response:
        status = int(operation.http.get("responseCode", 200))
        shape = operation.output_shape
        headers: list[tuple[str, str]] = []
        if shape is None:
            return Response(status, b"", headers)
        body: dict[str, Any] = {}
        payload_name = shape.serialization.get("payload")
        raw_body: bytes | None = None
        for name, value in output.items():
            if value is None:
                continue
            member = shape.members.get(name)
            where = member.serialization.get("location") if member is not None else None
            if where == "statusCode":
                status = int(value)
            elif where == "header" and member is not None:
                headers.append((member.serialization.get("name", name), str(value)))
            elif where == "headers" and member is not None:
                prefix = member.serialization.get("name", name)
                headers.extend((prefix + k, str(v)) for k, v in value.items())
            elif name == payload_name and member is not None and member.type_name in ("blob", "string"):
                raw_body = value if isinstance(value, bytes) else str(value).encode()
            elif name == payload_name:
                raw_body = dump_json(value)
            else:
                body[name] = value
        if status in (204, 304):
            return Response(status, b"", headers)
        if raw_body is not None:
            headers.append(("content-type", "application/json"))
            return Response(status, raw_body, headers)
        headers.append(("content-type", "application/json"))
        return Response(status, dump_json(body), headers)

    def serialize_error(self, service: Service, error: ServiceError) -> Response:
        body: dict[str, Any] = {"Type": "User" if error.sender_fault else "Service"}
        body.update(error.fields)
        body["message"] = error.message
        headers = [("content-type", "application/json"), ("x-amzn-errortype", error.error_code)]
        headers.extend(getattr(error, "headers", ()))
        return Response(error.status, dump_json(body), headers)


def _scalar(shape: Shape, value: str) -> Any:
    kind = shape.type_name
    if kind in ("integer", "long"):
        try:
            return int(value)
        except ValueError:
            return value
    if kind == "boolean":
        return value.lower() == "true"
    if kind in ("float", "double"):
        try:
            return float(value)
        except ValueError:
            return value
    return value
