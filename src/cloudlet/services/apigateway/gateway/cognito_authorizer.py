"""COGNITO_USER_POOLS authorizers of REST APIs: the caller presents a user pool's ID or
access token, API Gateway verifies it.

https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-integrate-with-cognito.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html

- The token is the ``identitySource`` header (``method.request.header.Authorization``), raw or
  after ``Bearer ``; missing: 401 ``{"message":"Unauthorized"}``.
- It must be signed by one of the pools in ``providerARNs``
  (``arn:aws:cognito-idp:{region}:{account}:userpool/{poolId}``, issuer
  ``https://cognito-idp.{region}.amazonaws.com/{poolId}``; keys from ``jwt_verify``, which
  ``jwt_verify.redirect`` can point at cloudlet's own Cognito), unexpired, with ``token_use``
  ``id`` or ``access``. An expired token: 401 ``{"message":"The incoming token has
  expired"}``; any other fault: 401 Unauthorized. A pool whose keys cannot be fetched: 500
  (``AUTHORIZER_CONFIGURATION_ERROR``).
- ``identityValidationExpression``, when set, must match the token's ``aud`` (401 if not).
- With ``authorizationScopes`` on the method, the token must be an access token whose
  ``scope`` names one of them (401 Unauthorized otherwise).
- ``inv.authorizer`` becomes ``{"claims": {...}}`` (values as strings, as REST APIs show
  them; lists joined with ``,``).

Unsure of AWS: the exact text for a token with the wrong scopes (401 Unauthorized here); AWS
formats ``exp``/``iat`` claims as dates, here they stay epoch seconds in strings.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from cloudlet.lazy_import import lazy_module
from cloudlet.services.apigateway.gateway import jwt_verify
from cloudlet.services.apigateway.gateway.identity_sources import identity_value
from cloudlet.services.apigateway.gateway.refusals import refuse

if TYPE_CHECKING:
    from cloudlet.services.apigateway.gateway.invocation import Invocation

if TYPE_CHECKING:
    import jwt
else:
    jwt = lazy_module("jwt")

log = logging.getLogger("cloudlet")

EXPIRED = "The incoming token has expired"
_POOL_ARN = re.compile(r"arn:aws[a-z-]*:cognito-idp:(?P<region>[^:]+):[^:]*:userpool/(?P<pool>.+)")


def issuer_for(provider_arn: str) -> str | None:
    """The issuer of a user pool ARN's tokens (None when it is not a user pool ARN)."""
    found = _POOL_ARN.fullmatch(provider_arn)
    if found is None:
        return None
    return f"https://cognito-idp.{found['region']}.amazonaws.com/{found['pool']}"


def _claim_string(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_claim_string(v) for v in value)
    return value if isinstance(value, str) else str(value)


async def authorize(inv: Invocation, authorizer: dict[str, Any]) -> None:
    """Verify the request's token against the authorizer's pools (see the module docstring)."""
    source = str(authorizer.get("identitySource") or "method.request.header.Authorization")
    token = identity_value(inv, source.split(",")[0].strip())
    if token and token[:7].lower() == "bearer ":
        token = token[7:].strip()
    if not token:
        raise refuse("UNAUTHORIZED")
    issuers = {i for i in map(issuer_for, authorizer.get("providerARNs") or []) if i}
    try:
        issuer = str(jwt.decode(token, options={"verify_signature": False}).get("iss", ""))
    except jwt.PyJWTError:
        raise refuse("UNAUTHORIZED") from None
    if issuer.rstrip("/") not in issuers:
        raise refuse("UNAUTHORIZED")
    try:
        claims = await jwt_verify.verify(inv.state, token, issuer, [])
    except jwt_verify.JwksUnavailable as error:
        log.warning("API %s: authorizer %s: %s", inv.api.api_id, authorizer.get("id"), error)
        raise refuse("AUTHORIZER_CONFIGURATION_ERROR") from None
    except jwt_verify.JwtError as error:
        if error.expired:
            raise refuse("UNAUTHORIZED", EXPIRED) from None
        raise refuse("UNAUTHORIZED") from None
    token_use = claims.get("token_use")
    if token_use not in ("id", "access"):
        raise refuse("UNAUTHORIZED")
    expression = authorizer.get("identityValidationExpression")
    if expression:
        try:
            matched = re.fullmatch(str(expression), _claim_string(claims.get("aud", "")))
        except re.error:
            log.warning("API %s: authorizer %s has an invalid identityValidationExpression",
                        inv.api.api_id, authorizer.get("id"))
            raise refuse("AUTHORIZER_CONFIGURATION_ERROR") from None
        if matched is None:
            raise refuse("UNAUTHORIZED")
    scopes: list[str] = (inv.method or {}).get("authorizationScopes") or []
    if scopes:
        granted = str(claims.get("scope", "")).split()
        if token_use != "access" or not any(s in granted for s in scopes):
            raise refuse("UNAUTHORIZED")
    inv.authorizer = {"claims": {k: _claim_string(v) for k, v in claims.items()}}
