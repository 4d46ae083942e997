"""DynamoDB error classes, named exactly after the AWS error codes.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/CommonErrors.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
Every validation failure raises ``ValidationException`` (re-exported from
``cloudlet.server.errors``).
"""

from __future__ import annotations

from cloudlet.server.errors import ClientError, ServiceError, ValidationException

__all__ = [
    "ClientError",
    "ConditionalCheckFailedException",
    "DuplicateItemException",
    "IdempotentParameterMismatchException",
    "InternalServerError",
    "ItemCollectionSizeLimitExceededException",
    "LimitExceededException",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
    "ResourceInUseException",
    "ResourceNotFoundException",
    "ServiceError",
    "TransactionCanceledException",
    "TransactionConflictException",
    "TransactionInProgressException",
    "ValidationException",
]


class ConditionalCheckFailedException(ClientError):
    code = "ConditionalCheckFailedException"
    default_message = "The conditional request failed"


class ResourceNotFoundException(ClientError):
    code = "ResourceNotFoundException"
    default_message = "Requested resource not found"


class ResourceInUseException(ClientError):
    code = "ResourceInUseException"


class TransactionCanceledException(ClientError):
    code = "TransactionCanceledException"
    message_key = "Message"  # AWS names this error's message member "Message"


class TransactionConflictException(ClientError):
    code = "TransactionConflictException"


class TransactionInProgressException(ClientError):
    code = "TransactionInProgressException"


class IdempotentParameterMismatchException(ClientError):
    code = "IdempotentParameterMismatchException"


class ItemCollectionSizeLimitExceededException(ClientError):
    code = "ItemCollectionSizeLimitExceededException"


class LimitExceededException(ClientError):
    code = "LimitExceededException"


class ProvisionedThroughputExceededException(ClientError):
    code = "ProvisionedThroughputExceededException"


class RequestLimitExceeded(ClientError):
    code = "RequestLimitExceeded"


class InternalServerError(ServiceError):
    code = "InternalServerError"
    status = 500


class DuplicateItemException(ClientError):
    """PartiQL INSERT of a key that exists."""

    code = "DuplicateItemException"
    default_message = "Duplicate primary key exists in table"
