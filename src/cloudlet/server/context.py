"""The request context: who is calling, where, and which operation.

Every resource belongs to an account and a region. The region comes from the SigV4
credential scope in ``Authorization``; the account from the access key id (a 12-digit
access key id is that account, anything else maps to ``DEFAULT_ACCOUNT``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState

DEFAULT_ACCOUNT = "000000000000"
DEFAULT_REGION = "us-east-1"

_CREDENTIAL = re.compile(
    r"Credential=(?P<key>[^/,\s]+)/(?P<date>\d{8})/(?P<region>[^/]+)/(?P<service>[^/]+)/aws4_request"
)


@dataclass(frozen=True, slots=True)
class Caller:
    access_key: str
    region: str
    signing_service: str | None


def parse_authorization(header: str | None) -> Caller | None:
    """Read the access key, region and service from a SigV4 ``Authorization`` header."""
    if not header:
        return None
    match = _CREDENTIAL.search(header)
    if match is None:
        return None
    return Caller(match["key"], match["region"], match["service"])


def account_for(access_key: str | None) -> str:
    if access_key and len(access_key) == 12 and access_key.isdigit():
        return access_key
    return DEFAULT_ACCOUNT


@dataclass(slots=True)
class RequestContext:
    """What a handler knows about its request; never HTTP details."""

    state: ServerState
    service: str
    operation: str
    account: str = DEFAULT_ACCOUNT
    region: str = DEFAULT_REGION
    request_id: str = ""
    access_key: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def arn(self, service: str, resource: str) -> str:
        return f"arn:aws:{service}:{self.region}:{self.account}:{resource}"
