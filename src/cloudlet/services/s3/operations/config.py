"""Bucket and object settings: versioning, tagging, CORS, policy, lifecycle, notifications.

Each is stored as the request's structure (``bucket_settings``) and answered back as is.
- https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketVersioning.html
- https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketTagging.html (50 tags per
  bucket, 10 per object, keys unique: InvalidTag)
- https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketCors.html (answered by
  ``edge.py`` for preflight requests)
- https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html (must be JSON:
  MalformedPolicy; evaluated by the server's IAM check, ``resource_policy``)
- https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html
  (Expiration by Days or Date applied by ``lifecycle.py``)
- https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html
  (configurations without an Id get one; a destination that does not exist is
  InvalidArgument "Unable to validate the following destination configurations"; SQS and
  SNS destinations get an ``s3:TestEvent``)
Missing settings answer AWS's 404 codes (NoSuchTagSet, NoSuchCORSConfiguration,
NoSuchBucketPolicy, NoSuchLifecycleConfiguration).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

import orjson

from cloudlet.policy.resource_policies import bump
from cloudlet.server.context import RequestContext
from cloudlet.services.s3 import events
from cloudlet.services.s3.errors import (
    InvalidArgument,
    InvalidTag,
    MalformedPolicy,
    NoSuchBucketPolicy,
    NoSuchConfiguration,
    NoSuchCORSConfiguration,
    NoSuchLifecycleConfiguration,
    NoSuchTagSet,
)
from cloudlet.services.s3.notify import missing_destination
from cloudlet.services.s3.registry import service, store
from cloudlet.services.s3.shapes import (
    DeleteBucketCorsRequest,
    DeleteBucketLifecycleRequest,
    DeleteBucketPolicyRequest,
    DeleteBucketTaggingRequest,
    DeleteObjectTaggingRequest,
    GetBucketCorsRequest,
    GetBucketLifecycleConfigurationRequest,
    GetBucketNotificationConfigurationRequest,
    GetBucketPolicyRequest,
    GetBucketTaggingRequest,
    GetBucketVersioningRequest,
    GetObjectTaggingRequest,
    PutBucketCorsRequest,
    PutBucketLifecycleConfigurationRequest,
    PutBucketNotificationConfigurationRequest,
    PutBucketPolicyRequest,
    PutBucketTaggingRequest,
    PutBucketVersioningRequest,
    PutObjectTaggingRequest,
)
from cloudlet.services.s3.store import S3Store

_MISSING: dict[str, type[NoSuchConfiguration]] = {
    "tags": NoSuchTagSet, "cors": NoSuchCORSConfiguration, "policy": NoSuchBucketPolicy,
    "lifecycle": NoSuchLifecycleConfiguration,
}
EVENT_NAMES = frozenset({
    "s3:ObjectCreated:*", "s3:ObjectCreated:Put", "s3:ObjectCreated:Post",
    "s3:ObjectCreated:Copy", "s3:ObjectCreated:CompleteMultipartUpload",
    "s3:ObjectRemoved:*", "s3:ObjectRemoved:Delete", "s3:ObjectRemoved:DeleteMarkerCreated",
    "s3:LifecycleExpiration:*", "s3:LifecycleExpiration:Delete",
    "s3:LifecycleExpiration:DeleteMarkerCreated", "s3:ObjectTagging:*", "s3:ObjectTagging:Put",
    "s3:ObjectTagging:Delete", "s3:ObjectRestore:*", "s3:ObjectRestore:Post",
    "s3:ObjectRestore:Completed", "s3:ObjectRestore:Delete", "s3:ReducedRedundancyLostObject",
    "s3:Replication:*", "s3:IntelligentTiering", "s3:ObjectAcl:Put", "s3:LifecycleTransition",
})


def _setting(ctx: RequestContext, bucket: str, kind: str) -> tuple[S3Store, Any]:
    st = store(ctx)
    st.bucket(bucket)
    value = st.setting(bucket, kind)
    if value is None and kind in _MISSING:
        raise _MISSING[kind](BucketName=bucket)
    return st, value


def _put(ctx: RequestContext, bucket: str, kind: str, value: Any) -> dict[str, Any]:
    st = store(ctx)
    st.bucket(bucket)
    with st.write():
        st.set_setting(bucket, kind, value)
    return {}


def tag_map(tag_set: list[dict[str, str]], limit: int) -> dict[str, str]:
    tags: dict[str, str] = {}
    for tag in tag_set:
        if tag["Key"] in tags:
            raise InvalidTag("Cannot provide multiple Tags with the same key")
        tags[tag["Key"]] = tag.get("Value", "")
    if len(tags) > limit:
        raise InvalidTag(f"{'Object' if limit == 10 else 'Bucket'} tags cannot be greater than {limit}")
    return tags


def tag_set(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in tags.items()]


# -- versioning ----------------------------------------------------------------------

@service.operation("PutBucketVersioning")
def put_bucket_versioning(ctx: RequestContext, req: PutBucketVersioningRequest) -> dict[str, Any]:
    """Enable or suspend versioning (a bucket never goes back to unversioned)."""
    status = req["VersioningConfiguration"].get("Status")
    st = store(ctx)
    if status is None and st.versioning(req["Bucket"]) is None:
        return {}
    return _put(ctx, req["Bucket"], "versioning", {"Status": status or "Suspended"})


@service.operation("GetBucketVersioning")
def get_bucket_versioning(ctx: RequestContext, req: GetBucketVersioningRequest) -> dict[str, Any]:
    """The versioning status; no Status for a bucket never versioned."""
    _, value = _setting(ctx, req["Bucket"], "versioning")
    return dict(value or {})


# -- tagging -------------------------------------------------------------------------

@service.operation("PutBucketTagging")
def put_bucket_tagging(ctx: RequestContext, req: PutBucketTaggingRequest) -> dict[str, Any]:
    """Replace the bucket's tag set (at most 50 tags, unique keys)."""
    return _put(ctx, req["Bucket"], "tags", tag_map(req["Tagging"]["TagSet"], 50))


