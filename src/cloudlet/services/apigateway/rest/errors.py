"""The REST API errors: the shared ``cloudlet.services.apigateway.errors`` under their old
import path (kept while other modules move to the shared one).

https://docs.aws.amazon.com/apigateway/latest/api/CommonErrors.html

LIMITATIONS: see ``cloudlet.services.apigateway.errors``.
"""

from __future__ import annotations

from cloudlet.services.apigateway.errors import (
    BadRequestException,
    ConflictException,
    LimitExceededException,
    NotFoundException,
    TooManyRequestsException,
    UnauthorizedException,
    invalid,
)

__all__ = [
    "BadRequestException",
    "ConflictException",
    "LimitExceededException",
    "NotFoundException",
    "TooManyRequestsException",
    "UnauthorizedException",
    "invalid",
]
