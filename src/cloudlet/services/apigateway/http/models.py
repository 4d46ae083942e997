"""HTTP API models: JSON schemas stored with an API.

https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-models.html

- A model has a Name (letters and digits, unique in the API: ConflictException), a Schema
  (a JSON document: BadRequestException when it does not parse), ContentType
  (``application/json`` by default) and a Description.

LIMITATIONS: models are data only (HTTP APIs do not validate requests); GetModelTemplate
is not supported. Error texts are cloudlet's.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.apigateway.errors import BadRequestException, ConflictException
from cloudlet.services.apigateway.http.common import Doc, apply, get_api, get_child, page, public
from cloudlet.services.apigateway.registry import http_service, store
from cloudlet.services.apigateway.store import new_id

MEMBERS = ("ContentType", "Description", "Name", "Schema")
_NAME = re.compile(r"^[A-Za-z0-9]+$")


def check(ctx: RequestContext, api_id: str, doc: Doc) -> Doc:
    if not _NAME.match(doc["Name"]):
        raise BadRequestException(f"Model name {doc['Name']} must be alphanumeric")
    try:
        orjson.loads(doc["Schema"])
    except orjson.JSONDecodeError:
        raise BadRequestException("Invalid model schema specified: not valid JSON") from None
    doc.setdefault("ContentType", "application/json")
    for other in store(ctx).list("model", api_id):
        if other["Name"] == doc["Name"] and other["ModelId"] != doc["ModelId"]:
            raise ConflictException(f"Model name already exists for this API: {doc['Name']}")
    return doc


@http_service.operation("CreateModel")
def create_model(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    api_id = req["ApiId"]
    get_api(ctx, api_id)
    doc: Doc = {"ModelId": new_id(6)}
    apply(doc, req, MEMBERS)
    check(ctx, api_id, doc)
    store(ctx).put("model", api_id, doc["ModelId"], doc)
    return public(doc)


@http_service.operation("GetModel")
def get_model(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    return public(get_child(ctx, "model", req["ApiId"], req["ModelId"]))


@http_service.operation("GetModels")
def get_models(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    get_api(ctx, req["ApiId"])
    return page(store(ctx).list("model", req["ApiId"]), req)


@http_service.operation("UpdateModel")
def update_model(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    api_id = req["ApiId"]
    doc = apply(get_child(ctx, "model", api_id, req["ModelId"]), req, MEMBERS)
    check(ctx, api_id, doc)
    store(ctx).put("model", api_id, doc["ModelId"], doc)
    return public(doc)


@http_service.operation("DeleteModel")
def delete_model(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = get_child(ctx, "model", req["ApiId"], req["ModelId"])
    store(ctx).delete("model", req["ApiId"], doc["ModelId"])
    return {}
