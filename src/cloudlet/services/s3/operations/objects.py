"""Objects: put, get, head, delete (one or many), copy.

- https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html: the ETag is the
  quoted MD5 of the bytes; Content-MD5 and x-amz-checksum-* (header or aws-chunked
  trailer) are verified (BadDigest); user metadata (x-amz-meta-*) and the content headers
  are stored and answered back.
- https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html: Range answers 206
  with Content-Range; response-* query parameters override the answered headers;
  conditional headers answer 304/412 (``objects_io.check_conditions``).
- https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html: deleting a
  missing key succeeds (204); in a versioned bucket it creates a delete marker.
- https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html: MetadataDirective
  COPY (default) or REPLACE; copying an object onto itself needs REPLACE (InvalidRequest).

- PartNumber on GetObject/HeadObject reads one part of a multipart object (206, with
  PartsCount); a non-multipart object is its one part 1.

LIMITATIONS: no SSE-C, object lock, ACLs (accepted and ignored); objects completed before
part sizes were recorded answer PartNumber as one part.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote

from cloudlet.server.context import RequestContext
from cloudlet.server.errors import MalformedXML
from cloudlet.server.protocols.rest_xml import STATUS_MEMBER as STATUS
from cloudlet.services.s3.blobs import stream_file
from cloudlet.services.s3.changes import commit_object, delete_recorded
from cloudlet.services.s3.errors import (
    InvalidArgument,
    InvalidPartNumber,
    InvalidRequest,
    MethodNotAllowed,
    NoSuchKey,
    PreconditionFailed,
)
from cloudlet.services.s3.objects_io import (
    check_conditions,
    checksum_members,
    describe,
    metadata_of,
    modified_at,
    parse_range,
    parse_tagging,
    receive_body,
)
from cloudlet.services.s3.registry import service, store
from cloudlet.services.s3.shapes import (
    CopyObjectRequest,
    DeleteObjectRequest,
    DeleteObjectsRequest,
    GetObjectRequest,
    HeadObjectRequest,
    PutObjectRequest,
)
from cloudlet.services.s3.store import Bucket, ObjectRow, S3Store

_OVERRIDES = {"ResponseCacheControl": "CacheControl",
              "ResponseContentDisposition": "ContentDisposition",
              "ResponseContentEncoding": "ContentEncoding",
              "ResponseContentLanguage": "ContentLanguage",
              "ResponseContentType": "ContentType", "ResponseExpires": "Expires"}


def _version_out(st: S3Store, bucket: str, row: ObjectRow) -> dict[str, Any]:
    return {"VersionId": row.version_id} if st.versioning(bucket) else {}


def _check_write_conditions(st: S3Store, bucket: str, req: PutObjectRequest) -> None:
    """Conditional writes: ``If-None-Match: *`` fails (412) when the key exists;
    ``If-Match`` fails when its ETag differs (404 NoSuchKey when there is no object).
    https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html"""
    if_none_match, if_match = req.get("IfNoneMatch"), req.get("IfMatch")
    if if_none_match is None and if_match is None:
        return
    current = st.find(bucket, req["Key"])
    exists = current is not None and not current.marker
    if if_none_match == "*" and exists:
        raise PreconditionFailed(Condition="If-None-Match")
    if if_match is not None:
        if current is None or not exists:
            raise NoSuchKey(Key=req["Key"])
        if if_match.strip('"') != current.etag.strip('"') and if_match != "*":
            raise PreconditionFailed(Condition="If-Match")


@service.operation("PutObject")
async def put_object(ctx: RequestContext, req: PutObjectRequest) -> dict[str, Any]:
    """Store an object from the (streamed) body as the key's latest version."""
    st = store(ctx)
    bucket = st.bucket(req["Bucket"])
    _check_write_conditions(st, bucket.name, req)
    written = await receive_body(ctx, st, req)
    meta = metadata_of(ctx, req)
    if written.checksums:
        meta["Checksums"] = written.checksums
    row = ObjectRow(bucket.name, req["Key"], size=written.size, etag=f'"{written.md5}"',
                    modified=st.clock.now(), meta=meta, tags=parse_tagging(req.get("Tagging")),
                    path=str(written.path))
    try:
        commit_object(st, bucket, row, "ObjectCreated:Put", requester=ctx.account,
                      request_id=ctx.request_id)
    except BaseException:
        st.blobs.remove(written.path)
        raise
    return {"ETag": row.etag, **checksum_members(row), **_version_out(st, bucket.name, row)}


