"""DynamoDB Streams error classes, named after the AWS error codes.

https://docs.aws.amazon.com/amazondynamodbstreams/latest/APIReference/CommonErrors.html
"""

from __future__ import annotations

from cloudlet.server.errors import ClientError, ValidationException
from cloudlet.services.dynamodb.errors import ResourceNotFoundException

__all__ = [
    "ExpiredIteratorException",
    "ResourceNotFoundException",
    "TrimmedDataAccessException",
    "ValidationException",
]


class ExpiredIteratorException(ClientError):
    code = "ExpiredIteratorException"
    default_message = "Iterator expired"


class TrimmedDataAccessException(ClientError):
    code = "TrimmedDataAccessException"
