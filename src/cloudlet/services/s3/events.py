"""Event notifications: which destinations a change goes to, and the records they get.

https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html (EventBridge shapes)

``record_change`` runs inside the object change's transaction (``S3Store.write``) and puts
one durable message per matching destination on the ``s3.notifications`` queue of the
same database, so an acknowledged write always gets its notification (``notify.py``
delivers them). A configuration matches an event when one of its ``Events`` is the event's
name or a ``s3:ObjectCreated:*``-style wildcard over it, and the key passes the
configuration's ``prefix``/``suffix`` filter rules. With ``EventBridgeConfiguration``
every event also goes to the account's default event bus.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote_plus

import orjson

from cloudlet.server.protocols.rest import format_timestamp
from cloudlet.services.s3.store import Bucket, ObjectRow, S3Store

QUEUE = "s3.notifications"
# Configuration list -> destination kind and the member naming its ARN.
DESTINATIONS = (
    ("LambdaFunctionConfigurations", "lambda", "LambdaFunctionArn"),
    ("QueueConfigurations", "sqs", "QueueArn"),
    ("TopicConfigurations", "sns", "TopicArn"),
)
_EVENTBRIDGE_REASONS = {
    "ObjectCreated:Put": "PutObject", "ObjectCreated:Post": "POST Object",
    "ObjectCreated:Copy": "CopyObject",
    "ObjectCreated:CompleteMultipartUpload": "CompleteMultipartUpload",
    "ObjectRemoved:Delete": "DeleteObject", "ObjectRemoved:DeleteMarkerCreated": "DeleteObject",
    "LifecycleExpiration:Delete": "Lifecycle Expiration",
}


def iso(moment: float) -> str:
    return format_timestamp(datetime.fromtimestamp(moment, UTC), "iso8601")


def _matches(config: dict[str, Any], event: str, key: str) -> bool:
    name = f"s3:{event}"
    if not any(p == name or (p.endswith(":*") and name.startswith(p[:-1]))
               for p in config.get("Events", [])):
        return False
    rules = config.get("Filter", {}).get("Key", {}).get("FilterRules", [])
    for rule in rules:
        kind = str(rule.get("Name", "")).lower()
        value = str(rule.get("Value", ""))
        if kind == "prefix" and not key.startswith(value):
            return False
        if kind == "suffix" and not key.endswith(value):
            return False
    return True


def _record(bucket: Bucket, event: str, row: ObjectRow, config_id: str,
            requester: str, request_id: str, when: float) -> dict[str, Any]:
    obj: dict[str, Any] = {"key": quote_plus(row.key, safe="/"), "sequencer": row.sequencer}
    if event.startswith("ObjectCreated"):
        obj["size"] = row.size
        obj["eTag"] = row.etag.strip('"')
    if row.version_id != "null":
        obj["versionId"] = row.version_id
    return {
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "awsRegion": bucket.region,
        "eventTime": iso(when),
        "eventName": event,
        "userIdentity": {"principalId": requester},
        "requestParameters": {"sourceIPAddress": "127.0.0.1"},
        "responseElements": {"x-amz-request-id": request_id.replace("-", "")[:16].upper(),
                             "x-amz-id-2": request_id},
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": config_id,
            "bucket": {"name": bucket.name, "ownerIdentity": {"principalId": bucket.account},
                       "arn": f"arn:aws:s3:::{bucket.name}"},
            "object": obj,
        },
    }


def _eventbridge_entry(bucket: Bucket, event: str, row: ObjectRow, requester: str,
                       request_id: str, when: float) -> dict[str, Any]:
    created = event.startswith("ObjectCreated")
    obj: dict[str, Any] = {"key": row.key, "sequencer": row.sequencer}
    if created:
        obj.update(size=row.size, etag=row.etag.strip('"'))
    if row.version_id != "null":
        obj["version-id"] = row.version_id
    detail: dict[str, Any] = {
        "version": "0", "bucket": {"name": bucket.name}, "object": obj,
        "request-id": request_id, "requester": requester,
        "source-ip-address": "127.0.0.1", "reason": _EVENTBRIDGE_REASONS.get(event, event),
    }
    if not created:
        detail["deletion-type"] = ("Delete Marker Created" if event.endswith("DeleteMarkerCreated")
                                   else "Permanently Deleted")
    return {"Source": "aws.s3", "DetailType": "Object Created" if created else "Object Deleted",
            "Detail": orjson.dumps(detail).decode(), "Resources": [f"arn:aws:s3:::{bucket.name}"],
            "Time": iso(when)}


def record_change(st: S3Store, bucket: Bucket, event: str, row: ObjectRow, *,
                  requester: str, request_id: str) -> int:
    """Queue the notifications of one change (call inside its transaction); how many."""
    config = st.setting(bucket.name, "notification") or {}
    when = st.clock.now()
    queued = 0
    for list_name, kind, arn_member in DESTINATIONS:
        for item in config.get(list_name, []):
            if not _matches(item, event, row.key):
                continue
            body = {"Records": [_record(bucket, event, row, item.get("Id", ""), requester,
                                        request_id, when)]}
            enqueue(st, kind, item[arn_member], bucket, body)
            queued += 1
    if "EventBridgeConfiguration" in config:
        entry = _eventbridge_entry(bucket, event, row, requester, request_id, when)
        enqueue(st, "events", f"arn:aws:events:{bucket.region}:{bucket.account}:event-bus/default",
                bucket, {"Entries": [entry]})
        queued += 1
    return queued


def enqueue(st: S3Store, kind: str, arn: str, bucket: Bucket, body: dict[str, Any]) -> None:
    payload = {"kind": kind, "arn": arn, "account": bucket.account, "region": bucket.region,
               "body": body}
    st.queues.put(QUEUE, orjson.dumps(payload), target=arn)


def test_event(bucket: Bucket, request_id: str, when: float) -> dict[str, Any]:
    """The ``s3:TestEvent`` message sent to SQS and SNS destinations on configuration."""
    return {"Service": "Amazon S3", "Event": "s3:TestEvent", "Time": iso(when),
            "Bucket": bucket.name, "RequestId": request_id.replace("-", "")[:16].upper(),
            "HostId": request_id}
