"""Authorizing a request to an HTTP API route: JWT authorizers and Lambda (REQUEST) ones.

https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html

The route's ``AuthorizationType`` says which: ``NONE``, ``JWT`` or ``CUSTOM`` (Lambda), with
``AuthorizerId`` naming one of the deployment's authorizers.

JWT:
- The token is the first identity source's value (``$request.header.Authorization`` by
  default), with or without a ``Bearer`` prefix; none: 401 ``{"message":"Unauthorized"}``.
- It must verify against ``JwtConfiguration`` (``Issuer``, ``Audience``) through
  ``jwt_verify.verify``; otherwise 401 (an expired token also gets
  ``www-authenticate: Bearer scope="" error="invalid_token" error_description="the token
  has expired"``).
- With ``AuthorizationScopes`` on the route, the token's ``scope`` (space-separated) or
  ``scp`` claim must hold at least one of them; otherwise 403 ``{"message":"Forbidden"}``.
- The event gets ``requestContext.authorizer.jwt`` = ``{"claims": ..., "scopes": ...}``;
  claim values are passed as strings (numbers and booleans written out, lists as
  ``[a b]``), as AWS passes them.

Lambda (REQUEST):
- Every identity source (``$request.header.X``, ``$request.querystring.x``,
  ``$context.x``, ``$stageVariables.x``) must have a non-empty value, or the answer is 401
  without calling the function.
- Payload ``2.0``: the 2.0 proxy event plus ``type`` ``REQUEST``, ``routeArn`` and
  ``identitySource`` (a list); ``1.0``: the 1.0 event plus ``type``, ``methodArn``,
  ``identitySource`` and ``authorizationToken`` (comma-joined values).
- With ``EnableSimpleResponses`` (2.0 only) the function answers ``{"isAuthorized": bool,
  "context": {...}}``; otherwise an IAM policy (``principalId``, ``policyDocument``,
  ``context``) evaluated against the route ARN (``authorizer_policy``). Denied: 403
  ``{"message":"Forbidden"}``; a function error or a malformed answer: 500
  ``{"message":"Internal Server Error"}``.
- ``context`` reaches the integration as ``requestContext.authorizer.lambda``.
- With ``AuthorizerResultTtlInSeconds`` > 0 and identity sources, answers are cached per
  authorizer, stage and identity values for that long; ResetAuthorizersCache (the stage's
  ``authorizersCacheResetAt``) empties the stage's entries.

LIMITATIONS: ``AWS_IAM`` authorization is not supported (501 ``not supported: ...``), nor are
``AuthorizerCredentialsArn`` (the gateway invokes as its service principal). The scopes in
the event are the token's; the texts of other ``www-authenticate`` challenges are not known,
so only the expired one is sent. For a 1.0 event with a Lambda authorizer,
``requestContext.authorizer`` is ``{"lambda": context}`` (unverified against AWS).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.services.apigateway.gateway import jwt_verify
from cloudlet.services.apigateway.gateway.authorizer_policy import (
    PolicyError,
    evaluate,
    method_arn,
)
from cloudlet.services.apigateway.gateway.errors import GatewayError
from cloudlet.services.apigateway.gateway.http_errors import (
    FORBIDDEN,
    INTERNAL,
    UNAUTHORIZED,
    HttpApiError,
    NotSupported,
)
from cloudlet.services.apigateway.gateway.http_events import event_v1, event_v2
from cloudlet.services.apigateway.gateway.lambda_call import function_arn, invoke
from cloudlet.services.apigateway.gateway.responses import lookup

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState
    from cloudlet.services.apigateway.gateway.http_invocation import HttpInvocation

log = logging.getLogger("cloudlet")

_CACHE = "apigateway.http_authorizer_cache"
AUTHORIZER_TIMEOUT_MS = 10_000
EXPIRED_CHALLENGE = 'Bearer scope="" error="invalid_token" error_description="the token has expired"'


@dataclass(slots=True)
class _Cached:
    answer: dict[str, Any]  # the function's decoded answer
    stored_at: float  # wall clock (ResetAuthorizersCache is a wall-clock time)
    expires_at: float


class AuthorizerCache:
    """Lambda authorizer answers by (api, authorizer, stage, identity values), per server."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, ...], _Cached] = {}

    def get(self, key: tuple[str, ...], now: float, reset_at: float) -> dict[str, Any] | None:
        found = self.entries.get(key)
        if found is None:
            return None
        if found.expires_at <= now or found.stored_at <= reset_at:
            del self.entries[key]
            return None
        return found.answer

    def put(self, key: tuple[str, ...], answer: dict[str, Any], now: float, ttl: float) -> None:
        if len(self.entries) > 10_000:
            self.entries.clear()
        self.entries[key] = _Cached(answer, now, now + ttl)


