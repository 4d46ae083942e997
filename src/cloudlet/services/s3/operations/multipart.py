"""Multipart uploads: create, upload parts (or copy them), complete, abort, list.

https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html
- Part numbers 1-10,000; uploading a number again replaces that part.
- CompleteMultipartUpload lists parts in ascending order (InvalidPartOrder) with the
  ETags they were answered with (InvalidPart); every part but the last is at least 5 MiB
  (EntityTooSmall). The object's ETag is the MD5 of the concatenated binary MD5s of its
  parts, then ``-<part count>``.
https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html: a part copied
from an object, optionally a byte range of it (``x-amz-copy-source-range: bytes=a-b``).
"""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.errors import MalformedXML
from cloudlet.services.s3 import checksums
from cloudlet.services.s3.changes import commit_object
from cloudlet.services.s3.errors import (
    EntityTooSmall,
    InvalidArgument,
    InvalidPart,
    InvalidPartOrder,
    InvalidRequest,
)
from cloudlet.services.s3.objects_io import (
    checksum_members,
    metadata_of,
    parse_tagging,
    receive_body,
)
from cloudlet.services.s3.operations.buckets import owner
from cloudlet.services.s3.operations.objects import copy_source
from cloudlet.services.s3.registry import service, store
from cloudlet.services.s3.shapes import (
    AbortMultipartUploadRequest,
    CompleteMultipartUploadRequest,
    CreateMultipartUploadRequest,
    ListMultipartUploadsRequest,
    ListPartsRequest,
    UploadPartCopyRequest,
    UploadPartRequest,
)
from cloudlet.services.s3.store import ObjectRow, Part

MIN_PART = 5 * 1024 * 1024


def _part_number(value: int) -> int:
    if not 1 <= value <= 10000:
        raise InvalidArgument("Part number must be an integer between 1 and 10000, inclusive",
                              ArgumentName="partNumber", ArgumentValue=value)
    return value


@service.operation("CreateMultipartUpload")
def create_multipart_upload(ctx: RequestContext, req: CreateMultipartUploadRequest) -> dict[str, Any]:
    """Start an upload; the object's metadata and tags are fixed now."""
    st = store(ctx)
    st.bucket(req["Bucket"])
    meta = metadata_of(ctx, req)
    meta["Tags"] = parse_tagging(req.get("Tagging"))
    if req.get("ChecksumAlgorithm"):
        meta["ChecksumAlgorithm"] = req["ChecksumAlgorithm"]
    with st.write():
        upload = st.create_upload(req["Bucket"], req["Key"], meta)
    out: dict[str, Any] = {"Bucket": upload.bucket, "Key": upload.key, "UploadId": upload.id}
    if req.get("ChecksumAlgorithm"):
        out["ChecksumAlgorithm"] = req["ChecksumAlgorithm"]
        out["ChecksumType"] = req.get("ChecksumType") or "COMPOSITE"
    return out


@service.operation("UploadPart")
async def upload_part(ctx: RequestContext, req: UploadPartRequest) -> dict[str, Any]:
    """Store one part (streamed to disk, checksums verified); answer its ETag."""
    st = store(ctx)
    st.bucket(req["Bucket"])
    upload = st.upload(req["Bucket"], req["Key"], req["UploadId"])
    number = _part_number(req["PartNumber"])
    written = await receive_body(ctx, st, req)
    part = Part(number, written.size, f'"{written.md5}"', st.clock.now(), written.checksums,
                str(written.path))
    st.put_part(upload.id, part)
    out: dict[str, Any] = {"ETag": part.etag}
    out.update({f"Checksum{a}": v for a, v in written.checksums.items()})
    return out


@service.operation("UploadPartCopy")
async def upload_part_copy(ctx: RequestContext, req: UploadPartCopyRequest) -> dict[str, Any]:
    """Store one part copied from an object, or from a byte range of it."""
    st = store(ctx)
    st.bucket(req["Bucket"])
    upload = st.upload(req["Bucket"], req["Key"], req["UploadId"])
    number = _part_number(req["PartNumber"])
    source = copy_source(ctx, st, req)
    first, last = 0, source.size - 1
    text = req.get("CopySourceRange")
    if text:
        try:
            a, _, b = text.removeprefix("bytes=").partition("-")
            first, last = int(a), int(b)
        except ValueError:
            raise InvalidArgument("The x-amz-copy-source-range value must be of the form"
                                  " bytes=first-last where first and last are the zero-based"
                                  " offsets of the first and last bytes to copy",
                                  ArgumentName="x-amz-copy-source-range") from None
        if first > last or last >= source.size:
            raise InvalidRequest(f"The specified copy range is invalid for the source object"
                                 f" size: {source.size}")
    path, md5 = await asyncio.to_thread(st.blobs.copy_range, Path(source.path), first, last)
    part = Part(number, last - first + 1, f'"{md5}"', st.clock.now(), {}, str(path))
    st.put_part(upload.id, part)
    out: dict[str, Any] = {"CopyPartResult": {"ETag": part.etag,
                                              "LastModified": datetime.fromtimestamp(part.modified, UTC)}}
    if source.version_id != "null":
        out["CopySourceVersionId"] = source.version_id
    return out


def _chosen_parts(listed: list[dict[str, Any]], stored: dict[int, Part]) -> list[Part]:
    if not listed:
        raise MalformedXML()
    chosen: list[Part] = []
    previous = 0
    for item in listed:
        number = int(item.get("PartNumber", 0))
        if number <= previous:
            raise InvalidPartOrder()
        previous = number
        part = stored.get(number)
        if part is None or item.get("ETag", "").strip('"') != part.etag.strip('"'):
            raise InvalidPart(PartNumber=number, ETag=item.get("ETag"))
        chosen.append(part)
    for part in chosen[:-1]:
        if part.size < MIN_PART:
            raise EntityTooSmall(ProposedSize=part.size, MinSizeAllowed=MIN_PART,
                                 PartNumber=part.number, ETag=part.etag)
    return chosen


