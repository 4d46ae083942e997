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
from cloudlet.services.apigateway.registry import store
from cloudlet.services.apigateway.rest.errors import BadRequestException, NotFoundException, invalid
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
    chunk = [public(d) for d in items[start:start + limit]]
    out: dict[str, Any] = {"items": chunk}
    if start + limit < len(items):
        out["position"] = base64.urlsafe_b64encode(str(start + limit).encode()).decode()
    return out


def db(ctx: RequestContext) -> Store:
    return store(ctx)
