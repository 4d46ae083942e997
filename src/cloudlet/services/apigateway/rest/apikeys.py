"""API keys (account-wide): create, read, list, update, delete, import.

https://docs.aws.amazon.com/apigateway/latest/api/API_CreateApiKey.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-key-file-format.html
- A key's ``value`` is given (at least 20 characters) or generated (40 characters);
  ``enabled`` defaults to false, as in the API (the console ticks it).
- ``stageKeys`` (``{restApiId, stageName}``) are answered as ``"{restApiId}/{stageName}"``.
- GetApiKey(s) answer ``value`` only with ``includeValue(s)=true``; GetApiKeys filters by
  name prefix (``nameQuery``) and ``customerId``.
- Unknown id: NotFoundException ``Invalid API Key identifier specified``.
- ImportApiKeys reads a CSV with a header naming ``name``, ``key``, ``description``,
  ``enabled`` and ``usageplanIds`` (any order, any case); each row becomes a key and, with
  ``usageplanIds``, joins those usage plans.

LIMITATIONS: AWS's text for a short value and a duplicate value are not confirmed;
``generateDistinctId`` is ignored (ids are always distinct).
"""

from __future__ import annotations

import csv
import io
import secrets
import string
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.apigateway.errors import (
    BadRequestException,
    ConflictException,
    NotFoundException,
)
from cloudlet.services.apigateway.registry import rest_service, store
from cloudlet.services.apigateway.rest import patch
from cloudlet.services.apigateway.rest.common import (
    Doc,
    delete_plan_keys,
    get_doc,
    now,
    page,
    public,
)
from cloudlet.services.apigateway.store import new_id

_KEY_ALPHABET = string.ascii_letters + string.digits


def api_key(ctx: RequestContext, key_id: str) -> Doc:
    return get_doc(ctx, "apikey", "", key_id, "API Key")


def shown(doc: Doc, include_value: bool) -> Doc:
    out = public(doc)
    if not include_value:
        out.pop("value", None)
    return out


def _stage_key(ctx: RequestContext, api_id: str, stage_name: str) -> str:
    if store(ctx).get("stage", api_id, stage_name) is None:
        raise BadRequestException(f"Invalid stage key: {api_id}/{stage_name}")
    return f"{api_id}/{stage_name}"


def new_key(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """Store an ApiKey from CreateApiKey members."""
    value = req.get("value") or "".join(secrets.choice(_KEY_ALPHABET) for _ in range(40))
    if len(value) < 20:
        raise BadRequestException("API Key value should be at least 20 characters")
    db = store(ctx)
    if any(k.get("value") == value for k in db.list("apikey")):
        raise ConflictException("API Key already exists")
    stamp = now(ctx)
    doc: Doc = {"id": new_id(10), "value": value, "enabled": bool(req.get("enabled", False)),
                "createdDate": stamp, "lastUpdatedDate": stamp,
                "stageKeys": [_stage_key(ctx, s.get("restApiId", ""), s.get("stageName", ""))
                              for s in req.get("stageKeys") or []]}
    for key in ("name", "description", "customerId", "tags"):
        if req.get(key):
            doc[key] = req[key]
    db.put("apikey", "", doc["id"], doc)
    return doc


@rest_service.operation("CreateApiKey")
def create_api_key(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """A key (201), its value included."""
    return public(new_key(ctx, req))


@rest_service.operation("GetApiKey")
def get_api_key(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """https://docs.aws.amazon.com/apigateway/latest/api/API_GetApiKey.html"""
    return shown(api_key(ctx, req["apiKey"]), bool(req.get("includeValue")))


@rest_service.operation("GetApiKeys")
def get_api_keys(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """https://docs.aws.amazon.com/apigateway/latest/api/API_GetApiKeys.html"""
    include = bool(req.get("includeValues"))
    name, customer = req.get("nameQuery"), req.get("customerId")
    docs = [shown(d, include) for d in store(ctx).list("apikey")
            if (not name or str(d.get("name", "")).startswith(name))
            and (not customer or d.get("customerId") == customer)]
    return page(docs, req)


_RULES = patch.Rules(
    replace=("/name", "/description", "/enabled", "/customerId"),
    remove=("/description", "/customerId"),
    booleans=("enabled",),
)


@rest_service.operation("UpdateApiKey")
def update_api_key(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """Replace name, description, enabled, customerId; add or remove ``/stages`` (value
    ``{restApiId}/{stageName}``).
    https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateApiKey.html
    """
    doc = api_key(ctx, req["apiKey"])
    for op in req.get("patchOperations") or []:
        kind, path, value = op.get("op"), op.get("path"), str(op.get("value") or "")
        if path == "/stages" and kind in ("add", "remove"):
            keys: list[str] = list(doc.get("stageKeys") or [])
            if kind == "add":
                api_id, _, stage_name = value.partition("/")
                if value not in keys:
                    keys.append(_stage_key(ctx, api_id, stage_name))
            else:
                keys = [k for k in keys if k != value]
            doc["stageKeys"] = keys
        else:
            patch.apply(doc, [op], _RULES)
    doc["lastUpdatedDate"] = now(ctx)
    store(ctx).put("apikey", "", doc["id"], doc)
    return shown(doc, False)


@rest_service.operation("DeleteApiKey")
def delete_api_key(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    """Delete a key (202); it leaves every usage plan."""
    doc = api_key(ctx, req["apiKey"])
    db = store(ctx)
    with db.write():
        delete_plan_keys(db, [plan["id"] for plan in db.list("usageplan")], [doc["id"]])
        db.delete("apikey", "", doc["id"])
    return {}


@rest_service.operation("ImportApiKeys")
def import_api_keys(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """Create keys from a CSV file (201): ``{"ids": [...], "warnings": [...]}``."""
    body = req["body"]
    text = body.decode("utf-8-sig") if isinstance(body, bytes) else str(body)
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise BadRequestException("Invalid API key file: no header line")
    header = [h.strip().lower() for h in rows[0]]
    if "key" not in header:
        raise BadRequestException("Invalid API key file: the 'key' column is required")
    ids: list[str] = []
    warnings: list[str] = []
    db = store(ctx)
    with db.write():
        for number, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            cells = dict(zip(header, (c.strip() for c in row), strict=False))
            try:
                doc = new_key(ctx, {
                    "name": cells.get("name"), "value": cells.get("key"),
                    "description": cells.get("description"),
                    "enabled": cells.get("enabled", "").lower() == "true"})
            except (BadRequestException, ConflictException) as exc:
                if req.get("failOnWarnings"):
                    raise
                warnings.append(f"line {number}: {exc.message}")
                continue
            ids.append(doc["id"])
            for plan_id in filter(None, cells.get("usageplanids", "").split(":")):
                plan = db.get("usageplan", "", plan_id)
                if plan is None:
                    raise NotFoundException("Invalid Usage Plan ID specified")
                db.put("usageplankey", "", f"{plan_id}/{doc['id']}",
                       {"id": doc["id"], "type": "API_KEY", "value": doc["value"],
                        **({"name": doc["name"]} if doc.get("name") else {})})
    out: dict[str, Any] = {"ids": ids}
    if warnings:
        out["warnings"] = warnings
    return out
