"""Authorizing a REST API method call: Lambda authorizers (TOKEN and REQUEST), Cognito user
pools (``cognito_authorizer``) and IAM (admitted, not yet enforced).

https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html

- TOKEN: the token is the ``identitySource`` header (``method.request.header.Authorization``);
  missing or empty, or not matching ``identityValidationExpression`` (a regular expression
  the whole token must match): 401 ``{"message":"Unauthorized"}`` and the function is not
  called. The event is ``{"type": "TOKEN", "authorizationToken", "methodArn"}``.
- REQUEST: each comma-separated identity source (``method.request.header.X``,
  ``method.request.querystring.x``, ``stageVariables.x``, ``context.x``) must be present
  and non-empty, else 401 without calling the function. The event is the proxy event's
  request members (no body) with ``type`` and ``methodArn``.
- The function answers ``principalId``, ``policyDocument`` (evaluated against the method ARN
  by ``authorizer_policy``), optionally ``context`` (string, number and boolean values only)
  and ``usageIdentifierKey`` (the API key when the API's key source is AUTHORIZER).
  Explicit Deny: 403 ``{"message":"User is not authorized to access this resource with an
  explicit deny"}``; no Allow: 403 ``{"message":"User is not authorized to access this
  resource"}`` (both ``ACCESS_DENIED``, texts from the AWS knowledge center article
  api-gateway-403-error-lambda-authorizer).
- A function failing with the message ``Unauthorized``: 401 Unauthorized. Any other function
  error, a function that cannot be invoked, or an answer of the wrong shape: 500
  (``AUTHORIZER_CONFIGURATION_ERROR``; the reason is logged); a timeout: 500
  (``AUTHORIZER_FAILURE``).
- Results are cached per stage, authorizer and identity source values for
  ``authorizerResultTtlInSeconds`` (300 when unset, 0 disables it); a cached policy is
  evaluated again against each request's method ARN, as AWS does. Any change to the
  account's API Gateway configuration (a deployment, FlushStageAuthorizersCache) starts the
  cache afresh.
- ``inv.authorizer`` becomes ``{"principalId", "integrationLatency", **context}``, which the
  proxy event's ``requestContext.authorizer`` and ``$context.authorizer`` show.

Unsure of AWS: context values and ``principalId`` are passed on as strings (``true``,
``123``) as REST APIs show them in mapping templates; the split between the two 500 types
follows the ``x-amzn-ErrorType: AuthorizerConfigurationException`` users report for a
failing function.

LIMITATIONS: ``authorizerCredentials`` (a role to invoke the function) is not assumed, the
function is called as API Gateway's service principal; with ``--auth off`` AWS_IAM methods
are admitted
without SigV4 verification (logged once), with ``--auth on`` the signature (service
``execute-api``) is verified; ``JWT`` authorizers of REST APIs are not supported.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.server import auth_errors
from cloudlet.server.authn import verify
from cloudlet.services.apigateway.gateway import (
    authorizer_policy,
    cognito_authorizer,
    lambda_call,
    observe,
)
from cloudlet.services.apigateway.gateway.errors import GatewayError
from cloudlet.services.apigateway.gateway.identity_sources import identity_value
from cloudlet.services.apigateway.gateway.proxy import build_event
from cloudlet.services.apigateway.gateway.refusals import refuse
from cloudlet.services.apigateway.registry import stores

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState
    from cloudlet.services.apigateway.gateway.invocation import Invocation

log = logging.getLogger("cloudlet")

DEFAULT_TTL_S = 300
DEFAULT_TOKEN_SOURCE = "method.request.header.Authorization"
EXPLICIT_DENY = "User is not authorized to access this resource with an explicit deny"
_CACHE = "apigateway.authorizers"
_MAX_ENTRIES = 10_000


@dataclass(slots=True)
class Output:
    """A Lambda authorizer's checked answer."""

    principal_id: str
    policy: dict[str, Any]
    context: dict[str, str]
    usage_identifier_key: str | None


@dataclass(slots=True)
class AuthorizerCache:
    """Authorizer answers by (api, stage, authorizer, identity values), with expiry times."""

    entries: dict[tuple[str, ...], tuple[float, Output]] = field(default_factory=dict)
    iam_logged: bool = False

    def get(self, key: tuple[str, ...], now: float) -> Output | None:
        found = self.entries.get(key)
        if found is None:
            return None
        if found[0] <= now:
            del self.entries[key]
            return None
        return found[1]

    def put(self, key: tuple[str, ...], output: Output, expires: float) -> None:
        if len(self.entries) >= _MAX_ENTRIES:
            self.entries.clear()
        self.entries[key] = (expires, output)

    def flush(self, api_id: str, stage: str) -> None:
        """Forget every answer cached for a stage (FlushStageAuthorizersCache)."""
        for key in [k for k in self.entries if k[:2] == (api_id, stage)]:
            del self.entries[key]


