"""S3 resources: AWS::S3::Bucket and AWS::S3::BucketPolicy.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucket.html
- ``Ref`` is the bucket name; ``Fn::GetAtt`` gives ``Arn``, ``DomainName``,
  ``RegionalDomainName``, ``DualStackDomainName`` and ``WebsiteURL`` as AWS names them
  (``{bucket}.s3.amazonaws.com``, ...: the names a template hands to other resources; a
  client of cloudlet reaches the bucket through the edge port). A generated name is
  ``{stack}-{logical id}-{suffix}`` in lower case (63); a changed BucketName replaces.
- Applied through S3's API, in place on update (a removed setting is deleted):
  VersioningConfiguration, LifecycleConfiguration (the template's rule form turned into
  the API's: ``ExpirationInDays`` -> ``Expiration.Days``, ``Prefix``/``TagFilters`` ->
  ``Filter``...), CorsConfiguration, BucketEncryption, Tags (with CloudFormation's
  ``aws:cloudformation:*`` ones), AccessControl (a canned ACL: cloudlet's S3, like a
  bucket with ACLs disabled, takes only ``Private``/``BucketOwnerFullControl``) and
  NotificationConfiguration (Lambda/Queue/Topic configurations with ``Filter.S3Key.Rules``,
  and EventBridgeConfiguration) -> PutBucketNotificationConfiguration, which checks that
  each destination exists: a function destination needs its AWS::Lambda::Permission
  first (``DependsOn``), as on AWS.
- Kept as data (cloudlet's S3 has no API for them): PublicAccessBlockConfiguration,
  OwnershipControls, WebsiteConfiguration. Any other bucket property (replication,
  object lock, inventory, ...) is refused as not supported.
- Deleting a bucket that still holds objects fails as on AWS ("The bucket you tried to
  delete is not empty"); ``DeletionPolicy: Retain`` keeps it.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucketpolicy.html
- PutBucketPolicy; ``Ref`` is the bucket name. Delete removes the policy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cloudlet.cloudformation.providers.base import (
    Outcome,
    Provider,
    ResourceContext,
    ignore_missing,
    provider,
)
from cloudlet.cloudformation.providers.sqs import attribute_text
from cloudlet.cloudformation.providers.tagging import resource_tags, tag_map_to_list

MISSING_BUCKET = ("NoSuchBucket",)
_CANNED_ACL = {"Private": "private", "PublicRead": "public-read",
               "PublicReadWrite": "public-read-write", "AuthenticatedRead": "authenticated-read",
               "LogDeliveryWrite": "log-delivery-write", "BucketOwnerRead": "bucket-owner-read",
               "BucketOwnerFullControl": "bucket-owner-full-control",
               "AwsExecRead": "aws-exec-read"}
# Regions whose website endpoint is ``s3-website-{region}`` (the rest use a dot).
_DASH_WEBSITE_REGIONS = frozenset({"us-east-1", "us-west-1", "us-west-2", "ap-southeast-1",
                                   "ap-southeast-2", "ap-northeast-1", "eu-west-1",
                                   "sa-east-1", "us-gov-west-1"})
_DATA_ONLY = frozenset({"PublicAccessBlockConfiguration", "OwnershipControls",
                        "WebsiteConfiguration"})


def _attributes(name: str, region: str) -> dict[str, str]:
    website = "-" if region in _DASH_WEBSITE_REGIONS else "."
    return {"Arn": f"arn:aws:s3:::{name}", "DomainName": f"{name}.s3.amazonaws.com",
            "RegionalDomainName": f"{name}.s3.{region}.amazonaws.com",
            "DualStackDomainName": f"{name}.s3.dualstack.{region}.amazonaws.com",
            "WebsiteURL": f"http://{name}.s3-website{website}{region}.amazonaws.com"}


# -- the template's forms as the API's ----------------------------------------------------

def _some(**members: Any) -> dict[str, Any]:
    return {k: v for k, v in members.items() if v is not None}


def _filter(rule: dict[str, Any]) -> dict[str, Any]:
    """A lifecycle rule's Prefix, TagFilters and size bounds as the API's ``Filter``."""
    tags = [{"Key": t["Key"], "Value": t["Value"]} for t in rule.get("TagFilters") or ()]
    parts = _some(Prefix=rule.get("Prefix"), ObjectSizeGreaterThan=rule.get(
        "ObjectSizeGreaterThan"), ObjectSizeLessThan=rule.get("ObjectSizeLessThan"))
    if tags:
        parts["Tags"] = tags
    if len(parts) > 1 or len(tags) > 1:
        return {"And": parts}
    if tags:
        return {"Tag": tags[0]}
    return parts or {"Prefix": ""}


def _transition(t: dict[str, Any], days: str = "Days") -> dict[str, Any]:
    return _some(StorageClass=t.get("StorageClass"), Date=t.get("TransitionDate"),
                 **{days: t.get("TransitionInDays")},
                 NewerNoncurrentVersions=t.get("NewerNoncurrentVersions"))


def lifecycle_rule(rule: dict[str, Any]) -> dict[str, Any]:
    """One CloudFormation lifecycle rule as a PutBucketLifecycleConfiguration rule."""
    out: dict[str, Any] = _some(ID=rule.get("Id"), Status=rule["Status"])
    out["Filter"] = _filter(rule)
    expiration = _some(Days=rule.get("ExpirationInDays"), Date=rule.get("ExpirationDate"),
                       ExpiredObjectDeleteMarker=rule.get("ExpiredObjectDeleteMarker"))
    if expiration:
        out["Expiration"] = expiration
    transitions = [*(rule.get("Transitions") or ()), *filter(None, [rule.get("Transition")])]
    if transitions:
        out["Transitions"] = [_transition(t) for t in transitions]
    noncurrent = [*(rule.get("NoncurrentVersionTransitions") or ()),
                  *filter(None, [rule.get("NoncurrentVersionTransition")])]
    if noncurrent:
        out["NoncurrentVersionTransitions"] = [_transition(t, "NoncurrentDays")
                                               for t in noncurrent]
    version_expiry = dict(rule.get("NoncurrentVersionExpiration") or {})
    if rule.get("NoncurrentVersionExpirationInDays") is not None:
        version_expiry.setdefault("NoncurrentDays", rule["NoncurrentVersionExpirationInDays"])
    if version_expiry:
        out["NoncurrentVersionExpiration"] = version_expiry
    if rule.get("AbortIncompleteMultipartUpload"):
        out["AbortIncompleteMultipartUpload"] = rule["AbortIncompleteMultipartUpload"]
    return out


def _cors_rule(rule: dict[str, Any]) -> dict[str, Any]:
    return _some(ID=rule.get("Id"), AllowedHeaders=rule.get("AllowedHeaders"),
                 AllowedMethods=rule["AllowedMethods"], AllowedOrigins=rule["AllowedOrigins"],
                 ExposeHeaders=rule.get("ExposedHeaders"), MaxAgeSeconds=rule.get("MaxAge"))


# Notification lists: the template's list and ARN member -> the API's.
_NOTIFICATIONS = (("LambdaConfigurations", "Function",
                   "LambdaFunctionConfigurations", "LambdaFunctionArn"),
                  ("QueueConfigurations", "Queue", "QueueConfigurations", "QueueArn"),
                  ("TopicConfigurations", "Topic", "TopicConfigurations", "TopicArn"))


def notification_configuration(config: dict[str, Any]) -> dict[str, Any]:
    """A NotificationConfiguration as PutBucketNotificationConfiguration's."""
    out: dict[str, Any] = {}
    for cfn_list, cfn_arn, api_list, api_arn in _NOTIFICATIONS:
        items = []
        for item in config.get(cfn_list) or ():
            entry: dict[str, Any] = {api_arn: item[cfn_arn], "Events": [item["Event"]]}
            rules = ((item.get("Filter") or {}).get("S3Key") or {}).get("Rules")
            if rules:
                entry["Filter"] = {"Key": {"FilterRules": [
                    {"Name": r["Name"], "Value": r["Value"]} for r in rules]}}
            items.append(entry)
        if items:
            out[api_list] = items
    if (config.get("EventBridgeConfiguration") or {}).get("EventBridgeEnabled", True) \
            and "EventBridgeConfiguration" in config:
        out["EventBridgeConfiguration"] = {}
    return out


