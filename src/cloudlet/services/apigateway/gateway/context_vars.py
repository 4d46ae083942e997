"""The ``requestContext`` of a REST API request: the proxy event's member and the root of
``$context`` in mapping templates, gateway responses and access logs.

https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html#context-variable-reference

- ``requestTime`` is CLF-formatted (``09/Apr/2015:12:34:56 +0000``), ``requestTimeEpoch``
  milliseconds; ``path`` is the request path with the stage (``/prod/pets/1``);
  ``resourcePath`` the matched resource's template (``/pets/{id}``).
- ``identity`` has every member AWS sends, ``null`` when not known: ``sourceIp`` and
  ``userAgent`` always, ``apiKey``/``apiKeyId`` when the method required a key.
- ``authorizer`` is present only when an authorizer ran (what it returned: ``principalId``
  and context values, or Cognito ``claims``).
- ``extended(base, ...)``: the extra ``$context`` variables known only later in the request
  (``status``, ``responseLength``, ``error.*``, ``integration.*`` and the latencies), for
  access logs and gateway responses.

LIMITATIONS: ``protocol`` is always ``HTTP/1.1``; IAM identity members (``caller``, ``user``,
``userArn``, ``accessKey``, ``accountId``) are null (no SigV4 callers are identified on the
data plane yet); no ``clientCert`` (no mutual TLS).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cloudlet.services.apigateway.gateway.invocation import Invocation

TEST_DOMAIN = "testPrefix.testDomainName"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def clf_time(epoch_ms: int) -> str:
    """``09/Apr/2015:12:34:56 +0000`` (the month in English whatever the locale)."""
    t = time.gmtime(epoch_ms / 1000)
    return (f"{t.tm_mday:02d}/{_MONTHS[t.tm_mon - 1]}/{t.tm_year}:"
            f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} +0000")


def domain_name(inv: Invocation) -> str:
    """The host the request named (without port) in the host form; the host form's name
    for the API in the path form; AWS's ``testPrefix.testDomainName`` in a test invocation."""
    if inv.test_caller is not None:
        return TEST_DOMAIN
    host = inv.request.host.rsplit(":", 1)[0].lower() if inv.request.host else ""
    if host.startswith(inv.api.api_id + ".execute-api."):
        return host
    return f"{inv.api.api_id}.execute-api.localhost"


def identity(inv: Invocation) -> dict[str, Any]:
    if inv.test_caller is not None:
        return test_identity(inv, inv.test_caller)
    key = inv.api_key or {}
    return {
        "cognitoIdentityPoolId": None,
        "accountId": None,
        "cognitoIdentityId": None,
        "caller": None,
        "sourceIp": inv.source_ip,
        "principalOrgId": None,
        "accessKey": None,
        "cognitoAuthenticationType": None,
        "cognitoAuthenticationProvider": None,
        "userArn": None,
        "userAgent": inv.request.headers.get("user-agent"),
        "user": None,
        "apiKey": key.get("value"),
        "apiKeyId": key.get("id"),
        "clientCert": None,
    }


def test_identity(inv: Invocation, caller: str) -> dict[str, Any]:
    """``requestContext.identity`` of a TestInvokeMethod call, as AWS fills it: the caller's
    account and ARN, ``test-invoke-source-ip`` and the ``test-invoke-api-key`` names."""
    account = caller.split(":")[4] if caller.count(":") >= 5 else inv.api.account
    return {
        "cognitoIdentityPoolId": None, "cognitoIdentityId": None, "apiKey": "test-invoke-api-key",
        "principalOrgId": None, "cognitoAuthenticationType": None, "userArn": caller,
        "apiKeyId": "test-invoke-api-key-id", "userAgent": inv.request.headers.get("user-agent"),
        "accountId": account, "caller": account, "sourceIp": "test-invoke-source-ip",
        "accessKey": None, "cognitoAuthenticationProvider": None, "user": account,
        "clientCert": None,
    }


def request_context(inv: Invocation) -> dict[str, Any]:
    """The proxy event's complete ``requestContext`` for ``inv``."""
    resource = inv.resource or {}
    domain = domain_name(inv)
    out: dict[str, Any] = {
        "resourceId": resource.get("id"),
        "resourcePath": inv.resource_path,
        "httpMethod": inv.http_method,
        "extendedRequestId": inv.extended_request_id,
        "requestTime": clf_time(inv.request_time_epoch),
        "path": f"/{inv.stage_name}{inv.path}",
        "accountId": inv.api.account,
        "protocol": "HTTP/1.1",
        "stage": inv.stage_name,
        "domainPrefix": domain.split(".", 1)[0],
        "requestTimeEpoch": inv.request_time_epoch,
        "requestId": inv.request_id,
        "identity": identity(inv),
        "domainName": domain,
        "deploymentId": inv.deployment_id,
        "apiId": inv.api.api_id,
    }
    operation = (inv.method or {}).get("operationName")
    if operation:
        out["operationName"] = operation
    if inv.authorizer:
        out["authorizer"] = dict(inv.authorizer)
    return out


def extended(base: dict[str, Any], *, status: int,
             response_length: int, latency_ms: int, integration: dict[str, Any] | None = None,
             error: dict[str, Any] | None = None) -> dict[str, Any]:
    """``base`` (a ``request_context``) with the variables known once the response is
    ready: ``status``, ``responseLength``, ``responseLatency``, ``error.message``/
    ``error.messageString``/``error.responseType``, ``integration.status``/``latency``/
    ``error``/``requestId`` and ``integrationLatency``."""
    out = dict(base)
    out["status"] = status
    out["responseLength"] = response_length
    out["responseLatency"] = latency_ms
    found = dict(integration or {})
    out["integration"] = found
    if "latency" in found:
        out["integrationLatency"] = found["latency"]
    if "status" in found:
        out["integrationStatus"] = found["status"]
    out["error"] = dict(error or {})
    return out