def _read(ctx: RequestContext, req: Mapping[str, Any]) -> tuple[S3Store, ObjectRow]:
    st = store(ctx)
    st.bucket(req["Bucket"])
    row = st.get(req["Bucket"], req["Key"], req.get("VersionId"))
    check_conditions(row, req.get("IfMatch"), req.get("IfNoneMatch"),
                     req.get("IfModifiedSince"), req.get("IfUnmodifiedSince"))
    return st, row


def _part_span(req: Mapping[str, Any], row: ObjectRow, out: dict[str, Any]) -> tuple[int, int]:
    """The bytes of part ``PartNumber`` (a non-multipart object is its one part 1); the
    multipart object's PartsCount joins the answer. InvalidPartNumber (416) past the last."""
    if req.get("Range"):
        raise InvalidRequest("Cannot specify both Range header and partNumber query parameter")
    sizes: list[int] = row.meta.get("PartSizes") or [row.size]
    number = int(req["PartNumber"])
    if not 1 <= number <= 10000:
        raise InvalidArgument("Part number must be an integer between 1 and 10000, inclusive",
                              ArgumentName="partNumber", ArgumentValue=number)
    if number > len(sizes) or row.size == 0:
        raise InvalidPartNumber()
    if row.meta.get("PartSizes"):
        out["PartsCount"] = len(sizes)
    first = sum(sizes[:number - 1])
    return first, first + sizes[number - 1] - 1


def _answer(st: S3Store, req: Mapping[str, Any], row: ObjectRow) -> dict[str, Any]:
    out = describe(row, st.versioning(row.bucket) is not None)
    if req.get("PartNumber") is not None:
        span: tuple[int, int] | None = _part_span(req, row, out)
    else:
        span = parse_range(req.get("Range"), row.size)
    if span is None:
        if req.get("ChecksumMode") == "ENABLED":
            out.update(checksum_members(row))
    else:
        out[STATUS] = 206
        out["ContentLength"] = span[1] - span[0] + 1
        out["ContentRange"] = f"bytes {span[0]}-{span[1]}/{row.size}"
    for request_member, output_member in _OVERRIDES.items():
        if req.get(request_member):
            out[output_member] = req[request_member]
    return out


@service.operation("GetObject")
def get_object(ctx: RequestContext, req: GetObjectRequest) -> dict[str, Any]:
    """The object's bytes, streamed from its file, with its metadata headers."""
    st, row = _read(ctx, req)
    out = _answer(st, req, row)
    start = 0
    if STATUS in out:
        start = int(out["ContentRange"].split(" ")[1].split("-")[0])
    handle = open(row.path, "rb")  # noqa: SIM115 (closed by the stream)
    out["Body"] = stream_file(handle, start, out["ContentLength"])
    return out


@service.operation("HeadObject")
def head_object(ctx: RequestContext, req: HeadObjectRequest) -> dict[str, Any]:
    """GetObject's headers without the body."""
    st, row = _read(ctx, req)
    return _answer(st, req, row)


def delete_one(ctx: RequestContext, st: S3Store, bucket: Bucket, key: str,
               version_id: str | None) -> dict[str, Any]:
    """DeleteObject's effect and output members (shared with DeleteObjects)."""
    removed = delete_recorded(st, bucket, key, version_id, "ObjectRemoved",
                              requester=ctx.account, request_id=ctx.request_id)
    if removed is None:
        return {}
    out: dict[str, Any] = {}
    if removed.marker:
        out["DeleteMarker"] = True
    if removed.version_id != "null" or version_id is not None:
        out["VersionId"] = removed.version_id
    return out


@service.operation("DeleteObject")
def delete_object(ctx: RequestContext, req: DeleteObjectRequest) -> dict[str, Any]:
    """Delete a key or one version (a delete marker when versioned)."""
    st = store(ctx)
    bucket = st.bucket(req["Bucket"])
    return delete_one(ctx, st, bucket, req["Key"], req.get("VersionId"))