def _encryption(value: dict[str, Any]) -> dict[str, Any]:
    return {"Rules": [_some(ApplyServerSideEncryptionByDefault=r.get(
        "ServerSideEncryptionByDefault"), BucketKeyEnabled=r.get("BucketKeyEnabled"))
        for r in value.get("ServerSideEncryptionConfiguration") or ()]}


# -- settings: how each property is put and removed --------------------------------------

Params = Callable[[Any], dict[str, Any]]
# property -> (put operation, its params from the value, delete operation or None: put
# the empty form instead).
_SETTINGS: dict[str, tuple[str, Params, str | None]] = {
    "VersioningConfiguration": ("PutBucketVersioning",
                                lambda v: {"VersioningConfiguration": v}, None),
    "LifecycleConfiguration": ("PutBucketLifecycleConfiguration", lambda v: {
        "LifecycleConfiguration": {"Rules": [lifecycle_rule(r) for r in v.get("Rules", [])]}},
        "DeleteBucketLifecycle"),
    "CorsConfiguration": ("PutBucketCors", lambda v: {"CORSConfiguration": {
        "CORSRules": [_cors_rule(r) for r in v.get("CorsRules", [])]}}, "DeleteBucketCors"),
    "BucketEncryption": ("PutBucketEncryption",
                         lambda v: {"ServerSideEncryptionConfiguration": _encryption(v)},
                         "DeleteBucketEncryption"),
    "AccessControl": ("PutBucketAcl", lambda v: {"ACL": _CANNED_ACL.get(str(v), str(v))},
                      None),
    "NotificationConfiguration": ("PutBucketNotificationConfiguration", lambda v: {
        "NotificationConfiguration": notification_configuration(v)}, None),
}
# What a removed setting without a delete operation is put back to.
_EMPTY = {"VersioningConfiguration": {"Status": "Suspended"}, "AccessControl": "Private",
          "NotificationConfiguration": {}}


