"""STS's errors, named after their codes in the botocore model (``sts``)."""

from __future__ import annotations

from cloudlet.policy.messages import AccessDenied
from cloudlet.server.errors import ClientError

__all__ = ["AccessDenied", "ExpiredTokenException", "IDPCommunicationError",
           "InvalidIdentityToken", "InvalidParameterValue", "MalformedPolicyDocument",
           "PackedPolicyTooLarge", "not_authorized"]


class MalformedPolicyDocument(ClientError):
    code = "MalformedPolicyDocument"


class PackedPolicyTooLarge(ClientError):
    code = "PackedPolicyTooLarge"


class InvalidIdentityToken(ClientError):
    code = "InvalidIdentityToken"


class ExpiredTokenException(ClientError):
    code = "ExpiredTokenException"


class IDPCommunicationError(ClientError):
    code = "IDPCommunicationError"


class InvalidParameterValue(ClientError):
    code = "InvalidParameterValue"


def not_authorized(caller_arn: str, action: str, resource: str) -> AccessDenied:
    """AWS's text when a trust policy does not let the caller in."""
    return AccessDenied(f"User: {caller_arn} is not authorized to perform: {action}"
                        f" on resource: {resource}")
