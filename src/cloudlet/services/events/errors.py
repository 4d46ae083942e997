"""EventBridge errors, named after their AWS codes.

https://docs.aws.amazon.com/eventbridge/latest/APIReference/CommonErrors.html
"""

from __future__ import annotations

from cloudlet.server.errors import ClientError, ValidationException

__all__ = ["ValidationException", "ResourceNotFoundException", "ResourceAlreadyExistsException",
           "InvalidEventPatternException", "LimitExceededException", "ManagedRuleException",
           "IllegalStatusException"]


class ResourceNotFoundException(ClientError):
    code = "ResourceNotFoundException"


class ResourceAlreadyExistsException(ClientError):
    code = "ResourceAlreadyExistsException"


class InvalidEventPatternException(ClientError):
    code = "InvalidEventPatternException"


class LimitExceededException(ClientError):
    code = "LimitExceededException"


class ManagedRuleException(ClientError):
    code = "ManagedRuleException"


class IllegalStatusException(ClientError):
    code = "IllegalStatusException"


def bus_not_found(name: str) -> ResourceNotFoundException:
    return ResourceNotFoundException(f"Event bus {name} does not exist.")


def rule_not_found(name: str, bus: str) -> ResourceNotFoundException:
    return ResourceNotFoundException(f"Rule {name} does not exist on EventBus {bus}.")
