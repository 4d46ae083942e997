"""AWS Security Token Service: GetCallerIdentity and AssumeRole.

https://docs.aws.amazon.com/STS/latest/APIReference/welcome.html
- GetCallerIdentity answers the principal of the request (the account's root user for
  any key with ``--auth off``, or an assumed-role session ARN).
- AssumeRole answers temporary credentials (``ASIA...`` key ids) for an existing role of
  the account, lasting DurationSeconds (900 up to the role's MaxSessionDuration).

LIMITATIONS: the credentials are not yet tied to the role when a request is signed with
them (``--auth on`` and IAM evaluation come with issue 15); the trust policy is not
evaluated; web identity, SAML, session tokens and federation tokens answer 501.
"""

from __future__ import annotations

from cloudlet.services.sts.operations import service

__all__ = ["service"]