@service.operation("CompleteMultipartUpload")
async def complete_multipart_upload(ctx: RequestContext, req: CompleteMultipartUploadRequest) -> dict[str, Any]:
    """Join the listed parts into the object (see the module docstring)."""
    st = store(ctx)
    bucket = st.bucket(req["Bucket"])
    upload = st.upload(req["Bucket"], req["Key"], req["UploadId"])
    stored = {p.number: p for p in st.parts(upload.id)}
    chosen = _chosen_parts((req.get("MultipartUpload") or {}).get("Parts", []), stored)
    digest = hashlib.md5(b"".join(bytes.fromhex(p.etag.strip('"')) for p in chosen))  # noqa: S324
    path = await asyncio.to_thread(st.blobs.concatenate, [Path(p.path) for p in chosen])
    meta = dict(upload.meta)
    tags = meta.pop("Tags", {})
    algorithm = meta.pop("ChecksumAlgorithm", None)
    if algorithm and all(algorithm in p.checksums for p in chosen):
        meta["Checksums"] = {algorithm: checksums.composite(
            algorithm, [p.checksums[algorithm] for p in chosen])}
        meta["PartChecksums"] = [{algorithm: p.checksums[algorithm]} for p in chosen]
    meta["PartsCount"] = len(chosen)
    meta["PartSizes"] = [p.size for p in chosen]
    row = ObjectRow(bucket.name, upload.key, size=sum(p.size for p in chosen),
                    etag=f'"{digest.hexdigest()}-{len(chosen)}"', modified=st.clock.now(),
                    meta=meta, tags=tags, path=str(path))
    with st.write() as garbage:
        # Re-check inside the transaction: a concurrent Complete or Abort may have won.
        st.upload(req["Bucket"], req["Key"], upload.id)
        st.drop_upload(upload.id, garbage)
    commit_object(st, bucket, row, "ObjectCreated:CompleteMultipartUpload",
                  requester=ctx.account, request_id=ctx.request_id)
    out: dict[str, Any] = {"Location": f"/{bucket.name}/{upload.key}", "Bucket": bucket.name,
                           "Key": upload.key, "ETag": row.etag, **checksum_members(row)}
    if st.versioning(bucket.name):
        out["VersionId"] = row.version_id
    return out


@service.operation("AbortMultipartUpload")
def abort_multipart_upload(ctx: RequestContext, req: AbortMultipartUploadRequest) -> dict[str, Any]:
    """Drop an upload and its parts (NoSuchUpload when unknown)."""
    st = store(ctx)
    st.bucket(req["Bucket"])
    upload = st.upload(req["Bucket"], req["Key"], req["UploadId"])
    with st.write() as garbage:
        st.drop_upload(upload.id, garbage)
    return {}


@service.operation("ListParts")
def list_parts(ctx: RequestContext, req: ListPartsRequest) -> dict[str, Any]:
    """The parts uploaded so far, by number, paged by PartNumberMarker."""
    st = store(ctx)
    st.bucket(req["Bucket"])
    upload = st.upload(req["Bucket"], req["Key"], req["UploadId"])
    marker = int(req.get("PartNumberMarker") or 0)
    max_parts = min(int(req.get("MaxParts", 1000)), 1000)
    parts = [p for p in st.parts(upload.id) if p.number > marker]
    truncated = len(parts) > max_parts
    parts = parts[:max_parts]
    out: dict[str, Any] = {
        "Bucket": upload.bucket, "Key": upload.key, "UploadId": upload.id,
        "PartNumberMarker": marker, "MaxParts": max_parts, "IsTruncated": truncated,
        "Initiator": owner(bucket_owner := st.bucket(upload.bucket).account),
        "Owner": owner(bucket_owner), "StorageClass": "STANDARD",
        "Parts": [{"PartNumber": p.number, "LastModified": datetime.fromtimestamp(p.modified, UTC),
                   "ETag": p.etag, "Size": p.size,
                   **{f"Checksum{a}": v for a, v in p.checksums.items()}} for p in parts],
    }
    if truncated and parts:
        out["NextPartNumberMarker"] = parts[-1].number
    return out


@service.operation("ListMultipartUploads")
def list_multipart_uploads(ctx: RequestContext, req: ListMultipartUploadsRequest) -> dict[str, Any]:
    """The bucket's uploads in progress, by key."""
    st = store(ctx)
    bucket = st.bucket(req["Bucket"])
    prefix = req.get("Prefix") or ""
    key_marker = req.get("KeyMarker") or ""
    max_uploads = min(int(req.get("MaxUploads", 1000)), 1000)
    found = [u for u in st.uploads(bucket.name) if u.key.startswith(prefix) and u.key > key_marker]
    truncated = len(found) > max_uploads
    found = found[:max_uploads]
    out: dict[str, Any] = {
        "Bucket": bucket.name, "KeyMarker": key_marker, "UploadIdMarker": "",
        "MaxUploads": max_uploads, "IsTruncated": truncated, "Prefix": prefix,
        "Uploads": [{"UploadId": u.id, "Key": u.key,
                     "Initiated": datetime.fromtimestamp(u.initiated, UTC),
                     "StorageClass": "STANDARD", "Owner": owner(bucket.account),
                     "Initiator": owner(bucket.account)} for u in found],
    }
    if truncated and found:
        out["NextKeyMarker"] = found[-1].key
        out["NextUploadIdMarker"] = found[-1].id
    return out
