"""REST APIs: create, read, list, update, delete.

https://docs.aws.amazon.com/apigateway/latest/api/API_CreateRestApi.html
- A new API has a root resource ``/`` (``rootResourceId``), ``apiKeySource`` HEADER,
  ``endpointConfiguration`` ``{"types": ["EDGE"]}``, ``disableExecuteApiEndpoint`` false,
  and the two models AWS creates: ``Empty`` and ``Error``
  (https://docs.aws.amazon.com/apigateway/latest/developerguide/models-mappings-models.html).
- An unknown id: NotFoundException (404) ``Invalid API identifier specified ACCOUNT:ID``.
- DeleteRestApi (202) removes the API and everything under it (resources, deployments,
  stages, ...); its id no longer serves.

``cloneFrom`` copies another API's definition (``clone``).

LIMITATIONS: ``policy`` and ``securityPolicy`` are stored
and answered, not enforced; ``minimumCompressionSize`` is stored only.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.apigateway.errors import BadRequestException
from cloudlet.services.apigateway.registry import index, rest_service, store
from cloudlet.services.apigateway.rest import patch
from cloudlet.services.apigateway.rest.clone import copy_definition
from cloudlet.services.apigateway.rest.common import Doc, now, page, public, rest_api
from cloudlet.services.apigateway.store import new_id

EMPTY_SCHEMA = json.dumps({
    "$schema": "http://json-schema.org/draft-04/schema#",
    "title": "Empty Schema",
    "type": "object",
}, indent=2)
ERROR_SCHEMA = json.dumps({
    "$schema": "http://json-schema.org/draft-04/schema#",
    "title": "Error Schema",
    "type": "object",
    "properties": {"message": {"type": "string"}},
}, indent=2)

_COPIED = ("name", "description", "version", "binaryMediaTypes", "minimumCompressionSize",
           "policy", "securityPolicy", "endpointAccessMode")


def create_api_documents(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """Store a new REST API as CreateRestApi does (``req`` = its members): the RestApi, its
    root resource and default models. Returns the RestApi document."""
    source = rest_api(ctx, req["cloneFrom"]) if req.get("cloneFrom") else None
    endpoint = req.get("endpointConfiguration") or {}
    types = endpoint.get("types") or ["EDGE"]
    if len(types) != 1:
        raise BadRequestException("Only one endpoint type is supported")
    api_id = index(ctx.state).new_api_id("REST", ctx.account, ctx.region)
    root_id = new_id(10)
    doc: Doc = {"id": api_id, "createdDate": now(ctx)}
    doc.update({k: req[k] for k in _COPIED if req.get(k) is not None})
    doc["apiKeySource"] = req.get("apiKeySource") or "HEADER"
    doc["endpointConfiguration"] = {**endpoint, "types": types}
    doc["disableExecuteApiEndpoint"] = bool(req.get("disableExecuteApiEndpoint", False))
    doc["rootResourceId"] = root_id
    if req.get("tags"):
        doc["tags"] = dict(req["tags"])
    if source is not None:
        for key in ("description", "binaryMediaTypes", "minimumCompressionSize", "policy"):
            if key in source and key not in doc:
                doc[key] = copy.deepcopy(source[key])
    db = store(ctx)
    with db.write():
        db.put("restapi", api_id, api_id, doc)
        db.put("resource", api_id, root_id, {"id": root_id, "path": "/"})
        if source is not None:
            copy_definition(ctx, source["id"], api_id, root_id)
            return doc
        for name, schema, description in (
            ("Empty", EMPTY_SCHEMA, "This is a default empty schema model"),
            ("Error", ERROR_SCHEMA, "This is a default error schema model"),
        ):
            db.put("model", api_id, name, {"id": new_id(6), "name": name,
                                          "description": description, "schema": schema,
                                          "contentType": "application/json"})
    return doc


@rest_service.operation("CreateRestApi")
def create_rest_api(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """Create a REST API (201) with its root resource and default models."""
    return public(create_api_documents(ctx, req))


@rest_service.operation("GetRestApi")
def get_rest_api(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """https://docs.aws.amazon.com/apigateway/latest/api/API_GetRestApi.html"""
    return public(rest_api(ctx, req["restApiId"]))


@rest_service.operation("GetRestApis")
def get_rest_apis(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """The account's REST APIs in this region, paged by ``position``/``limit``.
    https://docs.aws.amazon.com/apigateway/latest/api/API_GetRestApis.html
    """
    return page([doc for _, doc in store(ctx).list_all("restapi")], req)


# https://docs.aws.amazon.com/apigateway/latest/api/patch-operations.html#UpdateRestApi-Patch
_UPDATABLE = patch.Rules(
    replace=("/name", "/description", "/version", "/policy", "/apiKeySource",
             "/minimumCompressionSize", "/disableExecuteApiEndpoint",
             "/endpointConfiguration/types/*", "/endpointConfiguration/ipAddressType",
             "/securityPolicy", "/endpointAccessMode"),
    add=("/binaryMediaTypes/*",),
    remove=("/binaryMediaTypes/*",
            "/description", "/policy", "/minimumCompressionSize"),
    list_members=("binaryMediaTypes", "endpointConfiguration/types"),
    booleans=("disableExecuteApiEndpoint",),
    integers=("minimumCompressionSize",),
)


@rest_service.operation("UpdateRestApi")
def update_rest_api(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """Apply ``patchOperations`` to the API: replace name, description, version, policy,
    apiKeySource, minimumCompressionSize, disableExecuteApiEndpoint, the endpoint type;
    add/remove ``/binaryMediaTypes/{type}`` (``~1`` for ``/``).
    https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateRestApi.html
    """
    doc = rest_api(ctx, req["restApiId"])
    patch.apply(doc, req.get("patchOperations") or [], _UPDATABLE)
    if doc.get("apiKeySource") not in ("HEADER", "AUTHORIZER"):
        raise BadRequestException(f"Invalid API Key source specified: {doc.get('apiKeySource')}")
    store(ctx).put("restapi", doc["id"], doc["id"], doc)
    return public(doc)


@rest_service.operation("DeleteRestApi")
def delete_rest_api(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    """Delete the API and everything under it (202).
    https://docs.aws.amazon.com/apigateway/latest/api/API_DeleteRestApi.html
    """
    api_id = rest_api(ctx, req["restApiId"])["id"]
    store(ctx).delete_api(api_id)
    index(ctx.state).remove(api_id)
    return {}
