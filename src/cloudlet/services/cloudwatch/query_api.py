"""CloudWatch requests the server's dispatcher cannot take as they come: the query API, and
gzip-compressed bodies.

The query API, as older SDKs and the aws CLI v1 speak it: a form post (or GET)
with ``Action=PutMetricData&Namespace=...&MetricData.member.1.MetricName=...``, answered
in XML (``<PutMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">``).

The server's router sends query requests only to services whose model protocol is
``query``; this service is served as ``json`` (``registry``), so this edge route takes
form requests signed for ``monitoring``, or unsigned ones whose Action only CloudWatch
has. They are read with the server's query parser, run through ``internal.call`` (the same
checks and handlers) and answered by its query serializer; errors carry the query code
(``InvalidParameterValue``), as the query API answered.

botocore compresses PutMetricData bodies of 10 KiB or more (``Content-Encoding: gzip``,
the model's ``requestcompression``), in both protocols. Such a request is authenticated as
sent (its signature covers the compressed body), then inflated (at most
``MAX_INFLATED`` bytes: 413 past that) and run like any other.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from cloudlet.clock import new_id
from cloudlet.server.authn import authenticate
from cloudlet.server.body_limits import RequestEntityTooLargeException
from cloudlet.server.context import DEFAULT_REGION, parse_authorization
from cloudlet.server.errors import (
    InvalidAction,
    SerializationException,
    ServiceError,
    ValidationException,
)
from cloudlet.server.http import Response
from cloudlet.server.internal import call
from cloudlet.server.protocols.json_rpc import JsonRpcProtocol
from cloudlet.server.protocols.query import QueryProtocol, form_params, is_form, namespace
from cloudlet.server.protocols.xml_body import to_bytes
from cloudlet.services.cloudwatch.errors import CloudWatchError, ValidationError
from cloudlet.services.cloudwatch.registry import service

if TYPE_CHECKING:
    from cloudlet.server.http import Request
    from cloudlet.server.state import ServerState

_QUERY = QueryProtocol()
_JSON = JsonRpcProtocol("1.0")
TARGET = "GraniteServiceVersion20100801."
MAX_INFLATED = 16 * 1024 * 1024


def _gzipped(request: Request) -> bool:
    return "gzip" in request.headers.get("content-encoding", "")


def _inflate(request: Request) -> None:
    """Replace a gzip body by its contents (RequestEntityTooLargeException past the cap)."""
    if not _gzipped(request):
        return
    inflater = zlib.decompressobj(wbits=31)
    try:
        body = inflater.decompress(request.body, MAX_INFLATED + 1)
    except zlib.error:
        raise SerializationException("The request body is not valid gzip.") from None
    if len(body) > MAX_INFLATED or inflater.unconsumed_tail:
        raise RequestEntityTooLargeException(
            f"Request body must be at most {MAX_INFLATED} bytes once decompressed.")
    request.body = body


def error_response(error: ServiceError, request_id: str) -> Response:
    root = ElementTree.Element("ErrorResponse", xmlns=namespace(service.model))
    body = ElementTree.SubElement(root, "Error")
    ElementTree.SubElement(body, "Type").text = "Sender" if error.sender_fault else "Receiver"
    code = error.wire_code if isinstance(error, CloudWatchError) else error.error_code
    ElementTree.SubElement(body, "Code").text = code
    ElementTree.SubElement(body, "Message").text = error.message
    ElementTree.SubElement(root, "RequestId").text = request_id
    return Response(error.status, to_bytes(root), [("content-type", "text/xml"),
                                                   ("x-amzn-requestid", request_id)])


def _claimed_elsewhere(state: ServerState, action: str) -> bool:
    return any(s.name != service.name and action in s.summary.operation_names
               for s in state.services.values())


@service.route(prefix="/", priority=-10)
async def query_request(state: ServerState, request: Request, params: dict[str, str]
                        ) -> Response | None:
    if request.headers.get("x-amz-target"):
        return None
    if not ((request.method == "POST" and is_form(request))
            or (request.method == "GET" and "Action=" in request.query_string)):
        return None
    caller = parse_authorization(request.headers.get("authorization"))
    if caller is not None and caller.signing_service != "monitoring":
        return None
    form = form_params(request) if not _gzipped(request) else dict(request.query())
    action = form.get("Action", "")
    known = action in service.summary.operation_names
    if caller is None and (_gzipped(request) or not known
                           or _claimed_elsewhere(state, action)):
        return None
    request_id = new_id()
    try:
        principal = authenticate(state, request, caller, service, action)
        if _gzipped(request):
            _inflate(request)
            form = form_params(request)
            action = form.get("Action", "")
        if action not in service.model.operation_names:
            raise InvalidAction(f"The action {action} is not valid for this web service.")
        operation = service.model.operation_model(action)
        req = _QUERY.parse(service, operation, request, form)
        output = await call(state, service.name, action, req, principal=principal,
                            region=caller.region if caller else DEFAULT_REGION,
                            request_id=request_id)
    except ServiceError as error:
        return error_response(error, request_id)
    response = _QUERY.serialize(service, operation, output, request_id)
    response.headers.append(("x-amzn-requestid", request_id))
    return response


@service.route(prefix="/", priority=-9)
async def compressed_json(state: ServerState, request: Request, params: dict[str, str]
                          ) -> Response | None:
    """A gzip-compressed JSON request (the dispatcher reads bodies as sent)."""
    target = request.headers.get("x-amz-target", "")
    if not target.startswith(TARGET) or not _gzipped(request):
        return None
    caller = parse_authorization(request.headers.get("authorization"))
    action = target[len(TARGET):]
    request_id = new_id()
    try:
        principal = authenticate(state, request, caller, service, action)
        _inflate(request)
        service.resolve(action)
        operation = service.model.operation_model(action)
        try:
            req = _JSON.parse(service, operation, request, {})
        except ValidationException as invalid:
            raise ValidationError(invalid.message) from None
        output = await call(state, service.name, action, req, principal=principal,
                            region=caller.region if caller else DEFAULT_REGION,
                            request_id=request_id)
        response = _JSON.serialize(service, operation, output, request_id)
    except ServiceError as error:
        response = _JSON.serialize_error(service, error, request_id)
    response.headers.append(("x-amzn-requestid", request_id))
    return response
