"""What PutObject, UploadPart, GetObject and HeadObject share: receiving a body (checked
against the checksums the client sent), the metadata stored with an object, the headers
it is answered with, conditional requests and byte ranges.

- https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
- https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
- Conditional requests (RFC 7232 as S3 applies it): If-Match failing -> 412; If-None-Match
  matching -> 304; If-Unmodified-Since only when If-Match is absent, If-Modified-Since only
  when If-None-Match is absent; dates compare to the second.
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-requests.html
"""

from __future__ import annotations

import asyncio
import base64
import math
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

from cloudlet.server.context import RequestContext
from cloudlet.server.protocols.rest import to_datetime
from cloudlet.services.s3 import checksums
from cloudlet.services.s3.blobs import Written
from cloudlet.services.s3.errors import (
    BadDigest,
    InvalidArgument,
    InvalidDigest,
    InvalidRange,
    InvalidTag,
    NotModified,
    PreconditionFailed,
)
from cloudlet.services.s3.store import ObjectRow, S3Store

# Request members copied into an object's stored metadata, answered back as they came.
CONTENT_MEMBERS = ("ContentType", "ContentEncoding", "ContentDisposition", "ContentLanguage",
                   "CacheControl", "WebsiteRedirectLocation", "StorageClass",
                   "ServerSideEncryption")
DEFAULT_CONTENT_TYPE = "binary/octet-stream"


def _requested_algorithms(ctx: RequestContext, req: Mapping[str, Any]) -> list[str]:
    wanted = {a for a in checksums.ALGORITHMS if req.get(f"Checksum{a}")}
    trailer = ctx.headers.get("x-amz-trailer", "").lower()
    for name in trailer.split(","):
        name = name.strip()
        if name.startswith("x-amz-checksum-"):
            wanted.add(name[len("x-amz-checksum-"):].upper())
    algorithm = req.get("ChecksumAlgorithm") or ctx.headers.get("x-amz-sdk-checksum-algorithm")
    if algorithm:
        wanted.add(str(algorithm).upper())
    unknown = wanted - set(checksums.ALGORITHMS)
    if unknown:
        raise InvalidArgument(f"not supported: checksum algorithm {sorted(unknown)[0]}")
    return sorted(wanted)


async def receive_body(ctx: RequestContext, st: S3Store, req: Mapping[str, Any]) -> Written:
    """The request's body in a new file, its MD5 and checksums verified (BadDigest)."""
    body = ctx.extra.get("body_file") or req.get("Body") or b""
    if isinstance(body, str):
        body = body.encode()
    chunked = "aws-chunked" in ctx.headers.get("content-encoding", "")
    algorithms = _requested_algorithms(ctx, req)
    written = await asyncio.to_thread(st.blobs.write, body, chunked=chunked, algorithms=algorithms)
    try:
        _verify(req, written)
    except Exception:
        st.blobs.remove(written.path)
        raise
    return written


def _verify(req: Mapping[str, Any], written: Written) -> None:
    md5 = req.get("ContentMD5")
    if md5:
        try:
            sent = base64.b64decode(md5, validate=True)
        except ValueError:
            raise InvalidDigest() from None
        if len(sent) != 16:
            raise InvalidDigest()
        if sent.hex() != written.md5:
            raise BadDigest()
    for algorithm, value in written.checksums.items():
        sent_value = req.get(f"Checksum{algorithm}") or written.trailers.get(
            f"x-amz-checksum-{algorithm.lower()}")
        if sent_value and sent_value != value:
            raise BadDigest(f"The {algorithm} you specified did not match the calculated checksum.")


def stored_content_encoding(value: str | None) -> str | None:
    """Content-Encoding without the transport's ``aws-chunked``."""
    if not value:
        return None
    kept = [v.strip() for v in value.split(",") if v.strip() and v.strip() != "aws-chunked"]
    return ",".join(kept) or None


def metadata_of(ctx: RequestContext, req: Mapping[str, Any]) -> dict[str, Any]:
    """The metadata an object is stored with, from a Put/Copy/CreateMultipartUpload request."""
    meta: dict[str, Any] = {k: req[k] for k in CONTENT_MEMBERS if req.get(k)}
    encoding = stored_content_encoding(meta.get("ContentEncoding"))
    if encoding is None:
        meta.pop("ContentEncoding", None)
    else:
        meta["ContentEncoding"] = encoding
    meta.setdefault("ContentType", DEFAULT_CONTENT_TYPE)
    if ctx.headers.get("expires"):
        meta["Expires"] = ctx.headers["expires"]
    if req.get("Metadata"):
        meta["Metadata"] = {k.lower(): v for k, v in req["Metadata"].items()}
    return meta