def cache(state: ServerState) -> AuthorizerCache:
    found = state.extras.get(_CACHE)
    if found is None:
        found = state.extras[_CACHE] = AuthorizerCache()
    assert isinstance(found, AuthorizerCache)
    return found


def find_authorizer(snapshot: dict[str, Any], authorizer_id: str | None) -> dict[str, Any] | None:
    """The deployed authorizer ``authorizer_id`` (the snapshot's ``authorizers``, a list of
    Authorizer documents or a map by id)."""
    found = snapshot.get("authorizers") or []
    if isinstance(found, dict):
        doc = found.get(authorizer_id or "")
        return doc if isinstance(doc, dict) else None
    for doc in found:
        if isinstance(doc, dict) and doc.get("id") == authorizer_id:
            return doc
    return None


async def authorize(inv: Invocation) -> str | None:
    """Authorize ``inv`` per its method's ``authorizationType``; the usage identifier key a
    Lambda authorizer returned (or None). Raises ``GatewayError`` to refuse."""
    method = inv.method or {}
    kind = str(method.get("authorizationType") or "NONE")
    if kind == "NONE":
        return None
    if kind == "AWS_IAM" and inv.state.config.auth == "on":
        _verify_sigv4(inv)
        return None
    if kind == "AWS_IAM":
        found = cache(inv.state)
        if not found.iam_logged:
            found.iam_logged = True
            log.warning("API %s: AWS_IAM authorization is not enforced (no SigV4 "
                        "verification yet); requests are admitted", inv.api.api_id)
        return None
    if kind not in ("CUSTOM", "COGNITO_USER_POOLS"):
        raise GatewayError("API_CONFIGURATION_ERROR", f"not supported: authorizationType {kind}")
    authorizer = find_authorizer(inv.snapshot, method.get("authorizerId"))
    if authorizer is None:
        log.warning("API %s: method %s %s names authorizer %r, not deployed", inv.api.api_id,
                    inv.http_method, inv.resource_path, method.get("authorizerId"))
        raise refuse("AUTHORIZER_CONFIGURATION_ERROR")
    kind = str(authorizer.get("type") or "TOKEN")
    if kind == "COGNITO_USER_POOLS":
        await cognito_authorizer.authorize(inv, authorizer)
        return None
    if kind in ("TOKEN", "REQUEST"):
        return await lambda_authorize(inv, authorizer)
    raise refuse("AUTHORIZER_CONFIGURATION_ERROR", f"not supported: authorizer type {kind}")


def method_arn(inv: Invocation) -> str:
    return authorizer_policy.method_arn(inv.api.region, inv.api.account, inv.api.api_id,
                                        inv.stage_name, inv.http_method, inv.path)


def identity_values(inv: Invocation, authorizer: dict[str, Any]) -> list[str]:
    """The identity source values (401 when one is missing or fails validation)."""
    kind = str(authorizer.get("type") or "TOKEN")
    default = DEFAULT_TOKEN_SOURCE if kind == "TOKEN" else ""
    sources = [s.strip() for s in str(authorizer.get("identitySource") or default).split(",")]
    values: list[str] = []
    for source in (s for s in sources if s):
        value = identity_value(inv, source)
        if not value:
            raise refuse("UNAUTHORIZED")
        values.append(value)
    if kind == "TOKEN":
        if not values:
            raise refuse("UNAUTHORIZED")
        expression = authorizer.get("identityValidationExpression")
        if expression:
            try:
                valid = re.fullmatch(str(expression), values[0]) is not None
            except re.error:
                log.warning("API %s: authorizer %s has an invalid identityValidationExpression",
                            inv.api.api_id, authorizer.get("id"))
                raise refuse("AUTHORIZER_CONFIGURATION_ERROR") from None
            if not valid:
                raise refuse("UNAUTHORIZED")
    return values


def _event(inv: Invocation, authorizer: dict[str, Any], values: list[str]) -> dict[str, Any]:
    if str(authorizer.get("type") or "TOKEN") == "TOKEN":
        return {"type": "TOKEN", "authorizationToken": values[0], "methodArn": method_arn(inv)}
    event = build_event(inv)
    event.pop("body", None)
    event.pop("isBase64Encoded", None)
    return {"type": "REQUEST", "methodArn": method_arn(inv), **event}