@service.operation("GetBucketTagging")
def get_bucket_tagging(ctx: RequestContext, req: GetBucketTaggingRequest) -> dict[str, Any]:
    """The bucket's tag set; NoSuchTagSet (404) when it has none."""
    _, value = _setting(ctx, req["Bucket"], "tags")
    return {"TagSet": tag_set(value)}


@service.operation("DeleteBucketTagging")
def delete_bucket_tagging(ctx: RequestContext, req: DeleteBucketTaggingRequest) -> dict[str, Any]:
    """Remove the bucket's tag set."""
    return _put(ctx, req["Bucket"], "tags", None)


def _object_tags(ctx: RequestContext, req: Mapping[str, Any], tags: dict[str, str] | None
                 ) -> dict[str, Any]:
    st = store(ctx)
    st.bucket(req["Bucket"])
    row = st.get(req["Bucket"], req["Key"], req.get("VersionId"))
    if tags is not None:
        with st.write():
            st.set_tags(row, tags)
        row.tags = tags
    out: dict[str, Any] = {"TagSet": tag_set(row.tags)}
    if row.version_id != "null":
        out["VersionId"] = row.version_id
    return out


@service.operation("PutObjectTagging")
def put_object_tagging(ctx: RequestContext, req: PutObjectTaggingRequest) -> dict[str, Any]:
    """Replace an object's (version's) tag set (at most 10 tags)."""
    out = _object_tags(ctx, req, tag_map(req["Tagging"]["TagSet"], 10))
    out.pop("TagSet")
    return out


@service.operation("GetObjectTagging")
def get_object_tagging(ctx: RequestContext, req: GetObjectTaggingRequest) -> dict[str, Any]:
    """An object's (version's) tag set."""
    return _object_tags(ctx, req, None)


@service.operation("DeleteObjectTagging")
def delete_object_tagging(ctx: RequestContext, req: DeleteObjectTaggingRequest) -> dict[str, Any]:
    """Remove an object's (version's) tags."""
    out = _object_tags(ctx, req, {})
    out.pop("TagSet")
    return out


# -- CORS ----------------------------------------------------------------------------

@service.operation("PutBucketCors")
def put_bucket_cors(ctx: RequestContext, req: PutBucketCorsRequest) -> dict[str, Any]:
    """Replace the bucket's CORS rules (at most 100)."""
    rules = req["CORSConfiguration"].get("CORSRules", [])
    if len(rules) > 100:
        raise InvalidArgument("The number of CORS rules should not exceed allowed limit of 100 rules.")
    return _put(ctx, req["Bucket"], "cors", rules)


@service.operation("GetBucketCors")
def get_bucket_cors(ctx: RequestContext, req: GetBucketCorsRequest) -> dict[str, Any]:
    """The bucket's CORS rules; NoSuchCORSConfiguration (404) when none."""
    _, value = _setting(ctx, req["Bucket"], "cors")
    return {"CORSRules": value}


@service.operation("DeleteBucketCors")
def delete_bucket_cors(ctx: RequestContext, req: DeleteBucketCorsRequest) -> dict[str, Any]:
    """Remove the bucket's CORS rules."""
    return _put(ctx, req["Bucket"], "cors", None)


# -- policy --------------------------------------------------------------------------

@service.operation("PutBucketPolicy")
def put_bucket_policy(ctx: RequestContext, req: PutBucketPolicyRequest) -> dict[str, Any]:
    """Store a bucket policy (JSON with a Statement; MalformedPolicy otherwise)."""
    text = req["Policy"]
    try:
        parsed = orjson.loads(text)
    except orjson.JSONDecodeError:
        parsed = None
    if not isinstance(parsed, dict) or not text.lstrip().startswith("{"):
        raise MalformedPolicy("Policies must be valid JSON and the first byte must be '{'")
    if "Statement" not in parsed:
        raise MalformedPolicy("Missing required field Statement")
    _put(ctx, req["Bucket"], "policy", text)
    bump(ctx.state)
    return {}


