"""API Gateway's error codes, shared by the REST (``apigateway``) and HTTP API
(``apigatewayv2``) management operations.

https://docs.aws.amazon.com/apigateway/latest/api/CommonErrors.html
https://docs.aws.amazon.com/apigateway/latest/api/API_GetRestApi.html#API_GetRestApi_Errors
https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid.html#apis-apiid-responses

Each error is sent as rest-json with ``x-amzn-errortype`` and a ``message`` member; the HTTP
API's NotFoundException adds ``resourceType``. The NotFoundException texts ("Invalid ...
identifier specified") follow what AWS answers for each kind; AWS adds the account and id to
some of them (``Invalid API identifier specified 123456789012:abc``). For HTTP APIs AWS's text
is known for an unknown API and for RouteSettings naming a route the API has not (``Unable to
find Route by key {key} within the provided RouteSettings``).

LIMITATIONS: some of AWS's texts are not documented; where cloudlet could not confirm a text
it uses the closest documented wording (noted at the raise site). The HTTP API messages for
routes, integrations, stages, deployments, authorizers and models not found, conflicts and
bad requests follow the same pattern but are not confirmed against AWS.
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

    def __init__(self, message: str, resource_type: str | None = None) -> None:
        if resource_type:
            super().__init__(message, resourceType=resource_type)
        else:
            super().__init__(message)


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


def not_supported(what: str) -> BadRequestException:
    """A behaviour cloudlet does not implement, answered as a 400 ``not supported: what``
    (the HTTP API operations; the REST ones use ``cloudlet.server.errors.not_supported``)."""
    return BadRequestException(f"not supported: {what}")
