"""Lambda errors, named after their AWS codes, with the statuses Lambda answers.

https://docs.aws.amazon.com/lambda/latest/api/CommonErrors.html and each operation's
Errors section (e.g. https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_Errors).
"""

from __future__ import annotations

from cloudlet.server.errors import ClientError, ServiceError


class InvalidParameterValueException(ClientError):
    code = "InvalidParameterValueException"


class ResourceNotFoundException(ClientError):
    code = "ResourceNotFoundException"
    status = 404


class ResourceConflictException(ClientError):
    code = "ResourceConflictException"
    status = 409


class PreconditionFailedException(ClientError):
    code = "PreconditionFailedException"
    status = 412
    default_message = ("The Revision Id provided does not match the latest Revision Id. "
                       "Call the GetFunction/GetAlias API to retrieve the latest Revision Id")


class InvalidRequestContentException(ClientError):
    code = "InvalidRequestContentException"


class RequestEntityTooLargeException(ClientError):
    """Lambda answers this code (the model calls it RequestTooLargeException)."""

    code = "RequestEntityTooLargeException"
    status = 413


class TooManyRequestsException(ClientError):
    """A throttle: ``Reason`` says which concurrency limit was reached."""

    code = "TooManyRequestsException"
    status = 429
    default_message = "Rate Exceeded."

    def __init__(self, reason: str, retry_after_s: int = 1) -> None:
        super().__init__(None, Reason=reason)
        self.headers = [("Retry-After", str(retry_after_s))]


class ServiceException(ServiceError):
    code = "ServiceException"
    status = 500
