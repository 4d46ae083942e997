"""API Gateway's (REST API, v1) error codes and the messages AWS answers with.

https://docs.aws.amazon.com/apigateway/latest/api/CommonErrors.html
https://docs.aws.amazon.com/apigateway/latest/api/API_GetRestApi.html#API_GetRestApi_Errors

Each error is sent as rest-json with ``x-amzn-errortype`` and a ``message`` member.
The NotFoundException texts ("Invalid ... identifier specified") follow what AWS answers
for each kind; AWS adds the account and id to some of them (``Invalid API identifier
specified 123456789012:abc``), which cloudlet does for REST APIs only.

LIMITATIONS: some of AWS's texts are not documented; where cloudlet could not confirm a
text it uses the closest documented wording (noted at the raise site).
"""

from __future__ import annotations

from cloudlet.server.errors import ClientError


class BadRequestException(ClientError):
    code = "BadRequestException"
    status = 400


class ConflictException(ClientError):
    code = "ConflictException"
    status = 409


class NotFoundException(ClientError):
    code = "NotFoundException"
    status = 404


class LimitExceededException(ClientError):
    code = "LimitExceededException"
    status = 429


class TooManyRequestsException(ClientError):
    code = "TooManyRequestsException"
    status = 429


class UnauthorizedException(ClientError):
    code = "UnauthorizedException"
    status = 401


def invalid(kind: str) -> NotFoundException:
    """``Invalid {kind} identifier specified`` (404), e.g. kind "Resource"."""
    return NotFoundException(f"Invalid {kind} identifier specified")
