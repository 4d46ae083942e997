"""Lookups, paging and time shared by the REST API management operations.

https://docs.aws.amazon.com/apigateway/latest/api/API_GetRestApis.html (``position``/``limit``)
- Lists answer ``items`` and, when more remain, a ``position`` to pass back; ``limit``
  defaults to 25 and is at most 500.

LIMITATIONS: ``position`` is cloudlet's own token (an offset), not AWS's.
"""

from __future__ import annotations

import base64
import copy
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.paging import offset_page
from cloudlet.services.apigateway.errors import BadRequestException, NotFoundException, invalid
from cloudlet.services.apigateway.registry import store
from cloudlet.services.apigateway.store import Store

Doc = dict[str, Any]

# Members kept in stored documents that the API never shows.
PRIVATE = ("snapshot",)


def now(ctx: RequestContext) -> int:
    """Epoch seconds, from the server's clock."""
    return int(ctx.state.clock.now())


def public(doc: Doc) -> Doc:
    """A copy of ``doc`` without its private members."""
    return {k: copy.deepcopy(v) for k, v in doc.items() if k not in PRIVATE}


def rest_api(ctx: RequestContext, api_id: str) -> Doc:
    """The RestApi document; NotFoundException when there is none."""
    found = store(ctx).get("restapi", api_id, api_id)
    if found is None:
        raise NotFoundException(f"Invalid API identifier specified {ctx.account}:{api_id}")
    return found


def get_doc(ctx: RequestContext, kind: str, api_id: str, doc_id: str, what: str) -> Doc:
    """A document of ``api_id`` (checked to exist first); ``Invalid {what} identifier
    specified`` when missing."""
    if api_id:
        rest_api(ctx, api_id)
    found = store(ctx).get(kind, api_id, doc_id)
    if found is None:
        raise invalid(what)
    return found


def page(items: list[Doc], req: dict[str, Any]) -> dict[str, Any]:
    """``{"items": [...], "position": ...}`` for ``req``'s ``position`` and ``limit``."""
    limit = int(req.get("limit") or 25)
    if limit < 1 or limit > 500:
        raise BadRequestException("Invalid limit value. Valid values are between 1 and 500.")
    start = 0
    position = req.get("position")
    if position:
        try:
            start = int(base64.urlsafe_b64decode(position.encode()).decode())
        except ValueError as exc:
            raise BadRequestException("Invalid position parameter") from exc
    chunk, after = offset_page(items, start, limit)
    out: dict[str, Any] = {"items": [public(d) for d in chunk]}
    if after is not None:
        out["position"] = base64.urlsafe_b64encode(str(after).encode()).decode()
    return out


def page_of(ctx: RequestContext, kind: str, req: dict[str, Any]) -> dict[str, Any]:
    """One page of the ``kind`` documents of the REST API ``req["restApiId"]`` (checked to
    exist first)."""
    api_id = rest_api(ctx, req["restApiId"])["id"]
    return page(store(ctx).list(kind, api_id), req)


def response_of(holder: Doc, member: str, status: str) -> Doc:
    """The response for ``status`` in ``holder[member]`` (a method's ``methodResponses``, an
    integration's ``integrationResponses``); NotFoundException when there is none."""
    found: Doc | None = (holder.get(member) or {}).get(status)
    if found is None:
        raise NotFoundException("Invalid Response status code specified")
    return found


def put_response(holder: Doc, member: str, req: dict[str, Any], keys: tuple[str, ...]) -> Doc:
    """Store in ``holder[member]`` the response for ``req["statusCode"]`` with the ``keys``
    ``req`` gives (replacing any before it); answers it."""
    status = req["statusCode"]
    response: Doc = {"statusCode": status}
    for key in keys:
        if req.get(key) is not None:
            response[key] = req[key]
    holder.setdefault(member, {})[status] = response
    return response


def delete_response(holder: Doc, member: str, status: str, *, drop_empty: bool) -> None:
    """Remove the response for ``status`` from ``holder[member]`` (NotFoundException when
    there is none), and ``member`` itself when ``drop_empty`` and none is left."""
    response_of(holder, member, status)
    del holder[member][status]
    if drop_empty and not holder[member]:
        del holder[member]


def plan_key_id(plan_id: str, key_id: str) -> str:
    """The store id of a usage plan key (kind ``usageplankey``): ``{plan}/{key}``."""
    return f"{plan_id}/{key_id}"


def delete_plan_keys(db: Store, plan_ids: list[str], key_ids: list[str]) -> None:
    """Take each of the keys out of each of the usage plans (in the caller's write)."""
    for plan_id in plan_ids:
        for key_id in key_ids:
            db.delete("usageplankey", "", plan_key_id(plan_id, key_id))


def db(ctx: RequestContext) -> Store:
    return store(ctx)
