"""AssumeRoleWithWebIdentity: a role session for the holder of an OpenID Connect ID token.

https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
- Unsigned: the token is the credential. It must be a JWT signed by a key of its issuer's
  JWKS (``iss`` + ``/.well-known/jwks.json``, see ``apigateway.gateway.jwt_verify``);
  otherwise InvalidIdentityToken (400); an expired one ExpiredTokenException (400).
- The provider is the issuer without ``https://``; the role's trust policy must allow
  ``sts:AssumeRoleWithWebIdentity`` to ``Principal: {"Federated":
  "arn:aws:iam::ACCOUNT:oidc-provider/PROVIDER"}``, with conditions on ``PROVIDER:aud``,
  ``PROVIDER:sub`` (and ``PROVIDER:amr``, ``PROVIDER:oaud``); else AccessDenied (403) "Not
  authorized to perform sts:AssumeRoleWithWebIdentity".
- The answer names the token's subject, audience and issuer.

LIMITATIONS: IAM OpenID Connect providers are not modelled: any issuer a trust policy
names is trusted, and the audience is checked only by the trust policy's conditions, not
against a provider's client id list. ``ProviderId`` (OAuth 2.0 access tokens of Amazon,
Facebook, Google) is not supported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.lazy_import import lazy_module
from cloudlet.server.context import Principal
from cloudlet.server.errors import ValidationError
from cloudlet.services.sts import sessions
from cloudlet.services.sts.errors import (
    AccessDenied,
    ExpiredTokenException,
    IDPCommunicationError,
    InvalidIdentityToken,
)
from cloudlet.services.sts.registry import service
from cloudlet.services.sts.roles import duration_for, session_answer

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

if TYPE_CHECKING:
    import jwt
else:
    jwt = lazy_module("jwt")

ACTION = "sts:AssumeRoleWithWebIdentity"
NOT_A_JWT = ("The ID Token provided is not a valid JWT. (You may see this error if you sent"
             " an Access Token)")


def _issuer(token: str) -> str:
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        raise InvalidIdentityToken(NOT_A_JWT) from None
    issuer = claims.get("iss")
    if not isinstance(issuer, str) or not issuer:
        raise InvalidIdentityToken(NOT_A_JWT)
    return issuer.rstrip("/")


async def verified_claims(ctx: RequestContext, token: str) -> tuple[str, dict[str, Any]]:
    """The token's issuer and claims once its signature and times hold."""
    from cloudlet.services.apigateway.gateway.jwt_verify import (
        JwksUnavailable,
        JwtError,
        verify,
    )

    issuer = _issuer(token)
    try:
        claims = await verify(ctx.state, token, issuer, [])
    except JwksUnavailable:
        raise IDPCommunicationError(
            "Couldn't retrieve verification key from your identity provider,  please"
            " reference AssumeRoleWithWebIdentity documentation for requirements") from None
    except JwtError as error:
        if error.expired:
            now = int(ctx.state.clock.now())
            exp = jwt.decode(token, options={"verify_signature": False}).get("exp")
            raise ExpiredTokenException(
                f"Token expired: current date/time {now} must be before the expiration"
                f" date/time{exp}") from None
        raise InvalidIdentityToken(f"The web identity token is not valid: {error.message}") from None
    return issuer, claims


def provider_of(issuer: str) -> str:
    return issuer.removeprefix("https://").removeprefix("http://")


@service.operation("AssumeRoleWithWebIdentity")
async def assume_role_with_web_identity(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    if req.get("ProviderId"):
        raise ValidationError("not supported: ProviderId (OAuth 2.0 access tokens)")
    account, name = sessions.parse_role_arn(req["RoleArn"])
    issuer, claims = await verified_claims(ctx, req["WebIdentityToken"])
    provider = provider_of(issuer)
    aud = claims.get("aud", claims.get("client_id", ""))
    audience = aud[0] if isinstance(aud, list) and aud else str(aud)
    subject = str(claims.get("sub", ""))
    keys: dict[str, Any] = {f"{provider}:aud": aud, f"{provider}:sub": subject,
                            f"{provider}:oaud": aud, "sts:RoleSessionName": req["RoleSessionName"]}
    if "amr" in claims:
        keys[f"{provider}:amr"] = claims["amr"]
    federated = Principal(account, f"arn:aws:iam::{account}:oidc-provider/{provider}", "federated")
    role = await sessions.find_role(ctx, account, name)
    if role is None or not sessions.trust_allows(ctx, req, role, federated, ACTION, keys):
        raise AccessDenied(f"Not authorized to perform {ACTION}")
    duration = duration_for(req, role, chained=False)
    policies, compact = await sessions.session_policies(ctx, req)
    packed = sessions.packed_size(compact, {})
    extra = {"policies": policies, "tags": {}, "web_identity": {
        "provider": federated.arn, "sub": subject, "aud": audience}}
    out = session_answer(ctx, role, req["RoleSessionName"], duration, extra)
    out.update({"PackedPolicySize": packed, "SubjectFromWebIdentityToken": subject,
                "Audience": audience, "Provider": issuer})
    return out
