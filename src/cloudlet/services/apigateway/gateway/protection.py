"""REST API protection: what stands between a matched method and its integration.

https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-protect.html

``await protect(inv)`` admits ``inv`` or raises ``GatewayError`` (a gateway response), in
this order:

1. stage and method throttling (``throttle``: the stage's ``methodSettings``) - 429;
2. authorization (``authorizers``: Lambda TOKEN/REQUEST, Cognito user pools; AWS_IAM is
   admitted unverified) - 401, 403 or 500; sets ``inv.authorizer``;
3. the API key and its usage plan (``usage``: key, per-key throttle, quota, usage record) for
   methods with ``apiKeyRequired`` - 403 or 429; sets ``inv.api_key``;
4. request validation (``validation``: required parameters, body model) - 400.

Authorization comes before the key so that a Lambda authorizer can supply it (the API's
``apiKeySource`` AUTHORIZER), as AWS's execution logs show the authorizer first.

LIMITATIONS: resource policies, WAF, mutual TLS and the account-level throttle are not
applied; SigV4 (AWS_IAM) is not verified.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cloudlet.services.apigateway.gateway import authorizers, throttle, usage, validation

if TYPE_CHECKING:
    from cloudlet.services.apigateway.gateway.invocation import Invocation


async def protect(inv: Invocation) -> None:
    """Admit ``inv`` or raise ``GatewayError``; sets ``inv.api_key`` and ``inv.authorizer``."""
    method = inv.method
    if method is None:
        return
    throttle.check_stage(inv)
    usage_identifier_key = await authorizers.authorize(inv)
    if method.get("apiKeyRequired"):
        usage.check_api_key(inv, usage_identifier_key)
    validation.validate(inv)
