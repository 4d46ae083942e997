"""Models (JSON schemas of payloads) and request validators of a REST API.

https://docs.aws.amazon.com/apigateway/latest/api/API_CreateModel.html
https://docs.aws.amazon.com/apigateway/latest/api/API_CreateRequestValidator.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/models-mappings-models.html
- Models are named (alphanumeric) and addressed by name; ``schema`` is JSON Schema draft 4
  text. A name in use: ConflictException ``Model name already exists for this REST API``;
  unknown: NotFoundException ``Invalid model name specified: NAME``.
- GetModelTemplate answers a mapping template that copies each property of an object
  schema (``{"value": "..."}``).
- A request validator checks the body (``validateRequestBody``) and/or the required
  parameters (``validateRequestParameters``), both false by default; unknown id:
  NotFoundException ``Invalid Request Validator identifier specified``.

LIMITATIONS: GetModelTemplate handles an object schema with scalar properties only; the
``flatten`` flag of GetModel is ignored; deleting a model that methods use is allowed.
"""

from __future__ import annotations

import json
import re
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.errors import not_supported
from cloudlet.server.service import NoOutput
from cloudlet.services.apigateway.errors import (
    BadRequestException,
    ConflictException,
    NotFoundException,
)
from cloudlet.services.apigateway.registry import rest_service, store
from cloudlet.services.apigateway.rest import patch
from cloudlet.services.apigateway.rest.common import Doc, get_doc, page_of, public, rest_api
from cloudlet.services.apigateway.store import new_id

_NAME = re.compile(r"^[A-Za-z0-9]+$")


def _check_schema(schema: str | None) -> None:
    if schema is None:
        return
    try:
        parsed = json.loads(schema)
    except ValueError as exc:
        raise BadRequestException(
            "Invalid model specified: Validation Result: warnings : [], "
            "errors : [Invalid model schema specified]") from exc
    if not isinstance(parsed, dict):
        raise BadRequestException(
            "Invalid model specified: Validation Result: warnings : [], "
            "errors : [Invalid model schema specified]")


def model(ctx: RequestContext, api_id: str, name: str) -> Doc:
    rest_api(ctx, api_id)
    found = store(ctx).get("model", api_id, name)
    if found is None:
        raise NotFoundException(f"Invalid model name specified: {name}")
    return found


@rest_service.operation("CreateModel")
def create_model(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """A named schema (201)."""
    api_id = rest_api(ctx, req["restApiId"])["id"]
    name = req["name"]
    if not _NAME.match(name):
        raise BadRequestException("Model name must be alphanumeric")
    if store(ctx).get("model", api_id, name) is not None:
        raise ConflictException("Model name already exists for this REST API")
    _check_schema(req.get("schema"))
    doc: Doc = {"id": new_id(6), "name": name, "contentType": req["contentType"]}
    for key in ("description", "schema"):
        if req.get(key) is not None:
            doc[key] = req[key]
    store(ctx).put("model", api_id, name, doc)
    return doc


@rest_service.operation("GetModel")
def get_model(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """https://docs.aws.amazon.com/apigateway/latest/api/API_GetModel.html"""
    return model(ctx, req["restApiId"], req["modelName"])


@rest_service.operation("GetModels")
def get_models(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """https://docs.aws.amazon.com/apigateway/latest/api/API_GetModels.html"""
    return page_of(ctx, "model", req)


_MODEL_RULES = patch.Rules(replace=("/schema", "/description"), remove=("/description",))


@rest_service.operation("UpdateModel")
def update_model(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """Replace ``/schema`` or ``/description``.
    https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateModel.html
    """
    doc = model(ctx, req["restApiId"], req["modelName"])
    patch.apply(doc, req.get("patchOperations") or [], _MODEL_RULES)
    _check_schema(doc.get("schema"))
    store(ctx).put("model", req["restApiId"], doc["name"], doc)
    return doc


@rest_service.operation("DeleteModel")
def delete_model(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    """https://docs.aws.amazon.com/apigateway/latest/api/API_DeleteModel.html (202)"""
    doc = model(ctx, req["restApiId"], req["modelName"])
    store(ctx).delete("model", req["restApiId"], doc["name"])
    return {}


@rest_service.operation("GetModelTemplate")
def get_model_template(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """A mapping template for the model's object schema.
    https://docs.aws.amazon.com/apigateway/latest/api/API_GetModelTemplate.html
    """
    doc = model(ctx, req["restApiId"], req["modelName"])
    schema = json.loads(doc.get("schema") or "{}")
    props = schema.get("properties") or {}
    if schema.get("type") != "object" or any(
            not isinstance(p, dict) or p.get("type") in ("object", "array") or "$ref" in p
            for p in props.values()):
        raise not_supported("GetModelTemplate for schemas other than flat objects")
    lines = []
    for name, prop in props.items():
        quoted = prop.get("type") not in ("integer", "number", "boolean")
        value = f'"$inputRoot.{name}"' if quoted else f"$inputRoot.{name}"
        lines.append(f'  "{name}" : {value}')
    body = ",\n".join(lines)
    return {"value": "#set($inputRoot = $input.path('$'))\n{\n" + body + "\n}"}


def validator(ctx: RequestContext, api_id: str, validator_id: str) -> Doc:
    return get_doc(ctx, "requestvalidator", api_id, validator_id, "Request Validator")


@rest_service.operation("CreateRequestValidator")
def create_request_validator(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """https://docs.aws.amazon.com/apigateway/latest/api/API_CreateRequestValidator.html"""
    api_id = rest_api(ctx, req["restApiId"])["id"]
    doc: Doc = {"id": new_id(6),
                "validateRequestBody": bool(req.get("validateRequestBody", False)),
                "validateRequestParameters": bool(req.get("validateRequestParameters", False))}
    if req.get("name"):
        doc["name"] = req["name"]
    store(ctx).put("requestvalidator", api_id, doc["id"], doc)
    return doc


@rest_service.operation("GetRequestValidator")
def get_request_validator(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    return public(validator(ctx, req["restApiId"], req["requestValidatorId"]))


@rest_service.operation("GetRequestValidators")
def get_request_validators(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return page_of(ctx, "requestvalidator", req)


_VALIDATOR_RULES = patch.Rules(
    replace=("/name", "/validateRequestBody", "/validateRequestParameters"),
    booleans=("validateRequestBody", "validateRequestParameters"),
)


@rest_service.operation("UpdateRequestValidator")
def update_request_validator(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    doc = validator(ctx, req["restApiId"], req["requestValidatorId"])
    patch.apply(doc, req.get("patchOperations") or [], _VALIDATOR_RULES)
    store(ctx).put("requestvalidator", req["restApiId"], doc["id"], doc)
    return doc


@rest_service.operation("DeleteRequestValidator")
def delete_request_validator(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = validator(ctx, req["restApiId"], req["requestValidatorId"])
    store(ctx).delete("requestvalidator", req["restApiId"], doc["id"])
    return {}