def cache(state: ServerState) -> AuthorizerCache:
    found = state.extras.get(_CACHE)
    if found is None:
        found = state.extras[_CACHE] = AuthorizerCache()
    assert isinstance(found, AuthorizerCache)
    return found


def identity_value(inv: HttpInvocation, expression: str) -> str | None:
    """The value of one identity source expression, or None."""
    expression = expression.strip()
    request = inv.request
    if expression.startswith("$request.header."):
        return request.headers.get(expression.removeprefix("$request.header.").lower())
    if expression.startswith("$request.querystring."):
        name = expression.removeprefix("$request.querystring.")
        values = [v for k, v in request.query() if k == name]
        return ",".join(values) if values else None
    if expression.startswith("$stageVariables."):
        return inv.stage_variables.get(expression.removeprefix("$stageVariables."))
    if expression.startswith("$context."):
        value = lookup(inv.context(), expression.removeprefix("$context."))
        return None if value is None else str(value)
    return None


def _sources(doc: dict[str, Any], default: list[str]) -> list[str]:
    sources = doc.get("IdentitySource")
    if isinstance(sources, str):
        sources = [s for s in sources.split(",") if s.strip()]
    return [str(s).strip() for s in sources] if sources else default


async def authorize(inv: HttpInvocation) -> None:
    """Admit ``inv`` or raise ``HttpApiError``; sets ``inv.authorizer``."""
    kind = str(inv.route.get("AuthorizationType") or "NONE")
    if kind == "NONE":
        return
    if kind == "AWS_IAM":
        raise NotSupported("AWS_IAM authorization of HTTP API routes")
    doc = inv.authorizer_doc()
    if doc is None:
        log.warning("API %s: route %s names no deployed authorizer", inv.api.api_id,
                    inv.route_key)
        raise HttpApiError(INTERNAL, detail="authorizer not found",
                           response_type="AUTHORIZER_CONFIGURATION_ERROR")
    if kind == "JWT":
        await _jwt(inv, doc)
    elif kind == "CUSTOM":
        await _lambda(inv, doc)
    else:
        raise NotSupported(f"AuthorizationType {kind}")


# -- JWT --

