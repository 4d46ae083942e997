"""AWS Security Token Service: who the caller is, and temporary credentials.

https://docs.aws.amazon.com/STS/latest/APIReference/welcome.html
- GetCallerIdentity, GetAccessKeyInfo, GetSessionToken (``operations.py``); AssumeRole
  (``roles.py``); AssumeRoleWithWebIdentity (``web_identity.py``). Every session key
  (``ASIA...``) is issued by ``state.credentials`` and signs as its session from then on.
- A trust policy is evaluated as AWS evaluates a resource-based policy
  (``cloudlet.policy.evaluate``).

LIMITATIONS: AssumeRoleWithSAML, AssumeRoot, GetFederationToken,
DecodeAuthorizationMessage and the newer token operations answer 501; MFA in AssumeRole and
GetSessionToken is not supported; see the modules for the rest.
"""

from __future__ import annotations

from cloudlet.services.sts import operations, roles, web_identity
from cloudlet.services.sts.registry import service

__all__ = ["operations", "roles", "service", "web_identity"]
