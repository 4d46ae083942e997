"""Listing: ListObjects (v1), ListObjectsV2 and ListObjectVersions.

https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
- Keys come in UTF-8 binary order. ``Delimiter`` rolls keys that share the text up to the
  delimiter after ``Prefix`` into one ``CommonPrefixes`` entry; contents and common
  prefixes together count against ``MaxKeys`` (default 1000, at most 1000).
- v2 pages with an opaque ``NextContinuationToken`` (and ``StartAfter`` on the first
  page); v1 with ``Marker``/``NextMarker`` (NextMarker only with a delimiter, as AWS).
- ``EncodingType=url`` percent-encodes keys, prefixes, delimiters and markers.
https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html: versions
newest first within a key, delete markers apart, paged by KeyMarker/VersionIdMarker.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from cloudlet.server.context import RequestContext
from cloudlet.services.s3.errors import InvalidArgument
from cloudlet.services.s3.operations.buckets import owner
from cloudlet.services.s3.registry import service, store
from cloudlet.services.s3.shapes import (
    ListObjectsRequest,
    ListObjectsV2Request,
    ListObjectVersionsRequest,
)
from cloudlet.services.s3.store import ObjectRow, S3Store

_AFTER_ALL = "\U0010ffff"
Fetch = Callable[[str, str, str, int], list[ObjectRow]]


def _cursor_after(after: str, prefix: str, delimiter: str) -> str:
    """Where a walk resumes after ``after``: past every key of a common prefix it names."""
    if delimiter and after.startswith(prefix) and after.endswith(delimiter) \
            and delimiter in after[len(prefix):]:
        return after + _AFTER_ALL
    return after


def walk(fetch: Fetch, bucket: str, prefix: str, delimiter: str, after: str,
         max_keys: int) -> tuple[list[ObjectRow], list[str], bool]:
    """Up to ``max_keys`` rows and common prefixes after ``after``; whether more follow."""
    rows: list[ObjectRow] = []
    prefixes: list[str] = []
    cursor = _cursor_after(after, prefix, delimiter)
    while True:
        batch = fetch(bucket, prefix, cursor, 1000)
        if not batch:
            return rows, prefixes, False
        for row in batch:
            common = None
            if delimiter:
                at = row.key.find(delimiter, len(prefix))
                if at >= 0:
                    common = row.key[:at + len(delimiter)]
            if common is not None and prefixes and prefixes[-1] == common:
                continue
            if len(rows) + len(prefixes) >= max_keys:
                return rows, prefixes, True
            if common is not None:
                prefixes.append(common)
                cursor = common + _AFTER_ALL
                break
            rows.append(row)
            cursor = row.key
        else:
            if len(batch) < 1000:
                return rows, prefixes, False


def _encoder(req: Mapping[str, Any]) -> Callable[[str], str]:
    if req.get("EncodingType") == "url":
        return lambda text: quote(text, safe="/")
    return lambda text: text


def _max_keys(req: Mapping[str, Any]) -> int:
    value = req.get("MaxKeys", 1000)
    if value < 0:
        raise InvalidArgument("Argument maxKeys must be an integer between 0 and 2147483647",
                              ArgumentName="maxKeys")
    return min(int(value), 1000)


def entry(row: ObjectRow, with_owner: bool, account: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "Key": row.key, "LastModified": datetime.fromtimestamp(row.modified, UTC),
        "ETag": row.etag, "Size": row.size,
        "StorageClass": row.meta.get("StorageClass", "STANDARD"),
    }
    found = row.meta.get("Checksums") or {}
    if found:
        out["ChecksumAlgorithm"] = sorted(found)
        out["ChecksumType"] = ("COMPOSITE" if any("-" in v for v in found.values())
                               else "FULL_OBJECT")
    if with_owner:
        out["Owner"] = owner(account)
    return out


def _listing(ctx: RequestContext, req: Mapping[str, Any], after: str, with_owner: bool
             ) -> tuple[S3Store, dict[str, Any], list[ObjectRow], bool]:
    st = store(ctx)
    bucket = st.bucket(req["Bucket"])
    encode = _encoder(req)
    prefix = req.get("Prefix") or ""
    delimiter = req.get("Delimiter") or ""
    max_keys = _max_keys(req)
    rows, prefixes, truncated = walk(st.latest_from, bucket.name, prefix, delimiter, after,
                                     max_keys)
    out: dict[str, Any] = {"Name": bucket.name, "Prefix": encode(prefix), "MaxKeys": max_keys,
                           "IsTruncated": truncated}
    if rows:
        out["Contents"] = [entry(r, with_owner, bucket.account) for r in rows]
        for item in out["Contents"]:
            item["Key"] = encode(item["Key"])
    if prefixes:
        out["CommonPrefixes"] = [{"Prefix": encode(p)} for p in prefixes]
    if delimiter:
        out["Delimiter"] = encode(delimiter)
    if req.get("EncodingType"):
        out["EncodingType"] = req["EncodingType"]
    last = max([r.key for r in rows] + prefixes) if (rows or prefixes) else ""
    out["_last"] = last
    return st, out, rows, truncated


@service.operation("ListObjectsV2")
def list_objects_v2(ctx: RequestContext, req: ListObjectsV2Request) -> dict[str, Any]:
    """A page of current objects (see the module docstring)."""
    token = req.get("ContinuationToken")
    if token is not None:
        try:
            after = base64.urlsafe_b64decode(token.encode()).decode()
        except (binascii.Error, UnicodeDecodeError, ValueError):
            raise InvalidArgument("The continuation token provided is incorrect",
                                  ArgumentName="continuation-token") from None
    else:
        after = req.get("StartAfter") or ""
    _, out, rows, truncated = _listing(ctx, req, after, bool(req.get("FetchOwner")))
    last = out.pop("_last")
    out["KeyCount"] = len(rows) + len(out.get("CommonPrefixes", []))
    if token is not None:
        out["ContinuationToken"] = token
    if req.get("StartAfter"):
        out["StartAfter"] = _encoder(req)(req["StartAfter"])
    if truncated:
        out["NextContinuationToken"] = base64.urlsafe_b64encode(last.encode()).decode()
    return out


@service.operation("ListObjects")
def list_objects(ctx: RequestContext, req: ListObjectsRequest) -> dict[str, Any]:
    """A page of current objects, v1 style (Marker/NextMarker)."""
    marker = req.get("Marker") or ""
    _, out, _, truncated = _listing(ctx, req, marker, True)
    last = out.pop("_last")
    out["Marker"] = _encoder(req)(marker)
    if truncated and req.get("Delimiter"):
        out["NextMarker"] = _encoder(req)(last)
    return out


@service.operation("ListObjectVersions")
def list_object_versions(ctx: RequestContext, req: ListObjectVersionsRequest) -> dict[str, Any]:
    """A page of versions and delete markers, newest first per key."""
    st = store(ctx)
    bucket = st.bucket(req["Bucket"])
    encode = _encoder(req)
    prefix = req.get("Prefix") or ""
    delimiter = req.get("Delimiter") or ""
    max_keys = _max_keys(req)
    key_marker = req.get("KeyMarker") or ""
    version_marker = req.get("VersionIdMarker")
    rows: list[ObjectRow] = []
    if key_marker and version_marker:
        same = st.versions_from(bucket.name, key_marker, "",
                                10000)
        same = [r for r in same if r.key == key_marker]
        ids = [r.version_id for r in same]
        if version_marker in ids:
            rows = same[ids.index(version_marker) + 1:]
    found, prefixes, truncated = walk(st.versions_from, bucket.name, prefix, delimiter,
                                      key_marker, max_keys + 1 - len(rows))
    found = _all_versions(st, bucket.name, found)
    rows = (rows + found)
    if len(rows) + len(prefixes) > max_keys:
        truncated = True
        rows = rows[:max(0, max_keys - len(prefixes))]
    versions, markers = [], []
    for row in rows:
        item: dict[str, Any] = {"Key": encode(row.key), "VersionId": row.version_id,
                                "IsLatest": row.latest,
                                "LastModified": datetime.fromtimestamp(row.modified, UTC),
                                "Owner": owner(bucket.account)}
        if row.marker:
            markers.append(item)
        else:
            item.update(ETag=row.etag, Size=row.size,
                        StorageClass=row.meta.get("StorageClass", "STANDARD"))
            versions.append(item)
    out: dict[str, Any] = {"Name": bucket.name, "Prefix": encode(prefix), "MaxKeys": max_keys,
                           "IsTruncated": truncated, "KeyMarker": encode(key_marker)}
    if version_marker:
        out["VersionIdMarker"] = version_marker
    if req.get("EncodingType"):
        out["EncodingType"] = req["EncodingType"]
    if versions:
        out["Versions"] = versions
    if markers:
        out["DeleteMarkers"] = markers
    if prefixes:
        out["CommonPrefixes"] = [{"Prefix": encode(p)} for p in prefixes]
    if delimiter:
        out["Delimiter"] = encode(delimiter)
    if truncated and rows:
        out["NextKeyMarker"] = encode(rows[-1].key)
        out["NextVersionIdMarker"] = rows[-1].version_id
    return out


def _all_versions(st: S3Store, bucket: str, rows: list[ObjectRow]) -> list[ObjectRow]:
    """``walk`` yields one row per key (it skips repeats of a key as it skips a common
    prefix's keys); expand each key to all its versions, newest first."""
    out: list[ObjectRow] = []
    seen: set[str] = set()
    for row in rows:
        if row.key in seen:
            continue
        seen.add(row.key)
        out.extend(r for r in st.versions_from(bucket, row.key, "", 10000) if r.key == row.key)
    return out