@service.operation("DeleteObjects")
def delete_objects(ctx: RequestContext, req: DeleteObjectsRequest) -> dict[str, Any]:
    """Up to 1000 keys; Quiet answers only the errors.
    https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html"""
    st = store(ctx)
    bucket = st.bucket(req["Bucket"])
    spec = req["Delete"]
    objects = spec.get("Objects", [])
    if len(objects) > 1000:
        raise MalformedXML()
    deleted = []
    for item in objects:
        out = delete_one(ctx, st, bucket, item["Key"], item.get("VersionId"))
        entry: dict[str, Any] = {"Key": item["Key"]}
        if item.get("VersionId"):
            entry["VersionId"] = item["VersionId"]
        if out.get("DeleteMarker"):
            entry["DeleteMarker"] = True
            entry["DeleteMarkerVersionId"] = out.get("VersionId")
        deleted.append(entry)
    return {} if spec.get("Quiet") else {"Deleted": deleted}


def parse_copy_source(text: str) -> tuple[str, str, str | None]:
    """``bucket/key[?versionId=v]`` (URL-encoded, optional leading slash)."""
    path, _, query = text.partition("?")
    bucket, _, key = unquote(path).lstrip("/").partition("/")
    if not bucket or not key:
        raise InvalidArgument("Invalid copy source object key", ArgumentName="x-amz-copy-source")
    version = parse_qs(query).get("versionId", [None])[0]
    return bucket, key, version


def copy_source(ctx: RequestContext, st: S3Store, req: Mapping[str, Any]) -> ObjectRow:
    """The object a copy reads, its x-amz-copy-source-if-* conditions checked (412)."""
    bucket, key, version = parse_copy_source(req["CopySource"])
    st.bucket(bucket)
    try:
        row = st.get(bucket, key, version)
    except NoSuchKey as missing:
        missing.headers.clear()
        raise
    except MethodNotAllowed:
        raise InvalidRequest("The source of a copy request may not specifically refer to a"
                             " delete marker by version id.") from None
    check_conditions(row, req.get("CopySourceIfMatch"), req.get("CopySourceIfNoneMatch"),
                     req.get("CopySourceIfModifiedSince"), req.get("CopySourceIfUnmodifiedSince"),
                     copy=True)
    return row


@service.operation("CopyObject")
def copy_object(ctx: RequestContext, req: CopyObjectRequest) -> dict[str, Any]:
    """Copy an object (its bytes shared, its metadata copied or replaced)."""
    st = store(ctx)
    bucket = st.bucket(req["Bucket"])
    source = copy_source(ctx, st, req)
    replace = req.get("MetadataDirective") == "REPLACE"
    if (source.bucket, source.key) == (bucket.name, req["Key"]) and not replace \
            and not req.get("StorageClass") and not req.get("WebsiteRedirectLocation"):
        raise InvalidRequest(
            "This copy request is illegal because it is trying to copy an object to itself"
            " without changing the object's metadata, storage class, website redirect"
            " location or encryption attributes.")
    meta = metadata_of(ctx, req) if replace else dict(source.meta)
    if replace and source.meta.get("Checksums"):
        meta["Checksums"] = source.meta["Checksums"]
    tags = parse_tagging(req.get("Tagging")) if req.get("TaggingDirective") == "REPLACE" \
        else dict(source.tags)
    path = st.blobs.link_copy(Path(source.path))
    row = ObjectRow(bucket.name, req["Key"], size=source.size, etag=source.etag,
                    modified=st.clock.now(), meta=meta, tags=tags, path=str(path))
    try:
        commit_object(st, bucket, row, "ObjectCreated:Copy", requester=ctx.account,
                      request_id=ctx.request_id)
    except BaseException:
        st.blobs.remove(path)
        raise
    result: dict[str, Any] = {"ETag": row.etag, "LastModified": modified_at(row)}
    result.update({k: v for k, v in checksum_members(row).items() if k != "ChecksumType"})
    out: dict[str, Any] = {"CopyObjectResult": result, **_version_out(st, bucket.name, row)}
    if source.version_id != "null":
        out["CopySourceVersionId"] = source.version_id
    return out
