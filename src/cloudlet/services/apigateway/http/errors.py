"""The HTTP API errors: the shared ``cloudlet.services.apigateway.errors`` under their old
import path (kept while other modules move to the shared one).

https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid.html#apis-apiid-responses

LIMITATIONS: see ``cloudlet.services.apigateway.errors``.
"""

from __future__ import annotations

from cloudlet.services.apigateway.errors import (
    BadRequestException,
    ConflictException,
    NotFoundException,
    TooManyRequestsException,
    not_supported,
)

__all__ = [
    "BadRequestException",
    "ConflictException",
    "NotFoundException",
    "TooManyRequestsException",
    "not_supported",
]
