"""Function permissions: AddPermission, RemovePermission, GetPolicy (rules in
``lambda_/policies.py``).

https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html
https://docs.aws.amazon.com/lambda/latest/api/API_RemovePermission.html
https://docs.aws.amazon.com/lambda/latest/api/API_GetPolicy.html
https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html

Messages come from AWS answers quoted in public issue threads (terraform-provider-aws,
serverless, moto and LocalStack's AWS-validated tests). Not confirmed there, and so our
best reading: the text of RemovePermission for a function that does not exist
(``No policy found for: ARN``) and of every operation for a version or alias that does
not exist (``Function not found: ARN:QUALIFIER``).

LIMITATIONS
- Policies are evaluated by the server's IAM check (``--iam warn|enforce``,
  ``lambda_/resource_policy.py``); with ``--iam off`` nothing is evaluated.
- The principal is checked only for its form (service, account, IAM ARN or ``*``), not
  against IAM's list of services or existing users and roles.
"""

from __future__ import annotations

from typing import Required, TypedDict

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.lambda_ import service
from cloudlet.services.lambda_.arns import LATEST, resolve
from cloudlet.services.lambda_.backend import backends
from cloudlet.services.lambda_.errors import (
    InvalidParameterValueException,
    ResourceNotFoundException,
)
from cloudlet.services.lambda_.policies import compact, document, statement_of


class AddPermissionRequest(TypedDict, total=False):
    FunctionName: Required[str]
    StatementId: Required[str]
    Action: Required[str]
    Principal: Required[str]
    SourceArn: str
    SourceAccount: str
    EventSourceToken: str
    Qualifier: str
    RevisionId: str
    PrincipalOrgID: str
    FunctionUrlAuthType: str
    InvokedViaFunctionUrl: bool


class AddPermissionResponse(TypedDict, total=False):
    Statement: str


class RemovePermissionRequest(TypedDict, total=False):
    FunctionName: Required[str]
    StatementId: Required[str]
    Qualifier: str
    RevisionId: str


class GetPolicyRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: str


class GetPolicyResponse(TypedDict, total=False):
    Policy: str
    RevisionId: str


@service.operation("AddPermission")
def add_permission(ctx: RequestContext, req: AddPermissionRequest) -> AddPermissionResponse:
    """Add a statement to the policy of the function, a version or an alias (201); the
    answer is the statement as JSON text.

    - ``Qualifier`` ``$LATEST``: InvalidParameterValueException ("We currently do not
      support adding policies for $LATEST."); leave it out for the unqualified function.
    - A ``StatementId`` already in that policy: ResourceConflictException (409).
    - ``RevisionId`` other than the version's or alias's: PreconditionFailedException (412).
    - A policy over 20 KB: PolicyLengthExceededException (400).
    """
    name, qualifier = resolve(req["FunctionName"], req.get("Qualifier"), ctx.account, ctx.region)
    if qualifier == LATEST:
        raise InvalidParameterValueException(
            "We currently do not support adding policies for $LATEST.")
    policies = backends.of(ctx).policies
    target = policies.target(name, qualifier)
    statement = statement_of(req, backends.of(ctx).arn(name, qualifier))
    policies.add(target, statement, req.get("RevisionId"))
    return {"Statement": compact(statement)}


@service.operation("RemovePermission")
def remove_permission(ctx: RequestContext, req: RemovePermissionRequest) -> NoOutput:
    """Remove one statement (204); a policy left empty is gone.

    - No policy: ResourceNotFoundException "No policy is associated with the given
      resource."; no such statement: "Statement SID is not found in resource policy."
    - ``RevisionId`` other than the version's or alias's: PreconditionFailedException (412).
    """
    name, qualifier = resolve(req["FunctionName"], req.get("Qualifier"), ctx.account, ctx.region)
    backend = backends.of(ctx)
    if name not in backend.functions:
        raise ResourceNotFoundException(f"No policy found for: {backend.arn(name)}")
    policies = backend.policies
    policies.remove(policies.target(name, qualifier), req["StatementId"], req.get("RevisionId"))
    return {}


@service.operation("GetPolicy")
def get_policy(ctx: RequestContext, req: GetPolicyRequest) -> GetPolicyResponse:
    """The policy of the function, a version or an alias as JSON text, with the
    RevisionId of that version or alias.

    - No statement, or no such function or version: ResourceNotFoundException "The
      resource you requested does not exist." (recorded in LocalStack's
      test_lambda_api.snapshot.json, test_permission_exceptions).
    """
    name, qualifier = resolve(req["FunctionName"], req.get("Qualifier"), ctx.account, ctx.region)
    policies = backends.of(ctx).policies
    try:
        target = policies.target(name, qualifier)
    except ResourceNotFoundException:
        raise ResourceNotFoundException("The resource you requested does not exist.") from None
    statements = policies.get(target)
    if not statements:
        raise ResourceNotFoundException("The resource you requested does not exist.")
    return {"Policy": compact(document(statements)), "RevisionId": target.revision}
