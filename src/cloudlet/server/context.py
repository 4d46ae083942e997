"""The request context: who is calling, where, and which operation.

Every resource belongs to an account and a region. The region comes from the SigV4
credential scope in ``Authorization``; the account from the access key id (a 12-digit
access key id is that account, anything else maps to ``DEFAULT_ACCOUNT``).

Every request has a ``Principal``: who AWS would say made the call. Over HTTP with
``--auth off`` it is the account's root user for any key; a call one service makes for
another (``server.internal.call``) carries the principal it acts for: the original
caller, a function's execution role, or a service principal such as
``apigateway.amazonaws.com``. IAM evaluation and ``--auth on`` read it from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
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


@dataclass(frozen=True, slots=True)
class Principal:
    """Who makes a call, as IAM names it.

    ``kind`` is ``root`` (the account itself), ``user``, ``assumed-role`` (a role
    session: a function's execution role, a state machine's role), ``service`` (an AWS
    service acting on its own, e.g. API Gateway invoking a function it has permission
    for) or ``anonymous`` (an unsigned call to an operation that takes none). ``arn`` is what ``sts:GetCallerIdentity`` would answer; for a service, its
    service principal (``apigateway.amazonaws.com``).
    """

    account: str
    arn: str
    kind: str = "root"
    access_key: str = ""
    # The IAM entity behind it: a session's role ARN (with its path), a user's ARN.
    identity: str = ""

    @classmethod
    def root(cls, account: str, access_key: str = "") -> Principal:
        return cls(account, f"arn:aws:iam::{account}:root", "root", access_key,
                   f"arn:aws:iam::{account}:root")

    @classmethod
    def user(cls, user_arn: str, access_key: str = "") -> Principal:
        """An IAM user: ``arn:aws:iam::ACCOUNT:user/PATH/NAME``."""
        return cls(user_arn.split(":")[4], user_arn, "user", access_key, user_arn)

    @classmethod
    def anonymous(cls, account: str) -> Principal:
        """An unsigned request to an operation called without credentials (Cognito's
        InitiateAuth, STS AssumeRoleWithWebIdentity): the operation finds the account
        from what it names."""
        return cls(account, "anonymous", "anonymous")

    @classmethod
    def service(cls, account: str, name: str) -> Principal:
        """An AWS service principal acting in ``account`` (``apigateway.amazonaws.com``)."""
        return cls(account, name, "service")

    @classmethod
    def role_session(cls, role_arn: str, session: str, access_key: str = "") -> Principal:
        """A session of an assumed role: ``arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION``."""
        account = role_arn.split(":")[4] if role_arn.count(":") >= 5 else DEFAULT_ACCOUNT
        name = role_arn.rsplit("/", 1)[-1]
        return cls(account, f"arn:aws:sts::{account}:assumed-role/{name}/{session}",
                   "assumed-role", access_key, role_arn)


def principal_for(state: ServerState, access_key: str | None) -> Principal:
    """The principal of an HTTP request signed with ``access_key``: the one cloudlet issued
    the key to, else (``--auth off``) the root of the account the key id names."""
    if access_key:
        issued = state.credentials.find(access_key)
        if issued is not None:
            return issued.principal
    return _root(access_key or "")


@lru_cache(maxsize=4096)
def _root(access_key: str) -> Principal:
    """The root principal a key id stands for (a frozen value, built once per key)."""
    return Principal.root(account_for(access_key), access_key)


@dataclass(slots=True)
class RequestContext:
    """What a handler knows about its request; never HTTP details."""

    state: ServerState
    service: str
    operation: str
    account: str = DEFAULT_ACCOUNT
    region: str = DEFAULT_REGION
    request_id: str = ""
    principal: Principal | None = None
    headers: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    # False for cloudlet's own bookkeeping calls (the cost estimate listing a bucket's
    # objects), which a service's meter does not count as the user's requests.
    metered: bool = True

    @property
    def caller(self) -> Principal:
        """Who makes this call (the account's root when nothing more is known)."""
        return self.principal or Principal.root(self.account)

    @property
    def access_key(self) -> str:
        return self.principal.access_key if self.principal else ""

    def arn(self, service: str, resource: str) -> str:
        return f"arn:aws:{service}:{self.region}:{self.account}:{resource}"
