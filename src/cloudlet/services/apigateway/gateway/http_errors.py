"""The fixed error answers of HTTP APIs (which, unlike REST APIs, cannot be customised).

https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-lambda.html

The texts are those clients see from AWS (``{"message":"Not Found"}``,
``{"message":"Internal Server Error"}``, ...); AWS documents no full list, so the 413 text
is unverified.

Every gateway answer is JSON ``{"message": ...}`` with an ``apigw-requestid`` header. A
``GatewayError`` raised by the shared pieces (``lambda_call``) maps onto these by its
response type: an integration timeout is 503 ``Service Unavailable``, any other integration
or authorizer failure 500 ``Internal Server Error``.

LIMITATIONS: ``not supported: ...`` answers (501) are cloudlet's own, for features not written.
"""

from __future__ import annotations

import orjson

from cloudlet.server.http import Response
from cloudlet.services.apigateway.gateway.errors import GatewayError

NOT_FOUND = (404, "Not Found")
UNAUTHORIZED = (401, "Unauthorized")
FORBIDDEN = (403, "Forbidden")
TOO_MANY_REQUESTS = (429, "Too Many Requests")
INTERNAL = (500, "Internal Server Error")
UNAVAILABLE = (503, "Service Unavailable")
TOO_LARGE = (413, "Request Entity Too Large")

_BY_TYPE: dict[str, tuple[int, str]] = {
    "RESOURCE_NOT_FOUND": NOT_FOUND,
    "UNAUTHORIZED": UNAUTHORIZED,
    "ACCESS_DENIED": FORBIDDEN,
    "THROTTLED": TOO_MANY_REQUESTS,
    "INTEGRATION_TIMEOUT": UNAVAILABLE,
    "REQUEST_TOO_LARGE": TOO_LARGE,
}


class HttpApiError(Exception):
    """Raised anywhere in the HTTP pipeline to answer a gateway error instead of the
    integration's response."""

    def __init__(self, answer: tuple[int, str], headers: list[tuple[str, str]] | None = None,
                 *, detail: str = "", response_type: str = ""):
        self.status, self.message = answer
        self.headers = headers or []
        # What access logs show as $context.error.message / integrationErrorMessage.
        self.detail = detail or self.message
        self.response_type = response_type
        super().__init__(f"{self.status} {self.message}")

    @classmethod
    def from_gateway(cls, error: GatewayError) -> HttpApiError:
        answer = _BY_TYPE.get(error.response_type, INTERNAL)
        return cls(answer, detail=error.message, response_type=error.response_type)


class NotSupported(HttpApiError):
    """A feature cloudlet does not implement: 501 ``not supported: X``."""

    def __init__(self, what: str):
        super().__init__((501, f"not supported: {what}"), response_type="NOT_SUPPORTED")


def error_response(error: HttpApiError, request_id: str) -> Response:
    body = orjson.dumps({"message": error.message})
    return Response(error.status, body, [("content-type", "application/json"),
                                         ("apigw-requestid", request_id), *error.headers])
