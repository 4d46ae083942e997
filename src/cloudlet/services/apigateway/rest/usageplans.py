"""Usage plans (account-wide), their keys and their usage.

https://docs.aws.amazon.com/apigateway/latest/api/API_CreateUsagePlan.html
https://docs.aws.amazon.com/apigateway/latest/api/API_CreateUsagePlanKey.html
https://docs.aws.amazon.com/apigateway/latest/api/API_GetUsage.html
- A plan has ``apiStages`` ``[{apiId, stage, throttle}]``, ``throttle`` ``{rateLimit,
  burstLimit}`` and ``quota`` ``{limit, period DAY|WEEK|MONTH, offset}``.
- Unknown plan: NotFoundException ``Invalid Usage Plan ID specified``.
- A usage plan key (``type`` API_KEY) ties an API key to the plan; its ``id`` is the key's.
- GetUsage answers, per key, one ``[used, remaining]`` pair per day from ``startDate`` to
  ``endDate``; ``remaining`` counts down from the quota over the quota's period.

LIMITATIONS: per-method throttles (``/apiStages/{api}:{stage}/throttle/...``) are not
supported; ``offset`` is stored but periods start on Monday / the 1st; without a quota,
``remaining`` is 0; ``productCode`` is stored only. UpdateUsage and ResetUsage are not
implemented.
"""

from __future__ import annotations

import datetime as dt
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
from cloudlet.services.apigateway.rest.apikeys import api_key
from cloudlet.services.apigateway.rest.common import Doc, delete_plan_keys, page, public
from cloudlet.services.apigateway.store import new_id


def usage_plan(ctx: RequestContext, plan_id: str) -> Doc:
    found = store(ctx).get("usageplan", "", plan_id)
    if found is None:
        raise NotFoundException("Invalid Usage Plan ID specified")
    return found


def _check_stage(ctx: RequestContext, stage: Doc) -> None:
    api_id, name = stage.get("apiId", ""), stage.get("stage", "")
    if store(ctx).get("stage", api_id, name) is None:
        raise BadRequestException(f"API Stage not found: {api_id}:{name}")


def _check(ctx: RequestContext, doc: Doc) -> None:
    for stage in doc.get("apiStages") or []:
        _check_stage(ctx, stage)
    quota = doc.get("quota")
    if quota:
        if quota.get("period") not in ("DAY", "WEEK", "MONTH"):
            raise BadRequestException("Quota period must be one of DAY, WEEK or MONTH")
        if int(quota.get("limit", 0)) < 0:
            raise BadRequestException("Quota limit should be a positive integer")


