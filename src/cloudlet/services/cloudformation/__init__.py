"""AWS CloudFormation: stacks deployed by cloudlet's stack engine (``cloudlet.cloudformation``).

https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/Welcome.html

The query API lives here (``operations/``); the engine, its store (one SQLite database
for the server, ``cloudformation.sqlite``) and the resource providers live in
``cloudlet.cloudformation``. On start, a stack operation a previous run left in progress
is rolled back (``cloudformation.recovery`` worker).

LIMITATIONS:
- Stack sets, resource import (ChangeSetType IMPORT), stack policies, rollback triggers,
  hooks, type registry operations, refactors and generated templates are not supported.
- RoleARN is stored; resources are made as the caller of CreateStack/UpdateStack.
- ExecuteChangeSet answers once the operation has ended (at most 20 s), so waiters that
  poll every 30 s (the aws CLI's) find it done at their first look.
- Drift detection compares only the types whose provider can read the resource back
  (the others are NOT_CHECKED; see ``drift`` and ``operations/resources``).
- A resource whose provider call was in flight when the server was killed may be left
  behind by the rollback on restart (its physical id was never returned).
"""

from __future__ import annotations

from cloudlet.cloudformation.providers import load as load_providers
from cloudlet.services.cloudformation import lifecycle  # noqa: F401
from cloudlet.services.cloudformation.operations import (  # noqa: F401
    change_sets,
    exports,
    resources,
    stacks,
    templates,
)
from cloudlet.services.cloudformation.registry import service

# Providers register edge routes (custom resources' response URLs, wait condition
# handles) on ``service``: they must be imported before the server builds its routes.
load_providers()

__all__ = ["service"]
