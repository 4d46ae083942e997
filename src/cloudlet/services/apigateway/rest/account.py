"""The account's API Gateway settings.

https://docs.aws.amazon.com/apigateway/latest/api/API_GetAccount.html
https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateAccount.html
- GetAccount answers the account-level throttle (10000 requests per second, burst 5000),
  ``features`` ``["UsagePlans"]``, ``apiKeyVersion`` "4" and, once set,
  ``cloudwatchRoleArn``.
- UpdateAccount replaces ``/cloudwatchRoleArn``.

LIMITATIONS: the account throttle is reported, not enforced by the data plane.
"""

from __future__ import annotations

from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.services.apigateway.registry import rest_service, store
from cloudlet.services.apigateway.rest import patch
from cloudlet.services.apigateway.rest.common import Doc

DEFAULT: Doc = {"throttleSettings": {"burstLimit": 5000, "rateLimit": 10000.0},
                "features": ["UsagePlans"], "apiKeyVersion": "4"}


def account(ctx: RequestContext) -> Doc:
    return store(ctx).get("account", "", "account") or dict(DEFAULT)


@rest_service.operation("GetAccount")
def get_account(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    return account(ctx)


_RULES = patch.Rules(replace=("/cloudwatchRoleArn",), remove=("/cloudwatchRoleArn",))


@rest_service.operation("UpdateAccount")
def update_account(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    doc = account(ctx)
    patch.apply(doc, req.get("patchOperations") or [], _RULES)
    if not doc.get("cloudwatchRoleArn"):
        doc.pop("cloudwatchRoleArn", None)
    store(ctx).put("account", "", "account", doc)
    return doc
