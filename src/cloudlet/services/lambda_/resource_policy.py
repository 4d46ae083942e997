"""A function's, version's or alias's policy (its AddPermission statements, ``policies``)
for IAM evaluation (``policy.resource_policies``).

https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
- ``arn:aws:lambda:REGION:ACCOUNT:function:NAME`` and ``...:NAME:$LATEST`` read the
  function's policy; ``...:NAME:QUALIFIER`` the version's or alias's. Layer ARNs have none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.policy.resource_policies import register
from cloudlet.services.lambda_.arns import LATEST
from cloudlet.services.lambda_.backend import backends
from cloudlet.services.lambda_.policies import document

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState


def read(state: ServerState, account: str, region: str, arn: str) -> dict[str, Any] | None:
    """The policy document of the function ``arn`` names, or None."""
    parts = arn.split(":")
    if len(parts) not in (7, 8) or parts[5] != "function":
        return None
    qualifier = parts[7] if len(parts) == 8 else LATEST
    statements = backends.get(state, account, region).policies.statements.get(
        (parts[6], qualifier))
    return document(statements) if statements else None


register("lambda", read)
