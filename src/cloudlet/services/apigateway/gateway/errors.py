"""The errors the gateway itself answers, named by AWS's gateway response types.

https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html

A REST API may customise each type (status, headers, templates) with PutGatewayResponse;
``DEFAULT_4XX``/``DEFAULT_5XX`` customise every type of that class that has no response of its
own. HTTP APIs answer the fixed bodies below.
"""

from __future__ import annotations

from typing import ClassVar

# response type -> (status, message) as AWS answers them by default.
DEFAULTS: dict[str, tuple[int, str]] = {
    "ACCESS_DENIED": (403, "User is not authorized to access this resource"),
    "API_CONFIGURATION_ERROR": (500, "Internal server error"),
    "AUTHORIZER_CONFIGURATION_ERROR": (500, "Internal server error"),
    "AUTHORIZER_FAILURE": (500, "Internal server error"),
    "BAD_REQUEST_PARAMETERS": (400, "Bad request parameters"),
    "BAD_REQUEST_BODY": (400, "Invalid request body"),
    "DEFAULT_4XX": (400, "Bad request"),
    "DEFAULT_5XX": (500, "Internal server error"),
    "EXPIRED_TOKEN": (403, "The security token included in the request is expired"),
    "INTEGRATION_FAILURE": (504, "Internal server error"),
    "INTEGRATION_TIMEOUT": (504, "Endpoint request timed out"),
    "INVALID_API_KEY": (403, "Forbidden"),
    "INVALID_SIGNATURE": (403, "The request signature we calculated does not match the "
                               "signature you provided."),
    "MISSING_AUTHENTICATION_TOKEN": (403, "Missing Authentication Token"),
    "QUOTA_EXCEEDED": (429, "Limit Exceeded"),
    "REQUEST_TOO_LARGE": (413, "Request Too Long"),
    "RESOURCE_NOT_FOUND": (404, "Not Found"),
    "THROTTLED": (429, "Too Many Requests"),
    "UNAUTHORIZED": (401, "Unauthorized"),
    "UNSUPPORTED_MEDIA_TYPE": (415, "Unsupported Media Type"),
    "WAF_FILTERED": (403, "Forbidden"),
}


class GatewayError(Exception):
    """Raised anywhere in the data plane to answer a gateway response instead of the
    integration's; ``message`` replaces the type's default text (``$context.error.message``)."""

    response_type: ClassVar[str] = "DEFAULT_4XX"

    def __init__(self, response_type: str, message: str | None = None,
                 status: int | None = None, headers: dict[str, str] | None = None):
        default_status, default_message = DEFAULTS[response_type]
        self.response_type = response_type  # type: ignore[misc]
        self.status = status or default_status
        self.message = default_message if message is None else message
        self.headers = headers or {}
        super().__init__(f"{response_type}: {self.message}")
