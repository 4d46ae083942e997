"""DynamoDB error classes, named exactly after the AWS error codes.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/CommonErrors.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
Every validation failure raises ``ValidationException`` (re-exported from
``cloudlet.server.errors``).
"""

from __future__ import annotations

from cloudlet.server.errors import ClientError, ServiceError, ValidationException

__all__ = [
    "BackupNotFoundException",
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
    "TableAlreadyExistsException",
    "TableNotFoundException",
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


class TableNotFoundException(ClientError):
    """A backup or continuous-backup operation names a table that does not exist
    ("Table not found: <name>")."""

    code = "TableNotFoundException"


class TableAlreadyExistsException(ClientError):
    """A restore targets a table name that exists ("Table already exists: <name>")."""

    code = "TableAlreadyExistsException"


class BackupNotFoundException(ClientError):
    """No backup has the given ARN ("Backup not found: <arn>")."""

    code = "BackupNotFoundException"
