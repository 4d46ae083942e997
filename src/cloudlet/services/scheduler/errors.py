"""EventBridge Scheduler errors, named after their AWS codes.

https://docs.aws.amazon.com/scheduler/latest/APIReference/CommonErrors.html and each
operation's "Errors" section (statuses from the botocore model: ConflictException 409,
ResourceNotFoundException 404, ValidationException 400). Their message member is
``Message``.
"""

from __future__ import annotations

from cloudlet.server.errors import ClientError


class ConflictException(ClientError):
    code = "ConflictException"
    status = 409
    message_key = "Message"


class ResourceNotFoundException(ClientError):
    code = "ResourceNotFoundException"
    status = 404
    message_key = "Message"


class ValidationException(ClientError):
    code = "ValidationException"
    message_key = "Message"


def schedule_not_found(name: str) -> ResourceNotFoundException:
    return ResourceNotFoundException(f"Schedule {name} does not exist.")


def group_not_found(name: str) -> ResourceNotFoundException:
    return ResourceNotFoundException(f"Schedule group {name} does not exist.")


def schedule_exists(name: str) -> ConflictException:
    return ConflictException(f"Schedule {name} already exists.")


def group_exists(name: str) -> ConflictException:
    return ConflictException(f"Schedule group {name} already exists.")