@rest_service.operation("CreateUsagePlan")
def create_usage_plan(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """A usage plan (201)."""
    doc: Doc = {"id": new_id(6), "name": req["name"], "apiStages": list(req.get("apiStages")
                                                                       or [])}
    for key in ("description", "throttle", "quota", "tags"):
        if req.get(key):
            doc[key] = req[key]
    if "quota" in doc:
        doc["quota"] = {"offset": 0, **doc["quota"]}
    _check(ctx, doc)
    store(ctx).put("usageplan", "", doc["id"], doc)
    return doc


@rest_service.operation("GetUsagePlan")
def get_usage_plan(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    return public(usage_plan(ctx, req["usagePlanId"]))


@rest_service.operation("GetUsagePlans")
def get_usage_plans(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """Every plan, or those holding ``keyId``."""
    db = store(ctx)
    plans = db.list("usageplan")
    key_id = req.get("keyId")
    if key_id:
        plans = [p for p in plans if db.get("usageplankey", "", f"{p['id']}/{key_id}")]
    return page(plans, req)


_RULES = patch.Rules(
    replace=("/name", "/description", "/productCode", "/throttle/rateLimit",
             "/throttle/burstLimit", "/quota/limit", "/quota/period", "/quota/offset"),
    remove=("/description", "/throttle", "/quota", "/productCode"),
    integers=("burstLimit", "limit", "offset"),
    floats=("rateLimit",),
)


@rest_service.operation("UpdateUsagePlan")
def update_usage_plan(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """Patch name, description, throttle and quota; add or remove ``/apiStages`` (value
    ``{apiId}:{stage}``).
    https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateUsagePlan.html
    """
    doc = usage_plan(ctx, req["usagePlanId"])
    for op in req.get("patchOperations") or []:
        path = str(op.get("path", ""))
        if path == "/apiStages" and op.get("op") in ("add", "remove"):
            api_id, _, name = str(op.get("value") or "").partition(":")
            stages = [s for s in doc.get("apiStages") or []
                      if (s.get("apiId"), s.get("stage")) != (api_id, name)]
            if op["op"] == "add":
                stages.append({"apiId": api_id, "stage": name})
            doc["apiStages"] = stages
        elif path.startswith("/apiStages/"):
            raise not_supported("per-method throttles in usage plans")
        else:
            patch.apply(doc, [op], _RULES)
    _check(ctx, doc)
    store(ctx).put("usageplan", "", doc["id"], doc)
    return public(doc)


@rest_service.operation("DeleteUsagePlan")
def delete_usage_plan(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    """Delete a plan and its keys (202)."""
    doc = usage_plan(ctx, req["usagePlanId"])
    db = store(ctx)
    with db.write():
        delete_plan_keys(db, [doc["id"]], [key["id"] for key in db.list("apikey")])
        db.delete("usageplan", "", doc["id"])
    return {}


def _plan_key(ctx: RequestContext, plan_id: str, key_id: str) -> Doc:
    usage_plan(ctx, plan_id)
    found = store(ctx).get("usageplankey", "", f"{plan_id}/{key_id}")
    if found is None:
        raise NotFoundException("Invalid Usage Plan Key identifier specified")
    return found


@rest_service.operation("CreateUsagePlanKey")
def create_usage_plan_key(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """Add an API key to the plan (201)."""
    plan = usage_plan(ctx, req["usagePlanId"])
    if req["keyType"] != "API_KEY":
        raise BadRequestException("Invalid key type specified; only API_KEY is supported")
    key = api_key(ctx, req["keyId"])
    db = store(ctx)
    ident = f"{plan['id']}/{key['id']}"
    if db.get("usageplankey", "", ident) is not None:
        raise ConflictException(f"Usage plan {plan['id']} already contains key {key['id']}")
    doc: Doc = {"id": key["id"], "type": "API_KEY", "value": key["value"]}
    if key.get("name"):
        doc["name"] = key["name"]
    db.put("usageplankey", "", ident, doc)
    return doc


@rest_service.operation("GetUsagePlanKey")
def get_usage_plan_key(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    return _plan_key(ctx, req["usagePlanId"], req["keyId"])


@rest_service.operation("GetUsagePlanKeys")
def get_usage_plan_keys(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    plan = usage_plan(ctx, req["usagePlanId"])
    db = store(ctx)
    name = req.get("nameQuery")
    found = [db.get("usageplankey", "", f"{plan['id']}/{k['id']}") for k in db.list("apikey")]
    docs = [d for d in found if d and (not name or str(d.get("name", "")).startswith(name))]
    return page(docs, req)


@rest_service.operation("DeleteUsagePlanKey")
def delete_usage_plan_key(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = _plan_key(ctx, req["usagePlanId"], req["keyId"])
    store(ctx).delete("usageplankey", "", f"{req['usagePlanId']}/{doc['id']}")
    return {}


def _period_start(day: dt.date, period: str) -> dt.date:
    if period == "WEEK":
        return day - dt.timedelta(days=day.weekday())
    if period == "MONTH":
        return day.replace(day=1)
    return day


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise BadRequestException(f"Invalid date format: {text}; use yyyy-MM-dd") from exc


@rest_service.operation("GetUsage")
def get_usage(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """Daily ``[used, remaining]`` per key of the plan (or of ``keyId``).
    https://docs.aws.amazon.com/apigateway/latest/api/API_GetUsage.html
    """
    plan = usage_plan(ctx, req["usagePlanId"])
    start, end = _date(req["startDate"]), _date(req["endDate"])
    if end < start or (end - start).days > 90:
        raise BadRequestException("The usage date range must be at most 90 days")
    db = store(ctx)
    keys = [req["keyId"]] if req.get("keyId") else [
        k["id"] for k in db.list("apikey")
        if db.get("usageplankey", "", f"{plan['id']}/{k['id']}")]
    quota = plan.get("quota") or {}
    values: dict[str, list[list[int]]] = {}
    for key_id in keys:
        rows: list[list[int]] = []
        day = start
        while day <= end:
            used_before = 0
            if quota:
                cursor = _period_start(day, quota["period"])
                while cursor < day:
                    prior = db.get("usage", "", f"{plan['id']}/{key_id}/{cursor.isoformat()}")
                    used_before += int((prior or {}).get("used", 0))
                    cursor += dt.timedelta(days=1)
            found = db.get("usage", "", f"{plan['id']}/{key_id}/{day.isoformat()}")
            used = int((found or {}).get("used", 0))
            remaining = max(0, int(quota["limit"]) - used_before - used) if quota else 0
            rows.append([used, remaining])
            day += dt.timedelta(days=1)
        values[key_id] = rows
    return {"usagePlanId": plan["id"], "startDate": req["startDate"],
            "endDate": req["endDate"], "items": values}
