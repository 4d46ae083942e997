"""Amazon Cognito user pools (cognito-idp): pools, app clients, users, groups, sign-up
and sign-in, RS256 tokens and their JWKS.

https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/Welcome.html

One SQLite database per account and region (``store``). Each pool has its own RSA key;
its JWKS is served at ``/{poolId}/.well-known/jwks.json`` on the edge port, and every
pool's issuer (``https://cognito-idp.{region}.amazonaws.com/{poolId}``) is redirected there
for API Gateway's authorizers and STS's AssumeRoleWithWebIdentity (``jwt_verify``).
Confirmation codes and temporary passwords are written to the server log instead of
being emailed.

PreSignUp, PostConfirmation and PreTokenGeneration triggers run (``triggers.py``).

LIMITATIONS: the other Lambda triggers are stored, never invoked; no MFA, custom auth,
devices, hosted UI / OAuth endpoints, identity providers, resource servers, user
import jobs or email/SMS sending; attribute verification (GetUserAttributeVerificationCode,
VerifyUserAttribute) and every operation not written here answer 501.
"""

from __future__ import annotations

from cloudlet.services.cognito_idp import jwks  # noqa: F401
from cloudlet.services.cognito_idp.operations import (  # noqa: F401
    auth,
    domains,
    groups,
    pools,
    self_service,
    users,
)
from cloudlet.services.cognito_idp.registry import service

__all__ = ["service"]
