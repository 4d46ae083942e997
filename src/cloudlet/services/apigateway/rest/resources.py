"""Resources: the path tree of a REST API.

https://docs.aws.amazon.com/apigateway/latest/api/API_CreateResource.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-settings-method-request.html
- A resource's ``path`` is its parent's path plus ``pathPart``; the root is ``/``.
- ``pathPart`` is a literal (``a-zA-Z0-9._-:~``), a variable ``{name}`` or a greedy
  variable ``{name+}``; only one variable child per parent; a greedy resource has no
  children. A sibling with the same ``pathPart``: ConflictException (409)
  ``Another resource with the same parent already has this name: PART``.
- GetResource(s) list ``resourceMethods`` as ``{VERB: {}}``; with ``embed=methods`` each
  method is answered in full (https://docs.aws.amazon.com/apigateway/latest/api/API_GetResources.html;
  the plain form as AWS answers it: https://github.com/boto/boto3/issues/1416).
- The root's id has 10 characters, other resources' 6, as AWS's do.
- DeleteResource removes the resource and everything below it; the root cannot be deleted.
- Unknown id: NotFoundException ``Invalid Resource identifier specified``.

LIMITATIONS: AWS's texts for a bad path part, a second variable sibling, a child of a
greedy resource and deleting the root are as cloudlet remembers them, not documented.
"""

from __future__ import annotations

import re
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.apigateway.errors import BadRequestException, ConflictException
from cloudlet.services.apigateway.registry import rest_service, store
from cloudlet.services.apigateway.rest import patch
from cloudlet.services.apigateway.rest.common import Doc, get_doc, page, public, rest_api
from cloudlet.services.apigateway.store import new_id

_PART = re.compile(r"^(?:[A-Za-z0-9._\-:~@$&',;=!*]+|\{[A-Za-z0-9._\-]+\+?\})$")


def resource(ctx: RequestContext, api_id: str, resource_id: str) -> Doc:
    """The Resource document; NotFoundException for the API or the resource."""
    return get_doc(ctx, "resource", api_id, resource_id, "Resource")


def _is_variable(part: str) -> bool:
    return part.startswith("{")


def shown(doc: Doc, embed: list[str] | None) -> Doc:
    """The Resource as GetResource(s) answer it."""
    out = public(doc)
    methods = out.get("resourceMethods")
    if methods is not None and "methods" not in (embed or []):
        out["resourceMethods"] = {verb: {} for verb in methods}
    return out


def _check_part(ctx: RequestContext, api_id: str, parent: Doc, part: str,
                exclude: str = "") -> None:
    if not _PART.match(part):
        raise BadRequestException(
            "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning"
            " and the end and an optional plus sign before the closing brace."
        )
    if str(parent.get("pathPart", "")).endswith("+}"):
        raise BadRequestException(
            f"Cannot create a child of a resource with a greedy path variable: "
            f"{parent['pathPart']}"
        )
    for sibling in store(ctx).list("resource", api_id):
        if sibling.get("parentId") != parent["id"] or sibling["id"] == exclude:
            continue
        if sibling.get("pathPart") == part:
            raise ConflictException(
                f"Another resource with the same parent already has this name: {part}"
            )
        if _is_variable(part) and _is_variable(str(sibling.get("pathPart", ""))):
            raise BadRequestException(
                f"A sibling ({sibling['pathPart']}) of this resource already has a variable"
                " path part -- only one is allowed"
            )


def _join(parent_path: str, part: str) -> str:
    return f"{parent_path.rstrip('/')}/{part}"


@rest_service.operation("CreateResource")
def create_resource(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """A child of ``parentId`` (201)."""
    api_id = req["restApiId"]
    parent = resource(ctx, api_id, req["parentId"])
    part = req["pathPart"]
    _check_part(ctx, api_id, parent, part)
    doc: Doc = {"id": new_id(6), "parentId": parent["id"], "pathPart": part,
                "path": _join(parent["path"], part)}
    store(ctx).put("resource", api_id, doc["id"], doc)
    return public(doc)


@rest_service.operation("GetResource")
def get_resource(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """https://docs.aws.amazon.com/apigateway/latest/api/API_GetResource.html"""
    return shown(resource(ctx, req["restApiId"], req["resourceId"]), req.get("embed"))


@rest_service.operation("GetResources")
def get_resources(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """Every resource of the API, paged."""
    api_id = rest_api(ctx, req["restApiId"])["id"]
    docs = [shown(d, req.get("embed")) for d in store(ctx).list("resource", api_id)]
    return page(docs, req)


def _descendants(ctx: RequestContext, api_id: str, root_id: str) -> list[Doc]:
    docs = store(ctx).list("resource", api_id)
    found: list[Doc] = []
    frontier = {root_id}
    while frontier:
        children = [d for d in docs if d.get("parentId") in frontier]
        found.extend(children)
        frontier = {d["id"] for d in children}
    return found


@rest_service.operation("DeleteResource")
def delete_resource(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    """Delete the resource and its descendants (202)."""
    api_id = req["restApiId"]
    doc = resource(ctx, api_id, req["resourceId"])
    if "parentId" not in doc:
        raise BadRequestException("Cannot delete the root resource")
    db = store(ctx)
    with db.write():
        for child in _descendants(ctx, api_id, doc["id"]):
            db.delete("resource", api_id, child["id"])
        db.delete("resource", api_id, doc["id"])
    return {}


_UPDATABLE = patch.Rules(replace=("/pathPart", "/parentId"))


@rest_service.operation("UpdateResource")
def update_resource(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """Rename (``/pathPart``) or move (``/parentId``) a resource; the paths of it and its
    descendants follow.
    https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateResource.html
    """
    api_id = req["restApiId"]
    doc = resource(ctx, api_id, req["resourceId"])
    if "parentId" not in doc:
        raise BadRequestException("Cannot update the root resource")
    patch.apply(doc, req.get("patchOperations") or [], _UPDATABLE)
    parent = resource(ctx, api_id, doc["parentId"])
    below = _descendants(ctx, api_id, doc["id"])
    if parent["id"] == doc["id"] or parent["id"] in {d["id"] for d in below}:
        raise BadRequestException("Cannot move a resource below itself")
    _check_part(ctx, api_id, parent, doc["pathPart"], exclude=doc["id"])
    doc["path"] = _join(parent["path"], doc["pathPart"])
    paths = {doc["id"]: doc["path"]}
    db = store(ctx)
    with db.write():
        db.put("resource", api_id, doc["id"], doc)
        for child in below:  # parents come before their children in ``_descendants``
            child["path"] = _join(paths[child["parentId"]], child["pathPart"])
            paths[child["id"]] = child["path"]
            db.put("resource", api_id, child["id"], child)
    return shown(doc, ["methods"])
