"""Request types of the S3 operations cloudlet serves: ``TypedDict``s named after the
model's shapes, with only the members the handlers read (checked against botocore's model
by ``tests/unit/server/test_typed_shapes.py``). Results are plain dicts: most are built
from stored metadata member by member."""


from datetime import datetime
from typing import Any, Required, TypedDict


class AbortMultipartUploadRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    UploadId: Required[str]


class CompleteMultipartUploadRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    MultipartUpload: dict[str, Any]
    UploadId: Required[str]
    ChecksumCRC32: str
    ChecksumCRC32C: str
    ChecksumCRC64NVME: str
    ChecksumSHA1: str
    ChecksumSHA256: str
    IfMatch: str
    IfNoneMatch: str


class CopyObjectRequest(TypedDict, total=False):
    Bucket: Required[str]
    CacheControl: str
    ChecksumAlgorithm: str
    ContentDisposition: str
    ContentEncoding: str
    ContentLanguage: str
    ContentType: str
    CopySource: Required[str]
    CopySourceIfMatch: str
    CopySourceIfModifiedSince: datetime
    CopySourceIfNoneMatch: str
    CopySourceIfUnmodifiedSince: datetime
    IfMatch: str
    IfNoneMatch: str
    Key: Required[str]
    Metadata: dict[str, str]
    MetadataDirective: str
    TaggingDirective: str
    ServerSideEncryption: str
    StorageClass: str
    WebsiteRedirectLocation: str
    Tagging: str


class CreateBucketRequest(TypedDict, total=False):
    Bucket: Required[str]
    CreateBucketConfiguration: dict[str, Any]


class CreateMultipartUploadRequest(TypedDict, total=False):
    Bucket: Required[str]
    CacheControl: str
    ContentDisposition: str
    ContentEncoding: str
    ContentLanguage: str
    ContentType: str
    Key: Required[str]
    Metadata: dict[str, str]
    ServerSideEncryption: str
    StorageClass: str
    WebsiteRedirectLocation: str
    Tagging: str
    ChecksumAlgorithm: str
    ChecksumType: str


class DeleteBucketRequest(TypedDict, total=False):
    Bucket: Required[str]


class DeleteBucketCorsRequest(TypedDict, total=False):
    Bucket: Required[str]


class DeleteBucketLifecycleRequest(TypedDict, total=False):
    Bucket: Required[str]


class DeleteBucketPolicyRequest(TypedDict, total=False):
    Bucket: Required[str]


class DeleteBucketTaggingRequest(TypedDict, total=False):
    Bucket: Required[str]


class DeleteObjectRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    VersionId: str
    IfMatch: str


class DeleteObjectTaggingRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    VersionId: str


class DeleteObjectsRequest(TypedDict, total=False):
    Bucket: Required[str]
    Delete: Required[dict[str, Any]]
    ChecksumAlgorithm: str


class GetBucketCorsRequest(TypedDict, total=False):
    Bucket: Required[str]


class GetBucketLifecycleConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]


class GetBucketLocationRequest(TypedDict, total=False):
    Bucket: Required[str]


class GetBucketNotificationConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]


class GetBucketPolicyRequest(TypedDict, total=False):
    Bucket: Required[str]


class GetBucketTaggingRequest(TypedDict, total=False):
    Bucket: Required[str]


class GetBucketVersioningRequest(TypedDict, total=False):
    Bucket: Required[str]


class GetObjectRequest(TypedDict, total=False):
    Bucket: Required[str]
    IfMatch: str
    IfModifiedSince: datetime
    IfNoneMatch: str
    IfUnmodifiedSince: datetime
    Key: Required[str]
    Range: str
    ResponseCacheControl: str
    ResponseContentDisposition: str
    ResponseContentEncoding: str
    ResponseContentLanguage: str
    ResponseContentType: str
    ResponseExpires: datetime
    VersionId: str
    ChecksumMode: str
    PartNumber: int


class GetObjectAttributesRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    VersionId: str
    MaxParts: int
    PartNumberMarker: int
    ObjectAttributes: Required[list[str]]


class GetObjectTaggingRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    VersionId: str


class HeadBucketRequest(TypedDict, total=False):
    Bucket: Required[str]


class HeadObjectRequest(TypedDict, total=False):
    Bucket: Required[str]
    IfMatch: str
    IfModifiedSince: datetime
    IfNoneMatch: str
    IfUnmodifiedSince: datetime
    Key: Required[str]
    Range: str
    ResponseCacheControl: str
    ResponseContentDisposition: str
    ResponseContentEncoding: str
    ResponseContentLanguage: str
    ResponseContentType: str
    ResponseExpires: datetime
    VersionId: str
    ChecksumMode: str
    PartNumber: int


