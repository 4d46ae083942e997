"""Object changes with their notifications, each in one transaction (the change record
pattern: an acknowledged change always has its queued events, ``events.py``)."""

from __future__ import annotations

from cloudlet.services.s3 import events
from cloudlet.services.s3.store import Bucket, ObjectRow, S3Store


def commit_object(st: S3Store, bucket: Bucket, row: ObjectRow, event: str, *,
                  requester: str, request_id: str) -> ObjectRow:
    """Store ``row`` as the key's latest version and queue ``event`` for it."""
    with st.write() as garbage:
        st.put(row, garbage)
        events.record_change(st, bucket, event, row, requester=requester,
                             request_id=request_id)
    return row


def delete_recorded(st: S3Store, bucket: Bucket, key: str, version_id: str | None,
                    family: str, *, requester: str, request_id: str) -> ObjectRow | None:
    """Delete a key (a version, or add a delete marker) and queue ``<family>:Delete`` or
    ``<family>:DeleteMarkerCreated`` (``ObjectRemoved``, ``LifecycleExpiration``)."""
    with st.write() as garbage:
        removed = st.delete(bucket.name, key, version_id, garbage)
        if removed is not None:
            kind = "DeleteMarkerCreated" if removed.marker and version_id is None else "Delete"
            events.record_change(st, bucket, f"{family}:{kind}", removed,
                                 requester=requester, request_id=request_id)
    return removed
