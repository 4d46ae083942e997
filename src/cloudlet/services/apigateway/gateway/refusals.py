"""The gateway errors protection raises, with the ``x-amzn-ErrorType`` header AWS sends
beside each (as seen in AWS's responses and reported by users; AWS documents the types,
not these header values).

https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
"""

from __future__ import annotations

from cloudlet.services.apigateway.gateway.errors import GatewayError

ERROR_TYPES: dict[str, str] = {
    "ACCESS_DENIED": "AccessDeniedException",
    "AUTHORIZER_CONFIGURATION_ERROR": "AuthorizerConfigurationException",
    "AUTHORIZER_FAILURE": "AuthorizerFailureException",
    "BAD_REQUEST_BODY": "BadRequestException",
    "BAD_REQUEST_PARAMETERS": "BadRequestException",
    "INVALID_API_KEY": "ForbiddenException",
    "QUOTA_EXCEEDED": "LimitExceededException",
    "THROTTLED": "TooManyRequestsException",
    "UNAUTHORIZED": "UnauthorizedException",
}


def refuse(response_type: str, message: str | None = None) -> GatewayError:
    """A ``GatewayError`` of ``response_type`` carrying its ``x-amzn-ErrorType``."""
    headers = {"x-amzn-ErrorType": ERROR_TYPES[response_type]} if response_type in ERROR_TYPES else {}
    return GatewayError(response_type, message, headers=headers)
