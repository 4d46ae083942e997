"""Step Functions API errors, each named after its AWS error code (all status 400).

https://docs.aws.amazon.com/step-functions/latest/apireference/CommonErrors.html and each
operation's "Errors" section; the botocore model lists every one with a ``message`` member
(``ResourceNotFound`` and ``TooManyTags`` also carry ``resourceName``).
"""

from __future__ import annotations

from cloudlet.server.errors import ClientError


class _SfnError(ClientError):
    status = 400


class ActivityAlreadyExists(_SfnError):
    code = "ActivityAlreadyExists"


class ActivityDoesNotExist(_SfnError):
    code = "ActivityDoesNotExist"


class ActivityLimitExceeded(_SfnError):
    code = "ActivityLimitExceeded"


class ConflictException(_SfnError):
    code = "ConflictException"


class ExecutionAlreadyExists(_SfnError):
    code = "ExecutionAlreadyExists"


class ExecutionDoesNotExist(_SfnError):
    code = "ExecutionDoesNotExist"


class ExecutionLimitExceeded(_SfnError):
    code = "ExecutionLimitExceeded"


class ExecutionNotRedrivable(_SfnError):
    code = "ExecutionNotRedrivable"


class InvalidArn(_SfnError):
    code = "InvalidArn"


class InvalidDefinition(_SfnError):
    code = "InvalidDefinition"


class InvalidExecutionInput(_SfnError):
    code = "InvalidExecutionInput"


class InvalidLoggingConfiguration(_SfnError):
    code = "InvalidLoggingConfiguration"


class InvalidName(_SfnError):
    code = "InvalidName"


class InvalidOutput(_SfnError):
    code = "InvalidOutput"


class InvalidToken(_SfnError):
    code = "InvalidToken"


class InvalidTracingConfiguration(_SfnError):
    code = "InvalidTracingConfiguration"


class MissingRequiredParameter(_SfnError):
    code = "MissingRequiredParameter"


class ResourceNotFound(_SfnError):
    code = "ResourceNotFound"


class ServiceQuotaExceededException(_SfnError):
    code = "ServiceQuotaExceededException"


class StateMachineAlreadyExists(_SfnError):
    code = "StateMachineAlreadyExists"


class StateMachineDeleting(_SfnError):
    code = "StateMachineDeleting"


class StateMachineDoesNotExist(_SfnError):
    code = "StateMachineDoesNotExist"


class StateMachineLimitExceeded(_SfnError):
    code = "StateMachineLimitExceeded"


class StateMachineTypeNotSupported(_SfnError):
    code = "StateMachineTypeNotSupported"


class TaskDoesNotExist(_SfnError):
    code = "TaskDoesNotExist"


class TaskTimedOut(_SfnError):
    code = "TaskTimedOut"


class TooManyTags(_SfnError):
    code = "TooManyTags"


class ValidationException(_SfnError):
    code = "ValidationException"


def machine_not_found(arn: str) -> StateMachineDoesNotExist:
    return StateMachineDoesNotExist(f"State Machine Does Not Exist: '{arn}'")


def activity_not_found(arn: str) -> ActivityDoesNotExist:
    return ActivityDoesNotExist(f"Activity Does Not Exist: '{arn}'")


def resource_not_found(arn: str) -> ResourceNotFound:
    return ResourceNotFound(f"Resource not found: '{arn}'", resourceName=arn)