def parse_tagging(text: str | None) -> dict[str, str]:
    """``x-amz-tagging`` (``k1=v1&k2=v2``) as a tag map (InvalidTag past 10 tags)."""
    if not text:
        return {}
    tags = dict(parse_qsl(text, keep_blank_values=True))
    if len(tags) > 10:
        raise InvalidTag("Object tags cannot be greater than 10")
    return tags


def modified_at(row: ObjectRow) -> datetime:
    return datetime.fromtimestamp(row.modified, UTC)


def describe(row: ObjectRow, versioned: bool) -> dict[str, Any]:
    """The headers GetObject and HeadObject answer for an object."""
    meta = row.meta
    out: dict[str, Any] = {
        "AcceptRanges": "bytes",
        "LastModified": modified_at(row),
        "ContentLength": row.size,
        "ETag": row.etag,
    }
    for key in CONTENT_MEMBERS:
        if meta.get(key) and not (key == "StorageClass" and meta[key] == "STANDARD"):
            out[key] = meta[key]
    if meta.get("Expires"):
        out["Expires"] = meta["Expires"]
    if meta.get("Metadata"):
        out["Metadata"] = meta["Metadata"]
    if row.tags:
        out["TagCount"] = len(row.tags)
    if versioned:
        out["VersionId"] = row.version_id
    return out


def checksum_members(row: ObjectRow) -> dict[str, Any]:
    """``Checksum<ALG>`` members (and ChecksumType) of a stored object."""
    found = row.meta.get("Checksums") or {}
    out: dict[str, Any] = {f"Checksum{a}": v for a, v in found.items()}
    if out:
        out["ChecksumType"] = "COMPOSITE" if any("-" in v for v in found.values()) else "FULL_OBJECT"
    return out


def _second(value: Any) -> float:
    return math.floor(to_datetime(value).timestamp())


def _etag_matches(condition: str, etag: str) -> bool:
    wanted = {c.strip() for c in condition.split(",")}
    return "*" in wanted or etag in wanted or etag.strip('"') in wanted


def check_conditions(row: ObjectRow, if_match: str | None, if_none_match: str | None,
                     modified_since: Any, unmodified_since: Any, *, copy: bool = False) -> None:
    """PreconditionFailed (412) or NotModified (304) per the rules in the module docstring;
    for CopyObject's x-amz-copy-source-if-* every failure is a 412."""
    modified = math.floor(row.modified)
    if if_match is not None and not _etag_matches(if_match, row.etag):
        raise PreconditionFailed(Condition="If-Match")
    if if_match is None and unmodified_since is not None and modified > _second(unmodified_since):
        raise PreconditionFailed(Condition="If-Unmodified-Since")
    not_modified: NotModified | PreconditionFailed | None = None
    if if_none_match is not None and _etag_matches(if_none_match, row.etag) or if_none_match is None and modified_since is not None and modified <= _second(modified_since):
        not_modified = NotModified()
    if not_modified is not None:
        if copy:
            raise PreconditionFailed(Condition="x-amz-copy-source-If-None-Match")
        not_modified.headers.extend([("ETag", row.etag), ("Last-Modified", modified_at(row)
                                                           .strftime("%a, %d %b %Y %H:%M:%S GMT"))])
        raise not_modified


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """``bytes=a-b``, ``bytes=a-`` or ``bytes=-n`` as (first, last) inclusive; None for no
    range, or one S3 ignores (malformed, several ranges); InvalidRange (416) past the end."""
    if not header or not header.startswith("bytes=") or "," in header:
        return None
    first_text, sep, last_text = header[6:].strip().partition("-")
    if not sep:
        return None
    try:
        if not first_text:
            suffix = int(last_text)
            if suffix <= 0 or size == 0:
                raise InvalidRange(RangeRequested=header, ActualObjectSize=size)
            return max(0, size - suffix), size - 1
        first = int(first_text)
        last = int(last_text) if last_text else max(first, size - 1)
    except ValueError:
        return None
    if last < first:
        return None
    if first >= size:
        raise InvalidRange(RangeRequested=header, ActualObjectSize=size)
    return first, min(last, size - 1)
