"""Invoking a function from the gateway: one way for proxy and non-proxy integrations and
for Lambda authorizers, through ``internal.call`` as the ``apigateway.amazonaws.com``
service principal of the API's account.

An integration ``uri`` names the function as
``arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations``
(HTTP APIs may name the function ARN itself). Stage variables in it (``${stageVariables.x}``)
are substituted before the call.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cloudlet.server.context import Principal
from cloudlet.server.errors import ServiceError
from cloudlet.server.internal import call
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
    return LambdaResult(bytes(out.get("Payload") or b""), out.get("FunctionError"))
