"""SQS's query API, as older SDKs and tools speak it: a form post (or GET) with
``Action=SendMessage&QueueUrl=...``, to ``/`` or to the queue's own path
``/ACCOUNT/NAME``, answered in XML.

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-making-api-requests-xml.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-api-responses.html

The server's router sends query requests only to services whose model protocol is
``query``, and SQS's model is JSON now, so this edge route takes them: a form whose Action
SQS has, signed for ``sqs`` or unsigned (an unsigned Action another query service also has,
such as AddPermission, is SQS's only when it names a queue). The form's old flattened names
(``Attribute.1.Name``, ``MessageAttribute.1.Value.StringValue``,
``SendMessageBatchRequestEntry.1.Id``, ``AttributeName.1``...) are read into the model's
input, the same handler runs through ``internal.call``, and the output is written as the
query API did (a required parameter left out is MissingParameter, as it answered):
``<ActionResponse><ActionResult>`` with flattened lists and
``<Attribute><Name/><Value/></Attribute>`` maps, errors as ``<ErrorResponse>`` with the
query error code (``AWS.SimpleQueueService.NonExistentQueue``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from cloudlet.clock import new_id
from cloudlet.server.authn import authenticate
from cloudlet.server.context import DEFAULT_REGION, parse_authorization
from cloudlet.server.errors import InvalidAction, ServiceError
from cloudlet.server.http import Response
from cloudlet.server.internal import call
from cloudlet.server.protocols.query import form_params, is_form
from cloudlet.server.protocols.rest import format_text, read_text
from cloudlet.server.protocols.xml_body import to_bytes
from cloudlet.services.sqs.errors import MissingParameter, QueueDoesNotExist, SqsError
from cloudlet.services.sqs.registry import service
from cloudlet.services.sqs.urls import queue_url

if TYPE_CHECKING:
    from botocore.model import Shape

    from cloudlet.server.http import Request
    from cloudlet.server.state import ServerState

NAMESPACE = "http://queue.amazonaws.com/doc/2012-11-05/"
# List members by their query names (else the list member shape's name).
_LISTS = {"AttributeNames": "AttributeName", "MessageAttributeNames": "MessageAttributeName",
          "MessageSystemAttributeNames": "MessageSystemAttributeName", "TagKeys": "TagKey",
          "AWSAccountIds": "AWSAccountId", "Actions": "ActionName", "QueueUrls": "QueueUrl",
          "queueUrls": "QueueUrl", "StringListValues": "StringListValue",
          "BinaryListValues": "BinaryListValue", "Failed": "BatchResultErrorEntry"}
# Maps: the entry's name and its key's name (the value is always ``Value``).
_MAPS = {"Attributes": ("Attribute", "Name"), "MessageAttributes": ("MessageAttribute", "Name"),
         "MessageSystemAttributes": ("MessageSystemAttribute", "Name"),
         "tags": ("Tag", "Key"), "Tags": ("Tag", "Key")}


def _list_name(name: str, shape: Shape) -> str:
    return _LISTS.get(name) or shape.member.name


def _indexed(form: dict[str, str], prefix: str) -> list[str]:
    """The ``prefix.N`` of every ``prefix.N[...]`` key, in numeric order (a bare ``prefix``
    key, as ``AttributeName=All`` older clients send, is a list of one)."""
    if prefix in form:
        return [prefix]
    found = set()
    for key in form:
        if key.startswith(prefix + "."):
            index = key[len(prefix) + 1:].split(".", 1)[0]
            if index.isdigit():
                found.add(int(index))
    return [f"{prefix}.{i}" for i in sorted(found)]


def read_form(shape: Shape, form: dict[str, str], prefix: str = "") -> dict[str, Any]:
    """A structure's members from the flattened form keys under ``prefix``."""
    out: dict[str, Any] = {}
    for name, member in shape.members.items():
        kind = member.type_name
        if kind == "list":
            base = prefix + _list_name(name, member)
            items = [_read(member.member, form, key) for key in _indexed(form, base)]
            if items:
                out[name] = items
        elif kind == "map":
            entry, key_name = _MAPS.get(name, (name, "Key"))
            found = {}
            for key in _indexed(form, prefix + entry):
                if f"{key}.{key_name}" in form:
                    found[form[f"{key}.{key_name}"]] = _read(member.value, form, f"{key}.Value")
            if found:
                out[name] = found
        else:
            value = _read(member, form, prefix + name)
            if value is not None and value != {}:
                out[name] = value
    return out


def _read(shape: Shape, form: dict[str, str], key: str) -> Any:
    if shape.type_name == "structure":
        return read_form(shape, form, key + ".")
    if key not in form:
        return None
    return read_text(shape, form[key], "iso8601")


