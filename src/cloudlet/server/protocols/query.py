"""AWS query (SNS, CloudFormation, STS, IAM): ``Action=Op&Version=..`` and the members in a
form-encoded body (or a GET query string); XML answers.

Members are flattened into dotted keys::

    Tags.member.1.Key=k          list (``Name.N`` when flattened; the list member's
                                 locationName in place of ``member``)
    Attributes.entry.1.key=k     map (``Name.N.key`` when flattened; key and value
    Attributes.entry.1.value=v   named by their locationName)
    Config.Name=x                nested structure

Scalars are converted by type (integers, ``true``/``false``, ISO 8601 timestamps, base64
blobs), then checked against the model like every protocol; constraint failures answer
``ValidationError``, the code these services use. A result is written as::

    <OpResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
      <OpResult>...</OpResult>
      <ResponseMetadata><RequestId>..</RequestId></ResponseMetadata>
    </OpResponse>

and an error as ``<ErrorResponse><Error><Type>Sender</Type><Code/><Message/></Error>
<RequestId/></ErrorResponse>`` with the error's status.

LIMITATIONS: the ``ec2`` variant is not supported; a scalar that does not convert is a
``SerializationException``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl
from xml.etree import ElementTree

from cloudlet.server.errors import ValidationError, ValidationException
from cloudlet.server.http import Response
from cloudlet.server.protocols.rest import read_text
from cloudlet.server.protocols.shapes import ShapeReader
from cloudlet.server.protocols.xml_body import to_bytes, write_error, write_members

if TYPE_CHECKING:
    from botocore.model import OperationModel, ServiceModel, Shape

    from cloudlet.server.errors import ServiceError
    from cloudlet.server.http import Request
    from cloudlet.server.service import Service

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
_CONTENT_TYPE = [("content-type", "text/xml")]


def is_form(request: Request) -> bool:
    content_type = request.headers.get("content-type", "")
    return content_type.split(";")[0].strip().lower() == FORM_CONTENT_TYPE


def form_params(request: Request) -> dict[str, str]:
    """The request's parameters: the query string, then a form body (which wins)."""
    params = dict(request.query()) if request.query_string else {}
    if request.body and is_form(request):
        params.update(parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True))
    return params


def namespace(model: ServiceModel) -> str:
    meta = model.metadata
    default = f"https://{meta.get('endpointPrefix')}.amazonaws.com/doc/{meta.get('apiVersion')}/"
    return str(meta.get("xmlNamespace", default))


class _Node:
    """One dotted key's part: ``A.B.1`` -> node A, child B, child 1."""

    __slots__ = ("children", "value")

    def __init__(self) -> None:
        self.value: str | None = None
        self.children: dict[str, _Node] = {}


def _tree(params: dict[str, str]) -> _Node:
    root = _Node()
    for key, value in params.items():
        node = root
        for part in key.split("."):
            node = node.children.setdefault(part, _Node())
        node.value = value
    return root


def _indexed(node: _Node) -> list[_Node]:
    """Children ``1``, ``2``, .. in numeric order (other keys ignored)."""
    items = [(int(k), child) for k, child in node.children.items() if k.isdigit()]
    return [child for _, child in sorted(items, key=lambda pair: pair[0])]


def _read(shape: Shape, node: _Node) -> Any:
    kind = shape.type_name
    if kind == "structure":
        return _read_structure(shape, node)
    if kind == "list":
        return _read_list(shape, node, bool(shape.serialization.get("flattened")))
    if kind == "map":
        entries = node if shape.serialization.get("flattened") else node.children.get("entry")
        if entries is None:
            return {}
        key_name = shape.key.serialization.get("name", "key")
        value_name = shape.value.serialization.get("name", "value")
        out = {}
        for entry in _indexed(entries):
            key, value = entry.children.get(key_name), entry.children.get(value_name)
            if key is not None and key.value is not None and value is not None:
                out[key.value] = _read(shape.value, value)
        return out
    if node.value is None:
        return None
    return read_text(shape, node.value, "iso8601")


def _read_list(shape: Shape, node: _Node, flattened: bool) -> list[Any]:
    items = node if flattened else node.children.get(
        shape.member.serialization.get("name", "member"))
    if items is None:
        return []
    return [_read(shape.member, item) for item in _indexed(items)]


def _read_structure(shape: Shape, node: _Node) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, member in shape.members.items():
        flattened_list = member.type_name == "list" and member.serialization.get("flattened")
        if flattened_list and member.member.serialization.get("name"):
            # botocore replaces the member's own name with the list member's locationName.
            key = member.member.serialization["name"]
        else:
            key = member.serialization.get("name", name)
        child = node.children.get(key)
        if child is None:
            continue
        value = _read(member, child)
        if value is not None:
            out[name] = value
    return out


class QueryProtocol:
    def parse(self, service: Service, operation: OperationModel, request: Request,
              params: dict[str, str]) -> dict[str, Any]:
        shape = operation.input_shape
        if shape is None:
            return {}
        form = params or form_params(request)
        raw = _read_structure(shape, _tree(form))
        try:
            return ShapeReader(service.opaque_shapes).read_input(shape, raw)
        except ValidationException as error:
            raise ValidationError(error.message) from None

    def serialize(self, service: Service, operation: OperationModel,
                  output: dict[str, Any], request_id: str = "") -> Response:
        name = operation.name
        root = ElementTree.Element(f"{name}Response", xmlns=namespace(service.model))
        shape = operation.output_shape
        if shape is not None:
            wrapper = shape.serialization.get("resultWrapper")
            result = ElementTree.SubElement(root, wrapper) if wrapper else root
            write_members(result, shape, output)
        metadata = ElementTree.SubElement(root, "ResponseMetadata")
        ElementTree.SubElement(metadata, "RequestId").text = request_id
        return Response(200, to_bytes(root), list(_CONTENT_TYPE))

    def serialize_error(self, service: Service, error: ServiceError,
                        request_id: str = "") -> Response:
        root = ElementTree.Element("ErrorResponse", xmlns=namespace(service.model))
        body = ElementTree.SubElement(root, "Error")
        ElementTree.SubElement(body, "Type").text = "Sender" if error.sender_fault else "Receiver"
        write_error(body, error)
        ElementTree.SubElement(root, "RequestId").text = request_id
        headers = list(_CONTENT_TYPE)
        headers.extend(error.headers)
        return Response(error.status, to_bytes(root), headers)

