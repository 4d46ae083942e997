"""S3 errors, named after their AWS codes, with S3's statuses and messages.

https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
"""

from __future__ import annotations

from cloudlet.server.errors import ClientError


class S3Error(ClientError):
    code = "InvalidRequest"


class NoSuchBucket(S3Error):
    code = "NoSuchBucket"
    status = 404
    default_message = "The specified bucket does not exist"


class NoSuchKey(S3Error):
    code = "NoSuchKey"
    status = 404
    default_message = "The specified key does not exist."


class NoSuchVersion(S3Error):
    code = "NoSuchVersion"
    status = 404
    default_message = "The specified version does not exist."


class NoSuchUpload(S3Error):
    code = "NoSuchUpload"
    status = 404
    default_message = ("The specified upload does not exist. The upload ID may be invalid, or"
                       " the upload may have been aborted or completed.")


class NoSuchConfiguration(S3Error):
    """A bucket setting that was never put (code and message vary by setting)."""

    status = 404


class BucketAlreadyExists(S3Error):
    code = "BucketAlreadyExists"
    status = 409
    default_message = ("The requested bucket name is not available. The bucket namespace is"
                       " shared by all users of the system. Please select a different name"
                       " and try again.")


class BucketAlreadyOwnedByYou(S3Error):
    code = "BucketAlreadyOwnedByYou"
    status = 409
    default_message = ("Your previous request to create the named bucket succeeded and you"
                       " already own it.")


class BucketNotEmpty(S3Error):
    code = "BucketNotEmpty"
    status = 409
    default_message = "The bucket you tried to delete is not empty"


class InvalidBucketName(S3Error):
    code = "InvalidBucketName"
    default_message = "The specified bucket is not valid."


class InvalidLocationConstraint(S3Error):
    code = "InvalidLocationConstraint"
    default_message = "The specified location-constraint is not valid"


class IllegalLocationConstraintException(S3Error):
    code = "IllegalLocationConstraintException"


class InvalidArgument(S3Error):
    code = "InvalidArgument"


class InvalidRequest(S3Error):
    code = "InvalidRequest"


class InvalidRange(S3Error):
    code = "InvalidRange"
    status = 416
    default_message = "The requested range is not satisfiable"


class InvalidPartNumber(S3Error):
    code = "InvalidPartNumber"
    status = 416
    default_message = "The requested partnumber is not satisfiable"


class PreconditionFailed(S3Error):
    code = "PreconditionFailed"
    status = 412
    default_message = "At least one of the pre-conditions you specified did not hold"


class NotModified(S3Error):
    """304: answered with no body (S3 sends no error document)."""

    code = "NotModified"
    status = 304
    default_message = "Not Modified"


class BadDigest(S3Error):
    code = "BadDigest"
    default_message = "The Content-MD5 you specified did not match what we received."


class InvalidDigest(S3Error):
    code = "InvalidDigest"
    default_message = "The Content-MD5 you specified is not valid."


class IncompleteBody(S3Error):
    code = "IncompleteBody"
    default_message = "You did not provide the number of bytes specified by the Content-Length HTTP header"


class EntityTooSmall(S3Error):
    code = "EntityTooSmall"
    default_message = "Your proposed upload is smaller than the minimum allowed object size."


class InvalidPart(S3Error):
    code = "InvalidPart"
    default_message = ("One or more of the specified parts could not be found.  The part may"
                       " not have been uploaded, or the specified entity tag may not match"
                       " the part's entity tag.")


class InvalidPartOrder(S3Error):
    code = "InvalidPartOrder"
    default_message = "The list of parts was not in ascending order. Parts must be ordered by part number."


class AccessDenied(S3Error):
    code = "AccessDenied"
    status = 403
    default_message = "Access Denied"


class MalformedPolicy(S3Error):
    code = "MalformedPolicy"


class InvalidTag(S3Error):
    code = "InvalidTag"


class MethodNotAllowed(S3Error):
    code = "MethodNotAllowed"
    status = 405
    default_message = "The specified method is not allowed against this resource."


class CorsForbidden(AccessDenied):
    default_message = "CORSResponse: This CORS request is not allowed."


class NoSuchTagSet(NoSuchConfiguration):
    code = "NoSuchTagSet"
    default_message = "The TagSet does not exist"


class NoSuchCORSConfiguration(NoSuchConfiguration):
    code = "NoSuchCORSConfiguration"
    default_message = "The CORS configuration does not exist"


class NoSuchBucketPolicy(NoSuchConfiguration):
    code = "NoSuchBucketPolicy"
    default_message = "The bucket policy does not exist"


class NoSuchLifecycleConfiguration(NoSuchConfiguration):
    code = "NoSuchLifecycleConfiguration"
    default_message = "The lifecycle configuration does not exist"