def _claim_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + " ".join(_claim_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return orjson.dumps(value).decode()
    return str(value)


def token_scopes(claims: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for name in ("scope", "scp"):
        value = claims.get(name)
        if isinstance(value, str):
            found += value.split()
        elif isinstance(value, list):
            found += [str(v) for v in value]
    return found


async def _jwt(inv: HttpInvocation, doc: dict[str, Any]) -> None:
    sources = _sources(doc, ["$request.header.Authorization"])
    token = identity_value(inv, sources[0]) if sources else None
    if token and token[:7].lower() == "bearer ":
        token = token[7:].strip()
    if not token:
        raise HttpApiError(UNAUTHORIZED, detail="no token", response_type="UNAUTHORIZED")
    config: dict[str, Any] = doc.get("JwtConfiguration") or {}
    issuer = str(config.get("Issuer") or "")
    audiences = [str(a) for a in config.get("Audience") or []]
    try:
        claims = await jwt_verify.verify(inv.state, token, issuer, audiences)
    except jwt_verify.JwtError as error:
        headers = [("www-authenticate", EXPIRED_CHALLENGE)] if error.expired else []
        raise HttpApiError(UNAUTHORIZED, headers, detail=error.message,
                           response_type="UNAUTHORIZED") from None
    wanted = [str(s) for s in inv.route.get("AuthorizationScopes") or []]
    scopes = token_scopes(claims)
    if wanted and not any(s in scopes for s in wanted):
        raise HttpApiError(FORBIDDEN, detail="insufficient scopes",
                           response_type="ACCESS_DENIED")
    inv.authorizer = {"jwt": {"claims": {k: _claim_text(v) for k, v in claims.items()},
                              "scopes": scopes or None}}


# -- Lambda --

def route_arn(inv: HttpInvocation) -> str:
    return method_arn(inv.api.region, inv.api.account, inv.api.api_id, inv.stage_name,
                      inv.request.method, inv.path)


def _event(inv: HttpInvocation, doc: dict[str, Any], values: list[str]) -> dict[str, Any]:
    arn = route_arn(inv)
    if str(doc.get("AuthorizerPayloadFormatVersion") or "2.0") == "1.0":
        event = event_v1(inv)
        joined = ",".join(values)
        return {"version": "1.0", "type": "REQUEST", "methodArn": arn,
                "identitySource": joined, "authorizationToken": joined,
                **{k: v for k, v in event.items() if k != "version"}}
    event = event_v2(inv)
    return {"version": "2.0", "type": "REQUEST", "routeArn": arn, "identitySource": values,
            **{k: v for k, v in event.items() if k != "version"}}


def _failure(why: str) -> HttpApiError:
    return HttpApiError(INTERNAL, detail=why, response_type="AUTHORIZER_FAILURE")


async def _call(inv: HttpInvocation, doc: dict[str, Any], values: list[str]) -> dict[str, Any]:
    fn = function_arn(str(doc.get("AuthorizerUri") or ""), inv.stage_variables)
    if fn is None:
        raise HttpApiError(INTERNAL, detail="the authorizer names no function",
                           response_type="AUTHORIZER_CONFIGURATION_ERROR")
    payload = orjson.dumps(_event(inv, doc, values))
    try:
        result = await invoke(inv.state, inv.api, fn, payload, AUTHORIZER_TIMEOUT_MS)
    except GatewayError as error:
        raise _failure(error.message) from None
    if result.function_error:
        raise _failure("the authorizer function failed")
    try:
        answer = orjson.loads(result.payload)
    except orjson.JSONDecodeError:
        raise _failure("the authorizer's answer is not JSON") from None
    if not isinstance(answer, dict):
        raise _failure("the authorizer's answer is not an object")
    return answer


def _decide(inv: HttpInvocation, doc: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    """The authorizer's context when ``answer`` allows the request; HttpApiError if not."""
    context = answer.get("context")
    if context is not None and not isinstance(context, dict):
        raise _failure("context must be an object")
    simple = (doc.get("EnableSimpleResponses") is True
              and str(doc.get("AuthorizerPayloadFormatVersion") or "2.0") == "2.0")
    if simple:
        allowed = answer.get("isAuthorized")
        if not isinstance(allowed, bool):
            raise _failure("isAuthorized must be a boolean")
    else:
        try:
            allowed = evaluate(answer.get("policyDocument"), route_arn(inv)) == "Allow"
        except PolicyError as error:
            raise _failure(str(error)) from None
    if not allowed:
        raise HttpApiError(FORBIDDEN, detail="denied by the authorizer",
                           response_type="ACCESS_DENIED")
    return dict(context or {})


async def _lambda(inv: HttpInvocation, doc: dict[str, Any]) -> None:
    sources = _sources(doc, [])
    values: list[str] = []
    for source in sources:
        value = identity_value(inv, source)
        if not value:
            raise HttpApiError(UNAUTHORIZED, detail=f"identity source {source} missing",
                               response_type="UNAUTHORIZED")
        values.append(value)
    ttl = int(doc.get("AuthorizerResultTtlInSeconds") or 0)
    key = (inv.api.api_id, str(doc.get("AuthorizerId")), inv.stage_name, *values)
    now = inv.state.clock.now()
    reset_at = float(inv.stage.get("authorizersCacheResetAt") or 0)
    cacheable = ttl > 0 and bool(sources)
    answer = cache(inv.state).get(key, now, reset_at) if cacheable else None
    if answer is not None:
        inv.authorizer = {"lambda": _decide(inv, doc, answer)}
        return
    answer = await _call(inv, doc, values)
    try:
        context = _decide(inv, doc, answer)
    except HttpApiError as error:
        if cacheable and error.response_type == "ACCESS_DENIED":
            cache(inv.state).put(key, answer, now, ttl)
        raise
    if cacheable:
        cache(inv.state).put(key, answer, now, ttl)
    inv.authorizer = {"lambda": context}
