"""AWS rest-xml (S3, Route 53, CloudFront): routed like rest-json (``rest.py``), with XML
bodies.

The body is the input's payload member (a structure as its own root element, a blob or
string as the raw body) or, without a payload, the body members inside the input
shape's ``locationName`` element. Results are written the same way: the payload member,
or the output's body members under a root element named by the output shape's
``locationName`` (else ``<Operation>Result``), in the service's namespace. Errors are
S3's ``<Error><Code/><Message/><RequestId/></Error>`` with the error's status.

A blob payload a handler returns as an async iterator of bytes (S3's GetObject ``Body``)
is streamed as the response body (``Response.stream``), never held in memory; an output's
``STATUS_MEMBER`` sets the status (206 Partial Content). Root element
names AWS uses that the model does not state (S3's ``ListBucketResult``) are in
``ROOT_NAMES``; GetBucketLocation's document is the bare ``<LocationConstraint>`` element.
An error with status 304 (S3's NotModified) has no body.

LIMITATIONS: event-stream payloads (S3 SelectObjectContent) are not written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from cloudlet.server.errors import MalformedXML
from cloudlet.server.http import Response
from cloudlet.server.protocols.rest import RestProtocol, write_locations
from cloudlet.server.protocols.xml_body import (
    member_key,
    read_members,
    to_bytes,
    write_error,
    write_members,
)

if TYPE_CHECKING:
    from botocore.model import OperationModel, ServiceModel, Shape

    from cloudlet.server.errors import ServiceError
    from cloudlet.server.service import Service


# https://docs.aws.amazon.com/AmazonS3/latest/API/ (each operation's "Response Syntax").
ROOT_NAMES = {
    "ListBuckets": "ListAllMyBucketsResult",
    "ListObjects": "ListBucketResult",
    "ListObjectsV2": "ListBucketResult",
    "ListObjectVersions": "ListVersionsResult",
    "ListMultipartUploads": "ListMultipartUploadsResult",
    "ListParts": "ListPartsResult",
    "CreateMultipartUpload": "InitiateMultipartUploadResult",
    "CompleteMultipartUpload": "CompleteMultipartUploadResult",
    "DeleteObjects": "DeleteResult",
    "GetBucketVersioning": "VersioningConfiguration",
    "GetBucketTagging": "Tagging",
    "GetObjectTagging": "Tagging",
    "GetBucketCors": "CORSConfiguration",
    "GetBucketLifecycleConfiguration": "LifecycleConfiguration",
    "GetBucketNotificationConfiguration": "NotificationConfiguration",
    "GetBucketAcl": "AccessControlPolicy",
    "GetObjectAcl": "AccessControlPolicy",
}
# An output member the model does not have, naming the response's status: S3's 206 for a
# GetObject with Range, which the model cannot express.
STATUS_MEMBER = "__status"
# Operations whose whole document is one element holding the member's text.
TEXT_ROOTS = {"GetBucketLocation": "LocationConstraint"}


def namespace(model: ServiceModel) -> str:
    meta = model.metadata
    default = f"http://{meta.get('endpointPrefix')}.amazonaws.com/doc/{meta.get('apiVersion')}/"
    return str(meta.get("xmlNamespace", default))


def _load(body: bytes) -> ElementTree.Element:
    try:
        return ElementTree.fromstring(body)
    except ElementTree.ParseError:
        raise MalformedXML() from None


class RestXmlProtocol(RestProtocol):
    def read_payload(self, member: Shape, body: bytes) -> Any:
        return read_members(_load(body), member)

    def read_body(self, shape: Shape, members: dict[str, Shape], body: bytes) -> dict[str, Any]:
        return read_members(_load(body), shape)

    def serialize(self, service: Service, operation: OperationModel,
                  output: dict[str, Any], request_id: str = "") -> Response:
        status = int(operation.http.get("responseCode", 200))
        shape = operation.output_shape
        headers = [("x-amz-request-id", request_id)] if request_id else []
        if shape is None:
            return Response(status, b"", headers)
        status = int(output.get(STATUS_MEMBER, status))
        status, located, body = write_locations(shape, output, status)
        headers.extend(located)
        payload_name = shape.serialization.get("payload")
        if payload_name is not None:
            member = shape.members[payload_name]
            value = body.get(payload_name)
            if value is None:
                return Response(status, b"", headers)
            if member.type_name == "blob" and hasattr(value, "__aiter__"):
                return Response(status, b"", headers, stream=value)
            if member.type_name in ("blob", "string"):
                data = value if isinstance(value, bytes) else str(value).encode()
                return Response(status, data, headers)
            root = self._root(service, member, member_key(member, payload_name), value)
        elif operation.name in TEXT_ROOTS:
            root = ElementTree.Element(TEXT_ROOTS[operation.name], xmlns=namespace(service.model))
            root.text = next((str(v) for v in body.values() if v), None)
        elif any(not m.serialization.get("location") for m in shape.members.values()):
            name = shape.serialization.get(
                "name", ROOT_NAMES.get(operation.name, f"{operation.name}Result"))
            root = self._root(service, shape, name, body)
        else:
            return Response(status, b"", headers)
        headers.append(("content-type", "application/xml"))
        return Response(status, to_bytes(root), headers)

    @staticmethod
    def _root(service: Service, shape: Shape, name: str, value: dict[str, Any]) -> ElementTree.Element:
        root = ElementTree.Element(name)
        ns = shape.serialization.get("xmlNamespace")
        if isinstance(ns, dict) and ns.get("prefix"):
            root.set(f"xmlns:{ns['prefix']}", ns["uri"])
        root.set("xmlns", ns["uri"] if isinstance(ns, dict) and not ns.get("prefix")
                 else ns if isinstance(ns, str) else namespace(service.model))
        write_members(root, shape, value)
        return root

    def serialize_error(self, service: Service, error: ServiceError,
                        request_id: str = "") -> Response:
        root = ElementTree.Element("Error")
        write_error(root, error)
        ElementTree.SubElement(root, "RequestId").text = request_id
        headers = [("content-type", "application/xml")]
        if request_id:
            headers.append(("x-amz-request-id", request_id))
        headers.extend(error.headers)
        if error.status == 304:
            return Response(304, b"", [h for h in headers if h[0] != "content-type"])
        return Response(error.status, to_bytes(root), headers)

