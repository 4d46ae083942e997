"""GetObjectAttributes: an object's ETag, checksum, parts, storage class and size at once.

https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html: only the
attributes named in ``x-amz-object-attributes`` are answered; the ETag without quotes;
ObjectParts only for a multipart object, paged by ``x-amz-max-parts`` (default 1000) and
``x-amz-part-number-marker``; Last-Modified (and x-amz-version-id in a versioned bucket) as
headers. A version id naming a delete marker is 405 (``S3Store.get``).
"""

from __future__ import annotations

from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.services.s3.objects_io import checksum_members, modified_at
from cloudlet.services.s3.registry import service, store
from cloudlet.services.s3.shapes import GetObjectAttributesRequest
from cloudlet.services.s3.store import ObjectRow


def _parts(row: ObjectRow, req: GetObjectAttributesRequest) -> dict[str, Any]:
    sizes: list[int] = row.meta["PartSizes"]
    sums: list[dict[str, str]] = row.meta.get("PartChecksums") or [{} for _ in sizes]
    marker = int(req.get("PartNumberMarker") or 0)
    max_parts = min(int(req.get("MaxParts") or 1000), 1000)
    numbers = [n for n in range(1, len(sizes) + 1) if n > marker]
    page = numbers[:max_parts]
    out: dict[str, Any] = {
        "TotalPartsCount": len(sizes), "PartNumberMarker": marker, "MaxParts": max_parts,
        "IsTruncated": len(numbers) > len(page),
        "Parts": [{"PartNumber": n, "Size": sizes[n - 1],
                   **{f"Checksum{a}": v for a, v in sums[n - 1].items()}} for n in page],
    }
    if out["IsTruncated"]:
        out["NextPartNumberMarker"] = page[-1]
    return out


@service.operation("GetObjectAttributes")
def get_object_attributes(ctx: RequestContext, req: GetObjectAttributesRequest) -> dict[str, Any]:
    """The requested attributes of the object (or of one version)."""
    st = store(ctx)
    st.bucket(req["Bucket"])
    row = st.get(req["Bucket"], req["Key"], req.get("VersionId"))
    wanted = {name.strip() for item in req["ObjectAttributes"] for name in item.split(",")}
    out: dict[str, Any] = {"LastModified": modified_at(row)}
    if st.versioning(row.bucket):
        out["VersionId"] = row.version_id
    if "ETag" in wanted:
        out["ETag"] = row.etag.strip('"')
    found = checksum_members(row)
    if "Checksum" in wanted and found:
        out["Checksum"] = {k: v.split("-")[0] for k, v in found.items()}
    if "ObjectParts" in wanted and row.meta.get("PartSizes"):
        out["ObjectParts"] = _parts(row, req)
    if "StorageClass" in wanted:
        out["StorageClass"] = row.meta.get("StorageClass") or "STANDARD"
    if "ObjectSize" in wanted:
        out["ObjectSize"] = row.size
    return out