def _write(parent: ElementTree.Element, name: str, shape: Shape, value: Any) -> None:
    kind = shape.type_name
    if kind == "list":
        for item in value:
            _write(parent, _list_name(name, shape), shape.member, item)
    elif kind == "map":
        entry_name, key_name = _MAPS.get(name, (name, "Key"))
        for key, item in value.items():
            entry = ElementTree.SubElement(parent, entry_name)
            ElementTree.SubElement(entry, key_name).text = key
            _write(entry, "Value", shape.value, item)
    elif kind == "structure":
        element = ElementTree.SubElement(parent, name)
        for member_name, member in shape.members.items():
            if value.get(member_name) is not None:
                _write(element, member_name, member, value[member_name])
    else:
        ElementTree.SubElement(parent, name).text = format_text(shape, value, "iso8601")


def _respond(action: str, output: dict[str, Any], request_id: str) -> Response:
    root = ElementTree.Element(f"{action}Response", xmlns=NAMESPACE)
    shape = service.model.operation_model(action).output_shape
    result = ElementTree.SubElement(root, f"{action}Result")
    if shape is not None:
        for name, member in shape.members.items():
            if output.get(name) is not None:
                _write(result, name, member, output[name])
    metadata = ElementTree.SubElement(root, "ResponseMetadata")
    ElementTree.SubElement(metadata, "RequestId").text = request_id
    return Response(200, to_bytes(root), [("content-type", "text/xml"),
                                          ("x-amzn-requestid", request_id)])


def error_response(error: ServiceError, request_id: str) -> Response:
    root = ElementTree.Element("ErrorResponse", xmlns=NAMESPACE)
    body = ElementTree.SubElement(root, "Error")
    ElementTree.SubElement(body, "Type").text = "Sender" if error.sender_fault else "Receiver"
    code = error.wire_code if isinstance(error, SqsError) else error.error_code
    ElementTree.SubElement(body, "Code").text = code
    message = error.message
    if isinstance(error, QueueDoesNotExist):
        message = "The specified queue does not exist for this wsdl version."
    ElementTree.SubElement(body, "Message").text = message
    ElementTree.SubElement(body, "Detail")
    ElementTree.SubElement(root, "RequestId").text = request_id
    return Response(error.status, to_bytes(root), [("content-type", "text/xml"),
                                                   ("x-amzn-requestid", request_id)])


def _queue_path(path: str) -> tuple[str, str] | None:
    parts = [p for p in path.split("/") if p]
    if len(parts) == 2 and len(parts[0]) == 12 and parts[0].isdigit():
        return parts[0], parts[1]
    return None


def _claimed_elsewhere(state: ServerState, action: str) -> bool:
    """Whether another query service has ``action`` (an unsigned request is theirs)."""
    return any(s.name != service.name and s.summary.protocol == "query"
               and action in s.summary.operation_names for s in state.services.values())


@service.route(prefix="/", priority=-10)
async def query_request(state: ServerState, request: Request, params: dict[str, str]
                        ) -> Response | None:
    if request.headers.get("x-amz-target"):
        return None
    if not ((request.method == "POST" and is_form(request))
            or (request.method == "GET" and "Action=" in request.query_string)):
        return None
    form = form_params(request)
    action = form.get("Action", "")
    caller = parse_authorization(request.headers.get("authorization"))
    signed_sqs = caller is not None and caller.signing_service == "sqs"
    if caller is not None and not signed_sqs:
        return None
    at_queue = _queue_path(request.path)
    known = action in service.summary.operation_names
    if not signed_sqs and (not known or (_claimed_elsewhere(state, action)
                                         and at_queue is None and "QueueUrl" not in form)):
        return None
    request_id = new_id()
    if not known:
        return error_response(InvalidAction(f"The action {action} is not valid for this "
                                            "web service."), request_id)
    if at_queue is not None and "QueueUrl" not in form:
        form["QueueUrl"] = queue_url(state.config.endpoint_url, *at_queue)
    shape = service.model.operation_model(action).input_shape
    req = read_form(shape, form) if shape is not None else {}
    try:
        principal = authenticate(state, request, caller, service)
        for required in shape.required_members if shape is not None else []:
            if required not in req:
                raise MissingParameter(f"The request must contain the parameter {required}.")
        output = await call(state, service.name, action, req, principal=principal,
                            region=caller.region if caller else DEFAULT_REGION,
                            request_id=request_id)
    except ServiceError as error:
        return error_response(error, request_id)
    return _respond(action, output, request_id)
