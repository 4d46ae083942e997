"""POST Object: browser-form uploads (``multipart/form-data`` to ``/{bucket}``), as boto3's
``generate_presigned_post`` prepares them.

https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html
- Fields: ``key`` (``${filename}`` is replaced by the file's name), ``file`` (the last
  field), the content headers (Content-Type, Cache-Control, Content-Disposition,
  Content-Encoding, Expires), ``x-amz-meta-*``, ``success_action_status`` (200, 201 with
  a ``PostResponse`` document, or 204, the default) and ``success_action_redirect``
  (303 to it, with bucket, key and etag in its query string).
- A ``policy`` whose ``expiration`` has passed answers 403 AccessDenied "Invalid according
  to Policy: Policy expired." (its conditions and signature are not checked).
- The upload sends ``s3:ObjectCreated:Post`` events.

LIMITATIONS: the form is read into memory (no streaming); policy conditions are not
enforced.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any
from urllib.parse import urlencode
from xml.etree import ElementTree

import orjson

from cloudlet.clock import new_id
from cloudlet.server.context import account_for
from cloudlet.server.http import Request, Response
from cloudlet.server.protocols.rest import to_datetime
from cloudlet.server.protocols.xml_body import to_bytes
from cloudlet.server.state import ServerState
from cloudlet.services.s3.changes import commit_object
from cloudlet.services.s3.errors import AccessDenied, InvalidArgument
from cloudlet.services.s3.objects_io import DEFAULT_CONTENT_TYPE, stored_content_encoding
from cloudlet.services.s3.registry import store_of
from cloudlet.services.s3.store import ObjectRow

_BOUNDARY = re.compile(r'boundary="?([^";]+)"?')
_DISPOSITION = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')
_CONTENT_FIELDS = {"content-type": "ContentType", "cache-control": "CacheControl",
                   "content-disposition": "ContentDisposition",
                   "content-encoding": "ContentEncoding"}


def is_form_post(request: Request) -> bool:
    return (request.method == "POST" and not request.query_string
            and request.headers.get("content-type", "").startswith("multipart/form-data")
            and request.path.strip("/") != "" and "/" not in request.path.strip("/"))


def parse_form(content_type: str, body: bytes) -> tuple[dict[str, str], bytes, str]:
    """The form's text fields (names lower-cased), the file's bytes and its filename."""
    found = _BOUNDARY.search(content_type)
    if found is None:
        raise InvalidArgument("POST requires exactly one file upload per request.")
    delimiter = b"--" + found.group(1).encode()
    fields: dict[str, str] = {}
    for part in body.split(delimiter)[1:]:
        if part.startswith(b"--"):
            break
        head, _, value = part.lstrip(b"\r\n").partition(b"\r\n\r\n")
        value = value.removesuffix(b"\r\n")
        headers = head.decode("utf-8", "replace")
        params = dict(_DISPOSITION.findall(headers))
        name = params.get("name", "").lower()
        if name == "file":
            return fields, value, params.get("filename", "")
        fields[name] = value.decode("utf-8", "replace")
    raise InvalidArgument("POST requires exactly one file upload per request.",
                          ArgumentName="file", ArgumentValue=0)


def _check_policy(text: str | None, now: float) -> None:
    if not text:
        return
    try:
        policy = orjson.loads(base64.b64decode(text))
        expiration = to_datetime(policy["expiration"]).timestamp()
    except (binascii.Error, ValueError, KeyError, TypeError):
        raise InvalidArgument("Invalid Policy: Invalid JSON.", ArgumentName="policy") from None
    if now > expiration:
        raise AccessDenied("Invalid according to Policy: Policy expired.")


def _metadata(fields: dict[str, str]) -> dict[str, Any]:
    meta: dict[str, Any] = {member: fields[name] for name, member in _CONTENT_FIELDS.items()
                            if fields.get(name)}
    encoding = stored_content_encoding(meta.get("ContentEncoding"))
    meta.pop("ContentEncoding", None)
    if encoding:
        meta["ContentEncoding"] = encoding
    meta.setdefault("ContentType", DEFAULT_CONTENT_TYPE)
    if fields.get("expires"):
        meta["Expires"] = fields["expires"]
    user = {k[len("x-amz-meta-"):]: v for k, v in fields.items() if k.startswith("x-amz-meta-")}
    if user:
        meta["Metadata"] = user
    return meta


def _answer(fields: dict[str, str], bucket: str, row: ObjectRow, location: str) -> Response:
    redirect = fields.get("success_action_redirect") or fields.get("redirect")
    if redirect:
        query = urlencode({"bucket": bucket, "key": row.key, "etag": row.etag})
        joiner = "&" if "?" in redirect else "?"
        return Response(303, b"", [("etag", row.etag), ("location", f"{redirect}{joiner}{query}")])
    headers = [("etag", row.etag), ("location", location)]
    status = fields.get("success_action_status", "204")
    if status == "201":
        root = ElementTree.Element("PostResponse")
        for name, value in (("Location", location), ("Bucket", bucket), ("Key", row.key),
                            ("ETag", row.etag)):
            ElementTree.SubElement(root, name).text = value
        return Response(201, to_bytes(root), [*headers, ("content-type", "application/xml")])
    return Response(200 if status == "200" else 204, b"", headers)


async def post_object(state: ServerState, request: Request) -> Response:
    """Store the form's file as an object (see the module docstring)."""
    st = store_of(state)
    bucket = st.bucket(request.path.strip("/"))
    fields, data, filename = parse_form(request.headers.get("content-type", ""), request.body)
    if "key" not in fields:
        raise InvalidArgument("Bucket POST must contain a field named 'key'.  If it is"
                              " specified, please check the order of the fields.",
                              ArgumentName="key", ArgumentValue="")
    _check_policy(fields.get("policy"), st.clock.now())
    key = fields["key"].replace("${filename}", filename)
    written = st.blobs.write(data, chunked=False, algorithms=[])
    row = ObjectRow(bucket.name, key, size=written.size, etag=f'"{written.md5}"',
                    modified=st.clock.now(), meta=_metadata(fields), path=str(written.path))
    credential = fields.get("x-amz-credential", "").split("/", 1)[0]
    requester = account_for(fields.get("awsaccesskeyid") or credential)
    try:
        commit_object(st, bucket, row, "ObjectCreated:Post", requester=requester,
                      request_id=new_id())
    except BaseException:
        st.blobs.remove(written.path)
        raise
    return _answer(fields, bucket.name, row, f"/{bucket.name}/{key}")
