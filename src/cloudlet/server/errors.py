"""Errors every AWS service can answer with.

Each error is an exception class named exactly after the AWS error code. It carries the
HTTP status, the fault side (``Sender`` for the client, ``Receiver`` for the service) and a
default message. Services define their own in ``services/<name>/errors.py`` by subclassing
``ServiceError``; the protocol serializer turns any of them into the wire shape its
protocol uses. Handlers always raise; they never return an error.
"""

from __future__ import annotations

from typing import Any, ClassVar


class ServiceError(Exception):
    """An error answered to the client in the shape of the service's protocol."""

    code: ClassVar[str] = "InternalFailure"
    status: ClassVar[int] = 500
    sender_fault: ClassVar[bool] = False
    default_message: ClassVar[str] = ""
    # The body member that carries the message in JSON protocols ("Message" for a few errors).
    message_key: ClassVar[str] = "message"

    def __init__(self, message: str | None = None, **fields: Any) -> None:
        self.message = self.default_message if message is None else message
        # Extra members of the error shape (e.g. CancellationReasons, Item), serialized
        # into the error body beside the message.
        self.fields = fields
        # Extra response headers (e.g. Retry-After), sent whatever the protocol.
        self.headers: list[tuple[str, str]] = []
        super().__init__(self.message)

    @property
    def error_code(self) -> str:
        return self.code or type(self).__name__


class ClientError(ServiceError):
    status = 400
    sender_fault = True


class QueryCompatibleError(ClientError):
    """An error of a JSON service that is ``awsQueryCompatible`` (SQS, CloudWatch): the
    JSON body names the model's shape in ``__type``, and the code the service's query API
    answers (``query_code``, else ``code``) travels in the ``x-amzn-query-error`` header
    (``CODE;Sender``), which the SDKs report as the error's code."""

    query_code: ClassVar[str] = ""

    def __init__(self, message: str | None = None, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.headers.append(("x-amzn-query-error", f"{self.wire_code};Sender"))

    @property
    def wire_code(self) -> str:
        """The code the query API and the ``x-amzn-query-error`` header carry."""
        return self.query_code or self.code


class ValidationException(ClientError):
    code = "ValidationException"


class ValidationError(ClientError):
    """The query services' (CloudFormation, STS, IAM) name for ValidationException."""

    code = "ValidationError"


class MalformedXML(ClientError):
    """An XML body that does not parse (rest-xml services; S3's text)."""

    code = "MalformedXML"
    default_message = (
        "The XML you provided was not well-formed or did not validate against our published schema"
    )


class SerializationException(ClientError):
    code = "SerializationException"


class InvalidAction(ClientError):
    code = "InvalidAction"


class UnknownOperationException(ClientError):
    code = "UnknownOperationException"


class MissingAuthenticationToken(ClientError):
    code = "MissingAuthenticationTokenException"
    status = 403
    default_message = "Missing Authentication Token"


class AccessDeniedException(ClientError):
    code = "AccessDeniedException"
    status = 403


class InternalFailure(ServiceError):
    code = "InternalFailure"
    status = 500
    default_message = "The request processing has failed because of an unknown error."


class ServiceUnavailable(ServiceError):
    code = "ServiceUnavailable"
    status = 503


class NotImplementedOperation(ServiceError):
    """An operation that exists in the AWS model but that cloudlet has not written."""

    code = "NotImplemented"
    status = 501

    def __init__(self, service: str, operation: str) -> None:
        super().__init__(f"not supported: {service}.{operation} is not implemented in cloudlet")


def not_supported(what: str) -> ValidationException:
    """A behaviour cloudlet does not implement, reported clearly (also listed in the README)."""
    return ValidationException(f"not supported: {what}")
