"""ACLs and default encryption: answered as AWS answers a bucket with its defaults.

- https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketAcl.html: the owner has
  FULL_CONTROL (Object Ownership "bucket owner enforced", AWS's default since 2023, where
  ACLs are disabled). PutBucketAcl/PutObjectAcl accept a canned ``private`` ACL (or
  none) and otherwise answer AccessControlListNotSupported, as such a bucket does.
- https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketEncryption.html: every
  bucket has SSE-S3 (AES256) by default; a configuration put is stored and answered back
  (objects are not encrypted at rest here).
"""

from __future__ import annotations

from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.services.s3.errors import S3Error
from cloudlet.services.s3.operations.buckets import owner
from cloudlet.services.s3.registry import service, store
from cloudlet.services.s3.shapes import (
    DeleteBucketEncryptionRequest,
    GetBucketAclRequest,
    GetBucketEncryptionRequest,
    GetObjectAclRequest,
    PutBucketAclRequest,
    PutBucketEncryptionRequest,
    PutObjectAclRequest,
)

DEFAULT_ENCRYPTION = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                                 "BucketKeyEnabled": False}]}


class AccessControlListNotSupported(S3Error):
    code = "AccessControlListNotSupported"
    default_message = "The bucket does not allow ACLs"


def _policy(account: str) -> dict[str, Any]:
    who = owner(account)
    return {"Owner": who, "Grants": [{"Grantee": {**who, "Type": "CanonicalUser"},
                                      "Permission": "FULL_CONTROL"}]}


def _check_acl(acl: str | None, grants: bool) -> None:
    if grants or acl not in (None, "private", "bucket-owner-full-control"):
        raise AccessControlListNotSupported()


@service.operation("GetBucketAcl")
def get_bucket_acl(ctx: RequestContext, req: GetBucketAclRequest) -> dict[str, Any]:
    """The owner's FULL_CONTROL grant (ACLs are disabled)."""
    return _policy(store(ctx).bucket(req["Bucket"]).account)


@service.operation("GetObjectAcl")
def get_object_acl(ctx: RequestContext, req: GetObjectAclRequest) -> dict[str, Any]:
    """The bucket owner's FULL_CONTROL grant; NoSuchKey for a missing object."""
    st = store(ctx)
    bucket = st.bucket(req["Bucket"])
    st.get(bucket.name, req["Key"], req.get("VersionId"))
    return _policy(bucket.account)


@service.operation("PutBucketAcl")
def put_bucket_acl(ctx: RequestContext, req: PutBucketAclRequest) -> dict[str, Any]:
    """Only ``private`` is accepted (AccessControlListNotSupported otherwise)."""
    store(ctx).bucket(req["Bucket"])
    _check_acl(req.get("ACL"), bool(req.get("AccessControlPolicy") or req.get("GrantRead")))
    return {}


@service.operation("PutObjectAcl")
def put_object_acl(ctx: RequestContext, req: PutObjectAclRequest) -> dict[str, Any]:
    """Only ``private`` is accepted (AccessControlListNotSupported otherwise)."""
    st = store(ctx)
    st.bucket(req["Bucket"])
    st.get(req["Bucket"], req["Key"], req.get("VersionId"))
    _check_acl(req.get("ACL"), bool(req.get("AccessControlPolicy") or req.get("GrantRead")))
    return {}


@service.operation("GetBucketEncryption")
def get_bucket_encryption(ctx: RequestContext, req: GetBucketEncryptionRequest) -> dict[str, Any]:
    """The stored configuration, or the SSE-S3 default."""
    st = store(ctx)
    st.bucket(req["Bucket"])
    return {"ServerSideEncryptionConfiguration": st.setting(req["Bucket"], "encryption")
            or DEFAULT_ENCRYPTION}


@service.operation("PutBucketEncryption")
def put_bucket_encryption(ctx: RequestContext, req: PutBucketEncryptionRequest) -> dict[str, Any]:
    """Store the bucket's default encryption configuration."""
    st = store(ctx)
    st.bucket(req["Bucket"])
    with st.write():
        st.set_setting(req["Bucket"], "encryption", req["ServerSideEncryptionConfiguration"])
    return {}


@service.operation("DeleteBucketEncryption")
def delete_bucket_encryption(ctx: RequestContext, req: DeleteBucketEncryptionRequest
                             ) -> dict[str, Any]:
    """Back to the SSE-S3 default."""
    st = store(ctx)
    st.bucket(req["Bucket"])
    with st.write():
        st.set_setting(req["Bucket"], "encryption", None)
    return {}
