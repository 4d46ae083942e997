"""A bucket's policy and owner for IAM evaluation (``policy.resource_policies``); an
object's ARN (``arn:aws:s3:::BUCKET/KEY``) is governed by its bucket's policy.

https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.policy.resource_policies import parsed, register
from cloudlet.services.s3.errors import NoSuchBucket
from cloudlet.services.s3.registry import store_of

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState


def _bucket(arn: str) -> str:
    return arn.split(":", 5)[-1].split("/", 1)[0]


def read(state: ServerState, account: str, region: str, arn: str) -> dict[str, Any] | None:
    """The policy of the bucket ``arn`` names, or None (no policy, no such bucket)."""
    bucket = _bucket(arn)
    return parsed(store_of(state).setting(bucket, "policy")) if bucket else None


def owner(state: ServerState, arn: str) -> str | None:
    """The account that created the bucket ``arn`` names, or None when there is none."""
    bucket = _bucket(arn)
    if not bucket:
        return None
    try:
        return store_of(state).bucket(bucket).account
    except NoSuchBucket:
        return None


register("s3", read, owner)
