"""AWS Identity and Access Management: roles, managed and inline policies, instance
profiles, users, groups, access keys (that sign), OpenID Connect providers.

https://docs.aws.amazon.com/IAM/latest/APIReference/welcome.html

IAM is global: ARNs have no region (``arn:aws:iam::ACCOUNT:role/PATH/NAME``) and one
server-wide SQLite store keys every entity by account (``store``). Policy documents are
checked for shape (MalformedPolicyDocument) and stored; AWS managed policies are known by
name and ARN (``aws_managed``).

LIMITATIONS:
- Policies are stored, not evaluated here (the server's ``--iam`` setting decides that).
- Login profiles, MFA devices, SAML providers, server certificates, service-linked
  roles, credential reports and access advisor answer 501.
"""

from __future__ import annotations

from cloudlet.services.iam.operations import (  # noqa: F401
    access_keys,
    authorization,
    groups,
    oidc,
    policies,
    profiles,
    roles,
    simulate,
    users,
)
from cloudlet.services.iam.registry import service

__all__ = ["service"]
