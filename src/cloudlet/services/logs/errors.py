"""CloudWatch Logs errors, named after their AWS codes (all 400, sender fault).

https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/CommonErrors.html
"""

from __future__ import annotations

from cloudlet.server.errors import ClientError


class InvalidParameterException(ClientError):
    code = "InvalidParameterException"


class ResourceAlreadyExistsException(ClientError):
    code = "ResourceAlreadyExistsException"


class ResourceNotFoundException(ClientError):
    code = "ResourceNotFoundException"


class LogGroupNotFound(ResourceNotFoundException):
    default_message = "The specified log group does not exist."


class LogStreamNotFound(ResourceNotFoundException):
    default_message = "The specified log stream does not exist."


class LogGroupExists(ResourceAlreadyExistsException):
    default_message = "The specified log group already exists"


class LogStreamExists(ResourceAlreadyExistsException):
    default_message = "The specified log stream already exists"


class InvalidToken(InvalidParameterException):
    default_message = "The specified nextToken is invalid."
