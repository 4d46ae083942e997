"""API keys and usage plans on the data plane: who may call a method that requires a key, how
fast (per-key throttling) and how often (quotas), and the usage GetUsage reports.

https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-key-source.html

- A method with ``apiKeyRequired`` needs a key: from the ``x-api-key`` header (the API's
  ``apiKeySource`` HEADER, the default) or the Lambda authorizer's ``usageIdentifierKey``
  (AUTHORIZER). A missing or unknown key, a disabled one, or one in no usage plan of this API
  stage answers 403 ``{"message":"Forbidden"}`` (``INVALID_API_KEY``).
- The plan's ``throttle`` (rate and burst) limits each key on its own; the plan's API stage may
  also limit single methods (``apiStages[].throttle["/pets/GET"]``). Over a limit: 429
  ``{"message":"Too Many Requests"}``.
- The plan's ``quota`` (``limit`` requests per DAY, WEEK or MONTH) counts each admitted request;
  once used up: 429 ``{"message":"Limit Exceeded"}`` (``QUOTA_EXCEEDED``).
- Every admitted request is recorded per plan, key and UTC day in the store, kind ``usage``
  (account-wide), id ``{usagePlanId}/{keyId}/{YYYY-MM-DD}``, document ``{"used": n}`` (other
  members of that document are kept), what GetUsage reads.

Days, weeks and months are UTC, from the injected clock (``state.clock``).

LIMITATIONS: a WEEK quota period starts on Monday (AWS does not document its first day); the
quota ``offset`` (requests subtracted in the initial period) is not applied; the legacy
``stageKeys`` of a key (without a usage plan) do not admit it, as on AWS since usage plans.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cloudlet.services.apigateway.gateway import throttle
from cloudlet.services.apigateway.gateway.refusals import refuse
from cloudlet.services.apigateway.registry import stores

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState
    from cloudlet.services.apigateway.gateway.invocation import Invocation
    from cloudlet.services.apigateway.store import Store

API_KEY_HEADER = "x-api-key"


@dataclass(slots=True)
class _KeyIndex:
    """API keys by value and usage plans by key id."""

    by_value: dict[str, dict[str, Any]] = field(default_factory=dict)
    plans_of_key: dict[str, list[str]] = field(default_factory=dict)


def _build_index(store: Store) -> _KeyIndex:
    index = _KeyIndex({str(k.get("value")): k for k in store.list("apikey") if k.get("value")})
    # The link's document names only the key; its store id is "{planId}/{keyId}".
    for link_id in store.ids("usageplankey"):
        plan_id, _, key_id = link_id.partition("/")
        if key_id:
            index.plans_of_key.setdefault(key_id, []).append(plan_id)
    return index


def _index(store: Store) -> _KeyIndex:
    """The key index, rebuilt when the store changes (``Store.memo``)."""
    return store.memo("usage-key-index", lambda: _build_index(store))


def presented_key(inv: Invocation, usage_identifier_key: str | None) -> str | None:
    """The key the request presents, per the API's ``apiKeySource``."""
    source = str((inv.snapshot.get("restApi") or {}).get("apiKeySource") or "HEADER")
    if source == "AUTHORIZER":
        return usage_identifier_key
    return inv.request.headers.get(API_KEY_HEADER)


def _plan_for(store: Store, index: _KeyIndex, key_id: str, api_id: str,
              stage: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The usage plan holding ``key_id`` that covers ``api_id``'s ``stage``, and its API stage."""
    for plan_id in index.plans_of_key.get(key_id, []):
        plan = store.get("usageplan", "", plan_id)
        if plan is None:
            continue
        for api_stage in plan.get("apiStages") or []:
            if api_stage.get("apiId") == api_id and api_stage.get("stage") == stage:
                return plan, api_stage
    return None


def check_api_key(inv: Invocation, usage_identifier_key: str | None) -> None:
    """Admit ``inv`` with a valid key in a usage plan of its stage, within the plan's limits
    and quota; set ``inv.api_key`` and record the request's usage. 403 or 429 otherwise."""
    state, api = inv.state, inv.api
    store = stores.get(state, api.account, api.region)
    index = _index(store)
    value = presented_key(inv, usage_identifier_key)
    key = index.by_value.get(value) if value else None
    if key is None or not key.get("enabled", False):
        raise refuse("INVALID_API_KEY")
    key_id = str(key["id"])
    found = _plan_for(store, index, key_id, api.api_id, inv.stage_name)
    if found is None:
        raise refuse("INVALID_API_KEY")
    plan, api_stage = found
    plan_id = str(plan["id"])
    limits: dict[str, Any] = plan.get("throttle") or {}
    throttle.take_or_throttle(
        state, ("plan", plan_id, key_id),
        throttle.Limit.of(limits.get("rateLimit"), limits.get("burstLimit")))
    method_limits = _method_throttle(api_stage, inv)
    if method_limits is not None:
        throttle.take_or_throttle(
            state, ("planmethod", plan_id, key_id, inv.resource_path, _verb(inv)),
            throttle.Limit.of(method_limits.get("rateLimit"), method_limits.get("burstLimit")))
    today = _today(state)
    quota: dict[str, Any] = plan.get("quota") or {}
    if quota.get("limit") is not None:
        start = period_start(today, str(quota.get("period") or "DAY"))
        if used_since(store, plan_id, key_id, start, today) >= int(quota["limit"]):
            raise refuse("QUOTA_EXCEEDED")
    record(store, plan_id, key_id, today)
    inv.api_key = key


def _verb(inv: Invocation) -> str:
    return str((inv.method or {}).get("httpMethod") or inv.http_method)


def _method_throttle(api_stage: dict[str, Any], inv: Invocation) -> dict[str, Any] | None:
    """The plan's limit for this method: ``throttle["/pets/GET"]`` (or ``~1``-escaped)."""
    by_method: dict[str, Any] = api_stage.get("throttle") or {}
    verb = _verb(inv)
    for name in (f"{inv.resource_path}/{verb}",
                 f"{throttle.escape_path(inv.resource_path)}/{verb}"):
        found = by_method.get(name)
        if isinstance(found, dict):
            return found
    return None


def _today(state: ServerState) -> dt.date:
    return dt.datetime.fromtimestamp(state.clock.now(), dt.UTC).date()


def period_start(day: dt.date, period: str) -> dt.date:
    """The first day of the quota period holding ``day`` (DAY, WEEK from Monday, MONTH)."""
    if period == "WEEK":
        return day - dt.timedelta(days=day.weekday())
    if period == "MONTH":
        return day.replace(day=1)
    return day


def usage_id(plan_id: str, key_id: str, day: dt.date) -> str:
    return f"{plan_id}/{key_id}/{day.isoformat()}"


def used_since(store: Store, plan_id: str, key_id: str, start: dt.date, end: dt.date) -> int:
    """Requests recorded for the key in the plan from ``start`` to ``end`` (both included)."""
    docs = store.between("usage", "", usage_id(plan_id, key_id, start),
                         usage_id(plan_id, key_id, end))
    return sum(int(doc.get("used", 0)) for doc in docs)


def record(store: Store, plan_id: str, key_id: str, day: dt.date) -> None:
    """Count one request for the key in the plan on ``day``."""
    doc_id = usage_id(plan_id, key_id, day)
    # Quiet: usage changes on every request and must not tell the data plane's caches
    # that the API changed.
    with store.write(quiet=True):
        doc = store.get("usage", "", doc_id) or {}
        doc["used"] = int(doc.get("used", 0)) + 1
        store.put("usage", "", doc_id, doc, quiet=True)