def _as_string(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def _misconfigured(inv: Invocation, authorizer: dict[str, Any], reason: str) -> GatewayError:
    log.warning("API %s: authorizer %s: %s", inv.api.api_id, authorizer.get("id"), reason)
    return refuse("AUTHORIZER_CONFIGURATION_ERROR")


def read_output(payload: Any) -> Output:
    """The checked answer of an authorizer function; ValueError saying what is wrong."""
    if not isinstance(payload, dict):
        raise ValueError("the answer is not a JSON object")
    principal = payload.get("principalId")
    if principal is None or isinstance(principal, dict | list):
        raise ValueError("the answer has no principalId")
    policy = payload.get("policyDocument")
    if not isinstance(policy, dict):
        raise ValueError("the answer has no policyDocument object")
    context = payload.get("context") or {}
    if not isinstance(context, dict):
        raise ValueError("context must be an object")
    for name, value in context.items():
        if value is not None and not isinstance(value, str | int | float | bool):
            raise ValueError(f"context value {name!r} is not a string, number or boolean")
    key = payload.get("usageIdentifierKey")
    return Output(_as_string(principal), policy,
                  {k: _as_string(v) for k, v in context.items() if v is not None},
                  key if isinstance(key, str) else None)


async def call_function(inv: Invocation, authorizer: dict[str, Any], values: list[str]) -> Output:
    uri = str(authorizer.get("authorizerUri") or "")
    fn_arn = lambda_call.function_arn(uri, inv.stage_variables)
    if fn_arn is None:
        raise _misconfigured(inv, authorizer, f"authorizerUri {uri!r} names no function")
    event = orjson.dumps(_event(inv, authorizer, values))
    observe.sent(uri, event)
    try:
        result = await lambda_call.invoke(inv.state, inv.api, fn_arn, event)
    except GatewayError as error:
        if error.response_type == "INTEGRATION_TIMEOUT":
            raise refuse("AUTHORIZER_FAILURE") from None
        raise _misconfigured(inv, authorizer, f"invoking {fn_arn} failed") from None
    observe.answered(200, result.payload)
    try:
        payload = orjson.loads(result.payload) if result.payload else None
    except orjson.JSONDecodeError:
        raise _misconfigured(inv, authorizer, "the function's answer is not JSON") from None
    if result.function_error:
        if isinstance(payload, dict) and payload.get("errorMessage") == "Unauthorized":
            raise refuse("UNAUTHORIZED")
        raise _misconfigured(inv, authorizer, f"the function failed: {payload!r}")
    try:
        return read_output(payload)
    except ValueError as error:
        raise _misconfigured(inv, authorizer, str(error)) from None


async def lambda_authorize(inv: Invocation, authorizer: dict[str, Any]) -> str | None:
    """Run (or reuse the cached answer of) a TOKEN or REQUEST authorizer for ``inv``."""
    values = identity_values(inv, authorizer)
    ttl = authorizer.get("authorizerResultTtlInSeconds")
    ttl = DEFAULT_TTL_S if ttl is None else int(ttl)
    # Any change to the account's APIs (a deployment, FlushStageAuthorizersCache) starts
    # a fresh cache: the store's generation is part of the key.
    generation = stores.get(inv.state, inv.api.account, inv.api.region).generation
    key = (inv.api.api_id, inv.stage_name, str(generation), str(authorizer.get("id")), *values)
    found = cache(inv.state)
    clock = inv.state.clock
    output = found.get(key, clock.monotonic()) if ttl > 0 else None
    latency = 0
    if output is None:
        started = clock.monotonic()
        output = await call_function(inv, authorizer, values)
        latency = int((clock.monotonic() - started) * 1000)
        if ttl > 0:
            found.put(key, output, clock.monotonic() + ttl)
    try:
        decision = authorizer_policy.evaluate(output.policy, method_arn(inv))
    except authorizer_policy.PolicyError as error:
        raise _misconfigured(inv, authorizer, f"policy: {error}") from None
    if decision == "ExplicitDeny":
        raise refuse("ACCESS_DENIED", EXPLICIT_DENY)
    if decision == "ImplicitDeny":
        raise refuse("ACCESS_DENIED")
    inv.authorizer = {"principalId": output.principal_id, **output.context,
                      "integrationLatency": latency}
    return output.usage_identifier_key


# A refused SigV4 signature (``--auth on``) as the gateway response type AWS answers it with.
_REFUSALS = {auth_errors.MISSING: "MISSING_AUTHENTICATION_TOKEN",
             auth_errors.EXPIRED_TOKEN: "EXPIRED_TOKEN",
             auth_errors.UNKNOWN_KEY: "ACCESS_DENIED", auth_errors.BAD_TOKEN: "ACCESS_DENIED"}


def _verify_sigv4(inv: Invocation) -> None:
    """An AWS_IAM method with ``--auth on``: the request's SigV4 signature (service
    ``execute-api``) must hold for a key cloudlet issued."""
    try:
        verify(inv.state, inv.request, "execute-api")
    except auth_errors.Refused as refused:
        kind = _REFUSALS.get(refused.kind, "INVALID_SIGNATURE")
        message = auth_errors.TOKEN_MESSAGE if kind == "ACCESS_DENIED" else None
        raise GatewayError(kind, message) from None
