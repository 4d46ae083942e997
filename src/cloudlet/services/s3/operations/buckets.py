"""Buckets: create, delete, list, head, location.

https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
- Names are global: another account's name answers BucketAlreadyExists (409); the
  owner re-creating its bucket answers BucketAlreadyOwnedByYou (409), except in
  us-east-1 where it succeeds (legacy behaviour).
- Outside us-east-1 the LocationConstraint must name the endpoint's region
  (IllegalLocationConstraintException); ``us-east-1`` itself is never a valid constraint
  (InvalidLocationConstraint).
- Naming rules: 3-63 characters, lower-case letters, digits, dots and hyphens, starting
  and ending with a letter or digit, not an IP address.
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from cloudlet.policy.resource_policies import bump
from cloudlet.server.context import RequestContext
from cloudlet.services.s3.errors import (
    IllegalLocationConstraintException,
    InvalidBucketName,
    InvalidLocationConstraint,
)
from cloudlet.services.s3.registry import service, store
from cloudlet.services.s3.shapes import (
    CreateBucketRequest,
    DeleteBucketRequest,
    GetBucketLocationRequest,
    HeadBucketRequest,
    ListBucketsRequest,
)

_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_IP = re.compile(r"^\d+\.\d+\.\d+\.\d+$")


def owner(account: str) -> dict[str, str]:
    return {"ID": account, "DisplayName": account}


def _check_name(name: str) -> None:
    if not _NAME.match(name) or ".." in name or _IP.match(name) or name.startswith("xn--") \
            or name.endswith("-s3alias"):
        raise InvalidBucketName(BucketName=name)


@service.operation("CreateBucket")
def create_bucket(ctx: RequestContext, req: CreateBucketRequest) -> dict[str, Any]:
    """Create a bucket owned by the caller's account in the constraint's region."""
    name = req["Bucket"]
    _check_name(name)
    constraint = (req.get("CreateBucketConfiguration") or {}).get("LocationConstraint")
    if constraint == "us-east-1":
        raise InvalidLocationConstraint()
    if constraint and constraint != ctx.region and ctx.region != "us-east-1":
        raise IllegalLocationConstraintException(
            f"The {constraint} location constraint is incompatible for the region specific"
            " endpoint this request was sent to.")
    if not constraint and ctx.region != "us-east-1":
        raise IllegalLocationConstraintException(
            "The unspecified location constraint is incompatible for the region specific"
            " endpoint this request was sent to.")
    st = store(ctx)
    with st.write():
        st.create_bucket(name, ctx.account, constraint or "us-east-1")
    return {"Location": f"/{name}", "BucketArn": f"arn:aws:s3:::{name}"}


@service.operation("DeleteBucket")
def delete_bucket(ctx: RequestContext, req: DeleteBucketRequest) -> dict[str, Any]:
    """BucketNotEmpty (409) while any object version or delete marker remains."""
    store(ctx).delete_bucket(req["Bucket"])
    bump(ctx.state)
    return {}


@service.operation("HeadBucket")
def head_bucket(ctx: RequestContext, req: HeadBucketRequest) -> dict[str, Any]:
    """The bucket's region (404 NoSuchBucket when it does not exist)."""
    bucket = store(ctx).bucket(req["Bucket"])
    return {"BucketRegion": bucket.region, "AccessPointAlias": False,
            "BucketArn": f"arn:aws:s3:::{bucket.name}"}


@service.operation("GetBucketLocation")
def get_bucket_location(ctx: RequestContext, req: GetBucketLocationRequest) -> dict[str, Any]:
    """us-east-1 buckets answer an empty LocationConstraint (null)."""
    bucket = store(ctx).bucket(req["Bucket"])
    return {"LocationConstraint": None if bucket.region == "us-east-1" else bucket.region}


@service.operation("ListBuckets")
def list_buckets(ctx: RequestContext, req: ListBucketsRequest) -> dict[str, Any]:
    """The caller's buckets by name; Prefix, BucketRegion, MaxBuckets and
    ContinuationToken (the last name returned) narrow and page them."""
    prefix = req.get("Prefix") or ""
    region = req.get("BucketRegion")
    after = req.get("ContinuationToken") or ""
    found = [b for b in store(ctx).buckets(ctx.account)
             if b.name.startswith(prefix) and (region is None or b.region == region)
             and b.name > after]
    limit = req.get("MaxBuckets")
    out: dict[str, Any] = {"Owner": owner(ctx.account)}
    if limit is not None and len(found) > limit:
        found = found[:limit]
        out["ContinuationToken"] = found[-1].name
    out["Buckets"] = [{"Name": b.name, "CreationDate": datetime.fromtimestamp(b.created, UTC),
                       "BucketRegion": b.region, "BucketArn": f"arn:aws:s3:::{b.name}"}
                      for b in found]
    if prefix:
        out["Prefix"] = prefix
    return out
