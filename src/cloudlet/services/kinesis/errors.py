"""Kinesis Data Streams error classes, named after the AWS error codes.

https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html and the
"Errors" section of each operation's page. All are 400 client errors; the messages follow
the ones AWS answers (``Stream s under account 123456789012 not found.``).
"""

from __future__ import annotations

from cloudlet.server.errors import ClientError, ValidationException

__all__ = [
    "ExpiredIteratorException",
    "ExpiredNextTokenException",
    "InvalidArgumentException",
    "LimitExceededException",
    "ProvisionedThroughputExceededException",
    "ResourceInUseException",
    "ResourceNotFoundException",
    "ValidationException",
]


class ResourceNotFoundException(ClientError):
    code = "ResourceNotFoundException"


class ResourceInUseException(ClientError):
    code = "ResourceInUseException"


class InvalidArgumentException(ClientError):
    code = "InvalidArgumentException"


class LimitExceededException(ClientError):
    code = "LimitExceededException"


class ProvisionedThroughputExceededException(ClientError):
    code = "ProvisionedThroughputExceededException"


class ExpiredIteratorException(ClientError):
    code = "ExpiredIteratorException"
    default_message = "Iterator expired."


class ExpiredNextTokenException(ClientError):
    code = "ExpiredNextTokenException"
    default_message = "The token has expired."


def stream_not_found(name: str, account: str) -> ResourceNotFoundException:
    return ResourceNotFoundException(f"Stream {name} under account {account} not found.")


def shard_not_found(shard_id: str, name: str, account: str) -> ResourceNotFoundException:
    return ResourceNotFoundException(
        f"Shard {shard_id} in stream {name} under account {account} does not exist")


def stream_busy(name: str, account: str, status: str) -> ResourceInUseException:
    return ResourceInUseException(
        f"Stream {name} under account {account} not ACTIVE, instead in state {status}")
