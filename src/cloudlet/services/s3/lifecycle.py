"""Lifecycle expiration, applied by a worker on the server's clock.

https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html
An enabled rule's ``Expiration.Days`` expires a current object at midnight UTC after
``LastModified + Days`` (S3 rounds up to the next midnight); ``Expiration.Date`` expires
matching objects from that date on. A rule applies to keys under its ``Filter`` (Prefix,
Tag, ObjectSizeGreaterThan/LessThan, or ``And`` of them; the legacy top-level ``Prefix``
too). In a versioned bucket expiring a current version adds a delete marker. Each
expiration sends ``s3:LifecycleExpiration:*`` events. The worker looks every
``INTERVAL_S`` seconds of server time.

LIMITATIONS: transitions, noncurrent-version expiration, ExpiredObjectDeleteMarker and
AbortIncompleteMultipartUpload are stored but not applied.
"""

from __future__ import annotations

import logging
import math
from typing import Any

from cloudlet.server.protocols.rest import to_datetime
from cloudlet.server.state import ServerState
from cloudlet.services.s3.changes import delete_recorded
from cloudlet.services.s3.registry import service, store_of
from cloudlet.services.s3.store import ObjectRow, S3Store

log = logging.getLogger("cloudlet")
INTERVAL_S = 60.0
DAY = 86400.0


def _filter_of(rule: dict[str, Any]) -> dict[str, Any]:
    spec = dict(rule.get("Filter") or {})
    if "And" in spec:
        spec = {**spec.pop("And"), **spec}
    if "Tag" in spec:
        spec.setdefault("Tags", []).append(spec.pop("Tag"))
    if rule.get("Prefix") is not None:
        spec.setdefault("Prefix", rule["Prefix"])
    return spec


def _applies(spec: dict[str, Any], row: ObjectRow) -> bool:
    if any(row.tags.get(t["Key"]) != t.get("Value", "") for t in spec.get("Tags", [])):
        return False
    if "ObjectSizeGreaterThan" in spec and row.size <= spec["ObjectSizeGreaterThan"]:
        return False
    return not ("ObjectSizeLessThan" in spec and row.size >= spec["ObjectSizeLessThan"])


def due(row: ObjectRow, expiration: dict[str, Any]) -> float | None:
    """When ``expiration`` expires ``row`` (epoch seconds), or None."""
    if expiration.get("Days") is not None:
        return float(math.ceil((row.modified + float(expiration["Days"]) * DAY) / DAY) * DAY)
    if expiration.get("Date") is not None:
        return to_datetime(expiration["Date"]).timestamp()
    return None


def expire_once(st: S3Store) -> int:
    """Apply every bucket's expiration rules now; how many objects expired."""
    now = st.clock.now()
    count = 0
    for bucket in st.all_buckets():
        for rule in st.setting(bucket.name, "lifecycle") or []:
            expiration = rule.get("Expiration") or {}
            if rule.get("Status") != "Enabled" or not expiration:
                continue
            spec = _filter_of(rule)
            # Only objects old enough can be due: LastModified + Days <= now.
            cutoff = now - float(expiration["Days"]) * DAY + 1 if expiration.get("Days") else now + 1
            for row in st.modified_before(bucket.name, spec.get("Prefix") or "", cutoff):
                when = due(row, expiration)
                if when is None or when > now or not _applies(spec, row):
                    continue
                delete_recorded(st, bucket, row.key, None, "LifecycleExpiration",
                                requester="s3.amazonaws.com", request_id=f"lifecycle-{row.seq}")
                count += 1
    return count


@service.worker("s3.lifecycle")
async def apply_lifecycle(state: ServerState) -> None:
    """Expire what the lifecycle rules say is due, every INTERVAL_S of server time."""
    st = store_of(state)
    while True:
        expired = expire_once(st)
        if expired:
            log.info("S3 lifecycle expired %d objects", expired)
        await state.clock.sleep(INTERVAL_S)
