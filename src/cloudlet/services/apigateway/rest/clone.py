"""CreateRestApi ``cloneFrom``: a new API with a copy of another's definition.

https://docs.aws.amazon.com/apigateway/latest/api/API_CreateRestApi.html#apigw-CreateRestApi-request-cloneFrom
- Resources (with their methods, integrations and responses), models, authorizers, request
  validators and customised gateway responses are copied under new ids; references between
  them (parents, ``authorizerId``, ``requestValidatorId``, ``cacheNamespace``) follow.
- Deployments and stages are not copied: the clone serves nothing until deployed.
- An unknown source: NotFoundException ``Invalid API identifier specified ACCOUNT:ID``.

LIMITATIONS: documentation parts are not copied (cloudlet has none).
"""

from __future__ import annotations

import copy
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.services.apigateway.registry import store
from cloudlet.services.apigateway.rest.common import Doc, rest_api
from cloudlet.services.apigateway.store import new_id

Copied = dict[str, Any]


def copy_definition(ctx: RequestContext, source_id: str, api_id: str, root_id: str) -> Doc:
    """Copy ``source_id``'s definition into ``api_id`` (whose root is ``root_id``); returns
    the source RestApi document (for the members the clone inherits)."""
    source = rest_api(ctx, source_id)
    db = store(ctx)
    authorizers: dict[str, str] = {}
    for doc in db.list("authorizer", source_id):
        authorizers[doc["id"]] = new_id(6)
        db.put("authorizer", api_id, authorizers[doc["id"]], {**doc, "id": authorizers[doc["id"]]})
    validators: dict[str, str] = {}
    for doc in db.list("requestvalidator", source_id):
        validators[doc["id"]] = new_id(6)
        db.put("requestvalidator", api_id, validators[doc["id"]],
               {**doc, "id": validators[doc["id"]]})
    for doc in db.list("model", source_id):
        db.put("model", api_id, doc["name"], {**doc, "id": new_id(6)})
    for doc in db.list("gatewayresponse", source_id):
        db.put("gatewayresponse", api_id, doc["responseType"], doc)
    resources = db.list("resource", source_id)
    ids = {r["id"]: (root_id if "parentId" not in r else new_id(6)) for r in resources}
    for res in resources:
        clone = copy.deepcopy(res)
        clone["id"] = ids[res["id"]]
        if "parentId" in res:
            clone["parentId"] = ids[res["parentId"]]
        for method in (clone.get("resourceMethods") or {}).values():
            if method.get("authorizerId") in authorizers:
                method["authorizerId"] = authorizers[method["authorizerId"]]
            if method.get("requestValidatorId") in validators:
                method["requestValidatorId"] = validators[method["requestValidatorId"]]
            integration = method.get("methodIntegration")
            if integration and integration.get("cacheNamespace") == res["id"]:
                integration["cacheNamespace"] = clone["id"]
        db.put("resource", api_id, clone["id"], clone)
    return source
