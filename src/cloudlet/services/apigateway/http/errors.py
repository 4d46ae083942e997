"""The errors of the HTTP API management operations (``apigatewayv2``).

https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid.html#apis-apiid-responses

Every error body is ``{"message": ...}`` (NotFoundException adds ``resourceType``).
AWS's text is known for an unknown API (``Invalid API identifier specified
{account}:{id}``, seen in SDK and SAM reports) and for RouteSettings naming a route the API
has not (``Unable to find Route by key {key} within the provided RouteSettings``). The other
messages (routes, integrations, stages, deployments, authorizers, models not found;
conflicts; bad requests) follow the same pattern but are not confirmed against AWS.
"""

from __future__ import annotations

from cloudlet.server.errors import ClientError


class NotFoundException(ClientError):
    code = "NotFoundException"
    status = 404

    def __init__(self, message: str, resource_type: str | None = None) -> None:
        if resource_type:
            super().__init__(message, resourceType=resource_type)
        else:
            super().__init__(message)


class BadRequestException(ClientError):
    code = "BadRequestException"
    status = 400


class ConflictException(ClientError):
    code = "ConflictException"
    status = 409


class TooManyRequestsException(ClientError):
    code = "TooManyRequestsException"
    status = 429


def not_supported(what: str) -> BadRequestException:
    """A behaviour cloudlet does not implement, answered as a 400 ``not supported: what``."""
    return BadRequestException(f"not supported: {what}")
