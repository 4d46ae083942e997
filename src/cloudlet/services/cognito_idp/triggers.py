"""Lambda triggers of a pool's LambdaConfig: PreSignUp, PostConfirmation and
PreTokenGeneration, invoked synchronously through ``internal.call`` (lambda Invoke) as the
``cognito-idp.amazonaws.com`` service.

https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html
- The event has version, region, userPoolId, userName, callerContext (awsSdkVersion,
  clientId), triggerSource, request and response; the function answers the event with its
  ``response`` filled in.
- A function that fails answers UserLambdaValidationException "{Trigger} failed with error
  {errorMessage}."; one that cannot be invoked UnexpectedLambdaException; an answer that is
  not an event object InvalidLambdaResponseException.
- PreSignUp's autoConfirmUser confirms the user, autoVerifyEmail marks the email verified.
- PreTokenGeneration (the V1 event): claimsOverrideDetails.claimsToAddOrOverride and
  claimsToSuppress change the ID token; groupOverrideDetails.groupsToOverride replaces
  cognito:groups in both tokens.

LIMITATIONS: the other triggers (PreAuthentication, PostAuthentication, CustomMessage,
DefineAuthChallenge, UserMigration, ...) and the V2/V3 PreTokenGeneration events are stored
in LambdaConfig but never invoked.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from cloudlet.server.context import Principal
from cloudlet.server.errors import ServiceError
from cloudlet.server.internal import call
from cloudlet.services.cognito_idp.errors import (
    InvalidLambdaResponseException,
    UnexpectedLambdaException,
    UserLambdaValidationException,
)

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

SERVICE_PRINCIPAL = "cognito-idp.amazonaws.com"


async def run(ctx: RequestContext, pool: dict[str, Any], trigger: str, source: str,
              user: dict[str, Any], client_id: str | None,
              request: dict[str, Any] | None = None,
              response: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The ``response`` the pool's ``trigger`` function answered; None without one."""
    fn_arn = (pool.get("LambdaConfig") or {}).get(trigger)
    if not fn_arn:
        return None
    event = {
        "version": "1", "region": ctx.region, "userPoolId": pool["Id"],
        "userName": user["Username"],
        "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": client_id},
        "triggerSource": source,
        "request": {"userAttributes": dict(user["attributes"]), **(request or {})},
        "response": response or {},
    }
    try:
        out = await call(ctx.state, "lambda", "Invoke",
                         {"FunctionName": fn_arn, "Payload": json.dumps(event).encode()},
                         principal=Principal.service(ctx.account, SERVICE_PRINCIPAL),
                         region=ctx.region)
    except ServiceError as error:
        raise UnexpectedLambdaException(f"{trigger} invocation failed due to error"
                                        f" {error.error_code}.") from None
    payload = bytes(out.get("Payload") or b"")
    try:
        answered = json.loads(payload) if payload else None
    except ValueError:
        answered = None
    if out.get("FunctionError"):
        message = answered.get("errorMessage") if isinstance(answered, dict) else None
        raise UserLambdaValidationException(f"{trigger} failed with error {message}.")
    if not isinstance(answered, dict) or not isinstance(answered.get("response", {}), dict):
        raise InvalidLambdaResponseException("Unrecognizable lambda output")
    result: dict[str, Any] = answered.get("response") or {}
    return result