class ListBucketsRequest(TypedDict, total=False):
    MaxBuckets: int
    ContinuationToken: str
    Prefix: str
    BucketRegion: str


class ListMultipartUploadsRequest(TypedDict, total=False):
    Bucket: Required[str]
    Delimiter: str
    EncodingType: str
    KeyMarker: str
    MaxUploads: int
    Prefix: str


class ListObjectVersionsRequest(TypedDict, total=False):
    Bucket: Required[str]
    Delimiter: str
    EncodingType: str
    KeyMarker: str
    MaxKeys: int
    Prefix: str
    VersionIdMarker: str


class ListObjectsRequest(TypedDict, total=False):
    Bucket: Required[str]
    Delimiter: str
    EncodingType: str
    Marker: str
    MaxKeys: int
    Prefix: str


class ListObjectsV2Request(TypedDict, total=False):
    Bucket: Required[str]
    Delimiter: str
    EncodingType: str
    MaxKeys: int
    Prefix: str
    ContinuationToken: str
    FetchOwner: bool
    StartAfter: str


class ListPartsRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    MaxParts: int
    PartNumberMarker: int
    UploadId: Required[str]


class PutBucketCorsRequest(TypedDict, total=False):
    Bucket: Required[str]
    CORSConfiguration: Required[dict[str, Any]]
    ContentMD5: str
    ChecksumAlgorithm: str


class PutBucketLifecycleConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    ChecksumAlgorithm: str
    LifecycleConfiguration: dict[str, Any]


class PutBucketNotificationConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    NotificationConfiguration: Required[dict[str, Any]]


class PutBucketPolicyRequest(TypedDict, total=False):
    Bucket: Required[str]
    ContentMD5: str
    ChecksumAlgorithm: str
    Policy: Required[str]


class PutBucketTaggingRequest(TypedDict, total=False):
    Bucket: Required[str]
    ContentMD5: str
    ChecksumAlgorithm: str
    Tagging: Required[dict[str, Any]]


class PutBucketVersioningRequest(TypedDict, total=False):
    Bucket: Required[str]
    ContentMD5: str
    ChecksumAlgorithm: str
    VersioningConfiguration: Required[dict[str, Any]]


class PutObjectRequest(TypedDict, total=False):
    Body: bytes
    Bucket: Required[str]
    CacheControl: str
    ContentDisposition: str
    ContentEncoding: str
    ContentLanguage: str
    ContentMD5: str
    ContentType: str
    ChecksumAlgorithm: str
    ChecksumCRC32: str
    ChecksumCRC32C: str
    ChecksumCRC64NVME: str
    ChecksumSHA1: str
    ChecksumSHA256: str
    IfMatch: str
    IfNoneMatch: str
    Key: Required[str]
    Metadata: dict[str, str]
    ServerSideEncryption: str
    StorageClass: str
    WebsiteRedirectLocation: str
    Tagging: str


class PutObjectTaggingRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    VersionId: str
    ContentMD5: str
    ChecksumAlgorithm: str
    Tagging: Required[dict[str, Any]]


class UploadPartRequest(TypedDict, total=False):
    Body: bytes
    Bucket: Required[str]
    ContentMD5: str
    ChecksumAlgorithm: str
    ChecksumCRC32: str
    ChecksumCRC32C: str
    ChecksumCRC64NVME: str
    ChecksumSHA1: str
    ChecksumSHA256: str
    Key: Required[str]
    PartNumber: Required[int]
    UploadId: Required[str]


class UploadPartCopyRequest(TypedDict, total=False):
    Bucket: Required[str]
    CopySource: Required[str]
    CopySourceIfMatch: str
    CopySourceIfModifiedSince: datetime
    CopySourceIfNoneMatch: str
    CopySourceIfUnmodifiedSince: datetime
    CopySourceRange: str
    Key: Required[str]
    PartNumber: Required[int]
    UploadId: Required[str]


class GetBucketAclRequest(TypedDict, total=False):
    Bucket: Required[str]


class GetObjectAclRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    VersionId: str


class PutBucketAclRequest(TypedDict, total=False):
    ACL: str
    AccessControlPolicy: dict[str, Any]
    Bucket: Required[str]
    GrantRead: str


class PutObjectAclRequest(TypedDict, total=False):
    ACL: str
    AccessControlPolicy: dict[str, Any]
    Bucket: Required[str]
    GrantRead: str
    Key: Required[str]
    VersionId: str


class GetBucketEncryptionRequest(TypedDict, total=False):
    Bucket: Required[str]


class PutBucketEncryptionRequest(TypedDict, total=False):
    Bucket: Required[str]
    ServerSideEncryptionConfiguration: Required[dict[str, Any]]


class DeleteBucketEncryptionRequest(TypedDict, total=False):
    Bucket: Required[str]