@service.operation("GetBucketPolicy")
def get_bucket_policy(ctx: RequestContext, req: GetBucketPolicyRequest) -> dict[str, Any]:
    """The bucket policy as put; NoSuchBucketPolicy (404) when none."""
    _, value = _setting(ctx, req["Bucket"], "policy")
    return {"Policy": value}


@service.operation("DeleteBucketPolicy")
def delete_bucket_policy(ctx: RequestContext, req: DeleteBucketPolicyRequest) -> dict[str, Any]:
    """Remove the bucket policy."""
    _put(ctx, req["Bucket"], "policy", None)
    bump(ctx.state)
    return {}


# -- lifecycle -----------------------------------------------------------------------

@service.operation("PutBucketLifecycleConfiguration")
def put_bucket_lifecycle_configuration(ctx: RequestContext, req: PutBucketLifecycleConfigurationRequest) -> dict[str, Any]:
    """Replace the lifecycle rules (unique IDs, positive Days)."""
    rules = (req.get("LifecycleConfiguration") or {}).get("Rules", [])
    ids = set()
    for rule in rules:
        rule.setdefault("ID", secrets.token_hex(16))
        if rule["ID"] in ids:
            raise InvalidArgument("Rule ID must be unique. Found same ID for more than one rule",
                                  ArgumentName="ID", ArgumentValue=rule["ID"])
        ids.add(rule["ID"])
        days = (rule.get("Expiration") or {}).get("Days")
        if days is not None and days <= 0:
            raise InvalidArgument("'Days' for Expiration action must be a positive integer")
    _put(ctx, req["Bucket"], "lifecycle", rules)
    return {"TransitionDefaultMinimumObjectSize": "all_storage_classes_128K"}


@service.operation("GetBucketLifecycleConfiguration")
def get_bucket_lifecycle_configuration(ctx: RequestContext, req: GetBucketLifecycleConfigurationRequest) -> dict[str, Any]:
    """The lifecycle rules; NoSuchLifecycleConfiguration (404) when none."""
    _, value = _setting(ctx, req["Bucket"], "lifecycle")
    return {"Rules": value, "TransitionDefaultMinimumObjectSize": "all_storage_classes_128K"}


@service.operation("DeleteBucketLifecycle")
def delete_bucket_lifecycle(ctx: RequestContext, req: DeleteBucketLifecycleRequest) -> dict[str, Any]:
    """Remove the lifecycle rules."""
    return _put(ctx, req["Bucket"], "lifecycle", None)


# -- notifications -------------------------------------------------------------------

async def _check_destinations(ctx: RequestContext, config: Mapping[str, Any]) -> None:
    """InvalidArgument naming each destination that does not exist (AWS validates every
    destination before it stores the configuration)."""
    failed: dict[str, str] = {}
    for list_name, kind, arn_member in events.DESTINATIONS:
        for arn in dict.fromkeys(item.get(arn_member, "") for item in config.get(list_name, [])):
            reason = await missing_destination(ctx.state, kind, arn, ctx.account, ctx.region)
            if reason is not None:
                failed[arn] = reason
    if failed:
        fields: dict[str, str] = {}
        for n, (arn, reason) in enumerate(failed.items(), 1):
            fields[f"ArgumentName{n}"], fields[f"ArgumentValue{n}"] = arn, reason
        raise InvalidArgument("Unable to validate the following destination configurations",
                              **fields)


@service.operation("PutBucketNotificationConfiguration")
async def put_bucket_notification_configuration(ctx: RequestContext, req: PutBucketNotificationConfigurationRequest) -> dict[str, Any]:
    """Replace the notification configuration (each destination must exist); queue an
    s3:TestEvent to each SQS and SNS destination."""
    config = dict(req["NotificationConfiguration"])
    for list_name, _, _ in events.DESTINATIONS:
        for item in config.get(list_name, []):
            item.setdefault("Id", secrets.token_urlsafe(12))
            for name in item.get("Events", []):
                if name not in EVENT_NAMES:
                    raise InvalidArgument("The event is not supported for notifications",
                                          ArgumentName="Event", ArgumentValue=name)
    st = store(ctx)
    bucket = st.bucket(req["Bucket"])
    await _check_destinations(ctx, config)
    with st.write():
        st.set_setting(bucket.name, "notification", {k: v for k, v in config.items() if v or
                                                     k == "EventBridgeConfiguration"})
        test = events.test_event(bucket, ctx.request_id, st.clock.now())
        for list_name, kind, arn_member in events.DESTINATIONS:
            if kind == "lambda":
                continue
            for arn in {item[arn_member] for item in config.get(list_name, [])}:
                events.enqueue(st, kind, arn, bucket, test)
    return {}


@service.operation("GetBucketNotificationConfiguration")
def get_bucket_notification_configuration(ctx: RequestContext, req: GetBucketNotificationConfigurationRequest) -> dict[str, Any]:
    """The notification configuration (empty when none)."""
    _, value = _setting(ctx, req["Bucket"], "notification")
    return dict(value or {})
