"""CloudFormation's errors, named after their AWS codes (the model's error shapes).

https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/CommonErrors.html
"""

from __future__ import annotations

from cloudlet.cloudformation.prepare import InsufficientCapabilities
from cloudlet.server.errors import ClientError, ValidationError

__all__ = ["AlreadyExistsException", "ChangeSetNotFound", "InsufficientCapabilities",
           "InvalidChangeSetStatus", "ValidationError", "no_stack"]


class AlreadyExistsException(ClientError):
    code = "AlreadyExistsException"


class ChangeSetNotFound(ClientError):
    code = "ChangeSetNotFound"
    status = 404


class InvalidChangeSetStatus(ClientError):
    code = "InvalidChangeSetStatus"


def no_stack(name: str) -> ValidationError:
    """What every operation answers for a stack that does not exist."""
    return ValidationError(f"Stack with id {name} does not exist")