async def _apply(ctx: ResourceContext, bucket: str, props: dict[str, Any],
                 old: dict[str, Any]) -> None:
    """Put every setting that differs from ``old``; delete the ones no longer given."""
    for name, (put, params, remove) in _SETTINGS.items():
        value, before = props.get(name), old.get(name)
        if value == before:
            continue
        if value is None and remove is not None:
            await ctx.call("s3", remove, {"Bucket": bucket})
            continue
        if value is None:
            value = _EMPTY[name]
        await ctx.call("s3", put, {"Bucket": bucket, **params(value)})
    tags, old_tags = resource_tags(ctx, props.get("Tags")), resource_tags(ctx, old.get("Tags"))
    if tags != old_tags or not old:
        await ctx.call("s3", "PutBucketTagging",
                       {"Bucket": bucket, "Tagging": {"TagSet": tag_map_to_list(tags)}})


@provider
class Bucket(Provider):
    """A bucket (CreateBucket, then each setting through its own operation)."""

    type_name = "AWS::S3::Bucket"
    properties = frozenset({"BucketName", "Tags", *_SETTINGS, *_DATA_ONLY})

    async def create(self, ctx: ResourceContext) -> Outcome:
        name = ctx.properties.get("BucketName") or ctx.physical_name(63, lower=True)
        params: dict[str, Any] = {"Bucket": name}
        if ctx.region != "us-east-1":
            params["CreateBucketConfiguration"] = {"LocationConstraint": ctx.region}
        await ctx.call("s3", "CreateBucket", params)
        await _apply(ctx, name, ctx.properties, {})
        return Outcome(name, _attributes(name, ctx.region))

    async def update(self, ctx: ResourceContext) -> Outcome:
        name = str(ctx.physical_id)
        await _apply(ctx, name, ctx.properties, ctx.previous or {})
        return Outcome(name, _attributes(name, ctx.region))

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call("s3", "DeleteBucket", {"Bucket": ctx.physical_id}),
                             *MISSING_BUCKET)


@provider
class BucketPolicy(Provider):
    """A bucket's policy (PutBucketPolicy); a new Bucket replaces the resource."""

    type_name = "AWS::S3::BucketPolicy"
    properties = frozenset({"Bucket", "PolicyDocument"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        bucket = str(ctx.properties["Bucket"])
        await ctx.call("s3", "PutBucketPolicy", {
            "Bucket": bucket, "Policy": attribute_text(ctx.properties["PolicyDocument"])})
        return Outcome(bucket)

    async def update(self, ctx: ResourceContext) -> Outcome:
        return await self.create(ctx)

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call("s3", "DeleteBucketPolicy",
                                              {"Bucket": ctx.physical_id}), *MISSING_BUCKET)
