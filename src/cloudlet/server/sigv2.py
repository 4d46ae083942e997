"""S3's signature version 2 in a presigned URL (``AWSAccessKeyId``, ``Signature``,
``Expires``): what boto3's ``generate_presigned_url`` makes for S3 unless the client is
configured for ``s3v4``.

https://docs.aws.amazon.com/AmazonS3/latest/userguide/RESTAuthentication.html#RESTAuthenticationQueryStringAuth
The string to sign, as botocore's ``HmacV1QueryAuth`` builds it::

    METHOD \\n Content-MD5 \\n Content-Type \\n Expires \\n
    x-amz-* headers and query parameters (name:value\\n, sorted) + the resource

where the resource is the path as sent followed by the sub-resources of interest
(``?acl``, ``versionId=``, ``response-content-type=``...), sorted, values decoded.

LIMITATIONS: path-style URLs only (a virtual-hosted URL's bucket is not prefixed to the
resource); the ``Authorization: AWS KEY:SIG`` header form is not read.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, unquote

if TYPE_CHECKING:
    from cloudlet.server.http import Request

_SUBRESOURCES = frozenset((
    "accelerate", "acl", "cors", "defaultObjectAcl", "location", "logging", "partNumber",
    "policy", "requestPayment", "torrent", "versioning", "versionId", "versions", "website",
    "uploads", "uploadId", "response-content-type", "response-content-language",
    "response-expires", "response-cache-control", "response-content-disposition",
    "response-content-encoding", "delete", "lifecycle", "tagging", "restore", "storageClass",
    "notification", "replication", "analytics", "metrics", "inventory", "select",
    "select-type", "object-lock"))


@dataclass(frozen=True, slots=True)
class QuerySignature:
    key_id: str
    signature: str
    expires: int  # epoch seconds
    token: str | None


def read(request: Request) -> QuerySignature | None:
    """The version 2 signature of a presigned URL, or None when it has none."""
    if "AWSAccessKeyId=" not in request.query_string:
        return None
    params = dict(parse_qsl(request.query_string, keep_blank_values=True))
    if not {"AWSAccessKeyId", "Signature", "Expires"} <= params.keys() \
            or not params["Expires"].isdigit():
        return None
    return QuerySignature(params["AWSAccessKeyId"], params["Signature"],
                          int(params["Expires"]), params.get("x-amz-security-token"))


def string_to_sign(request: Request, sig: QuerySignature) -> str:
    amz: dict[str, str] = {}
    for name, value in request.raw_headers:
        if name.startswith("x-amz-"):
            amz[name] = f"{amz[name]},{value.strip()}" if name in amz else value.strip()
    resource_params = []
    for pair in request.query_string.split("&"):
        name, sep, value = pair.partition("=")
        if name.lower().startswith("x-amz-"):
            amz[name.lower()] = unquote(value)
        elif name in _SUBRESOURCES:
            resource_params.append((name, f"{name}={unquote(value)}" if sep else name))
    resource = request.raw_path
    if resource_params:
        resource += "?" + "&".join(text for _, text in sorted(resource_params,
                                                               key=lambda p: p[0]))
    custom = "".join(f"{name}:{amz[name]}\n" for name in sorted(amz))
    return (f"{request.method.upper()}\n{request.headers.get('content-md5', '').strip()}\n"
            f"{request.headers.get('content-type', '').strip()}\n{sig.expires}\n"
            f"{custom}{resource}")


def sign(secret: str, text: str) -> str:
    digest = hmac.new(secret.encode(), text.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()
