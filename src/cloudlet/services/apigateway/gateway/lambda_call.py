"""Invoking a function from the gateway: one way for proxy and non-proxy integrations and
for Lambda authorizers, through ``internal.call`` as the ``apigateway.amazonaws.com``
service principal of the API's account.

An integration ``uri`` names the function as
``arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations``
(HTTP APIs may name the function ARN itself). Stage variables in it (``${stageVariables.x}``)
are substituted before the call.

Permissions are reported, not yet enforced: AWS refuses to invoke a function whose resource
policy does not let ``apigateway.amazonaws.com`` invoke it for this API (the client gets 500
``{"message": "Internal server error"}``; the execution log says "Invalid permissions on
Lambda function"). cloudlet invokes it and logs that warning once per API and function, so
an app that works here because a permission is missing is told before it reaches AWS.
"""

from __future__ import annotations

import asyncio
import fnmatch
import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cloudlet.server.context import Principal
from cloudlet.server.errors import ServiceError
from cloudlet.server.internal import call
from cloudlet.server.protocols.base import load_json
from cloudlet.services.apigateway.gateway.errors import GatewayError

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState
    from cloudlet.services.apigateway.gateway.entry import ApiRef

log = logging.getLogger("cloudlet")

SERVICE_PRINCIPAL = "apigateway.amazonaws.com"
_URI = re.compile(r"arn:aws[a-z-]*:apigateway:[^:]+:lambda:path/[^/]+/functions/(?P<fn>.+)/invocations")
_STAGE_VARIABLE = re.compile(r"\$\{stageVariables\.([A-Za-z0-9_]+)\}")


@dataclass(slots=True)
class LambdaResult:
    payload: bytes
    function_error: str | None  # "Unhandled" when the function failed


def substitute_stage_variables(text: str, variables: dict[str, str]) -> str:
    return _STAGE_VARIABLE.sub(lambda m: variables.get(m[1], ""), text)


def function_arn(uri: str, variables: dict[str, str] | None = None) -> str | None:
    """The function an integration ``uri`` names (None when it names no function)."""
    uri = substitute_stage_variables(uri, variables or {})
    found = _URI.fullmatch(uri)
    if found is not None:
        return found["fn"]
    if uri.startswith("arn:") and ":lambda:" in uri and ":function:" in uri:
        return uri
    return None


async def invoke(state: ServerState, api: ApiRef, fn_arn: str, payload: bytes,
                 timeout_ms: int = 29_000) -> LambdaResult:
    """Run the function synchronously. A missing function or one the gateway cannot invoke
    is the integration's failure (500), a timeout INTEGRATION_TIMEOUT (504)."""
    parts = fn_arn.split(":")
    region = parts[3] if len(parts) > 5 and parts[3] else api.region
    params = {"FunctionName": fn_arn, "Payload": payload}
    try:
        out = await asyncio.wait_for(
            call(state, "lambda", "Invoke", params,
                 principal=Principal.service(api.account, SERVICE_PRINCIPAL), region=region),
            timeout_ms / 1000,
        )
    except TimeoutError:
        raise GatewayError("INTEGRATION_TIMEOUT") from None
    except ServiceError as error:
        log.warning("API %s: invoking %s failed: %s %s", api.api_id, fn_arn,
                    error.error_code, error.message)
        if error.status == 429:
            raise GatewayError("THROTTLED", status=429) from None
        raise GatewayError("API_CONFIGURATION_ERROR") from None
    await _report_missing_permission(state, api, fn_arn, region)
    return LambdaResult(bytes(out.get("Payload") or b""), out.get("FunctionError"))


_CHECK_EVERY_S = 30.0
_REPORTS = "apigateway.permission_reports"


@dataclass(slots=True)
class _Reports:
    """Per server: when each (API, function) pair was last checked, and which were warned."""

    checked: dict[tuple[str, str], float] = field(default_factory=dict)
    warned: set[tuple[str, str]] = field(default_factory=set)


async def _report_missing_permission(state: ServerState, api: ApiRef, fn_arn: str,
                                     region: str) -> None:
    reports = state.extras.get(_REPORTS)
    if not isinstance(reports, _Reports):
        reports = state.extras[_REPORTS] = _Reports()
    key = (api.api_id, fn_arn)
    now = state.clock.monotonic()
    if reports.checked.get(key, -1.0) > now:
        return
    reports.checked[key] = now + _CHECK_EVERY_S
    try:
        policy = await call(state, "lambda", "GetPolicy", {"FunctionName": fn_arn},
                            account=api.account, region=region)
        statements = load_json(str(policy.get("Policy", "{}")).encode()).get("Statement", [])
    except ServiceError:
        statements = []
    if any(_allows(s, api) for s in statements):
        reports.warned.discard(key)
        return
    if key not in reports.warned:
        reports.warned.add(key)
        log.warning("API %s invokes %s, whose resource policy does not allow %s to invoke it "
                    "for this API: AWS would answer 500 (\"Invalid permissions on Lambda "
                    "function\"); add it with lambda add-permission", api.api_id, fn_arn,
                    SERVICE_PRINCIPAL)


def _allows(statement: dict[str, object], api: ApiRef) -> bool:
    principal = statement.get("Principal")
    service = principal.get("Service") if isinstance(principal, dict) else principal
    if statement.get("Effect") != "Allow" or service not in (SERVICE_PRINCIPAL, "*"):
        return False
    actions = statement.get("Action")
    if not any(a in ("lambda:InvokeFunction", "lambda:*", "*")
               for a in (actions if isinstance(actions, list) else [actions])):
        return False
    condition = statement.get("Condition")
    source = None
    if isinstance(condition, dict):
        like = condition.get("ArnLike")
        source = like.get("AWS:SourceArn") if isinstance(like, dict) else None
    if not isinstance(source, str):
        return True
    prefix = f"arn:aws:execute-api:{api.region}:{api.account}:{api.api_id}/"
    return fnmatch.fnmatchcase(prefix + "x/GET/x", source) or source.startswith(prefix)
