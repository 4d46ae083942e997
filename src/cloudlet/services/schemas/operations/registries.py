"""Registries: CreateRegistry, DescribeRegistry, ListRegistries, UpdateRegistry, DeleteRegistry.

https://docs.aws.amazon.com/eventbridge/latest/schema-reference/v1-registries-name-registryname.html
- A name is unique in the account and region: ConflictException (409) when it exists,
  NotFoundException (404) when it does not.
- DeleteRegistry refuses a registry that still holds schemas (BadRequestException).
- ListRegistries filters by RegistryNamePrefix and Scope (``LOCAL``: the account's own,
  ``AWS``: AWS's, of which cloudlet has none) and pages with Limit/NextToken.

LIMITATIONS: AWS's own registries (``aws.events``, ``discovered-schemas``) do not exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.server.service import NoOutput
from cloudlet.services.schemas.content import checked_registry_name, checked_tags, page
from cloudlet.services.schemas.errors import (
    BadRequestException,
    ConflictException,
    registry_not_found,
)
from cloudlet.services.schemas.registry import registry_arn, service, store

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext


def existing(ctx: RequestContext, name: str) -> dict[str, Any]:
    """The registry ``name``; NotFoundException."""
    found = store(ctx).registry(name)
    if found is None:
        raise registry_not_found(name)
    return found


def _out(ctx: RequestContext, doc: dict[str, Any]) -> dict[str, Any]:
    out = {"RegistryName": doc["RegistryName"],
           "RegistryArn": registry_arn(ctx, doc["RegistryName"]), "Tags": doc.get("Tags", {})}
    if doc.get("Description") is not None:
        out["Description"] = doc["Description"]
    return out


@service.operation("CreateRegistry")
def create_registry(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name = checked_registry_name(req["RegistryName"])
    if store(ctx).registry(name) is not None:
        raise ConflictException(f"Registry with name {name} already exists.")
    doc = {"RegistryName": name, "Description": req.get("Description"),
           "Tags": checked_tags(req.get("Tags") or {})}
    store(ctx).put_registry(name, doc)
    return _out(ctx, doc)


@service.operation("DescribeRegistry")
def describe_registry(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _out(ctx, existing(ctx, req["RegistryName"]))


@service.operation("UpdateRegistry")
def update_registry(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = existing(ctx, req["RegistryName"])
    if "Description" in req:
        doc["Description"] = req["Description"]
    store(ctx).put_registry(doc["RegistryName"], doc)
    return _out(ctx, doc)


@service.operation("DeleteRegistry")
def delete_registry(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    name = existing(ctx, req["RegistryName"])["RegistryName"]
    if store(ctx).has_schemas(name):
        raise BadRequestException(
            f"Registry {name} cannot be deleted because it contains schemas.")
    store(ctx).delete_registry(name)
    return {}


@service.operation("ListRegistries")
def list_registries(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope = req.get("Scope")
    if scope not in (None, "LOCAL", "AWS"):
        raise BadRequestException(f"Invalid Scope {scope}: it must be LOCAL or AWS.")
    found = [] if scope == "AWS" else store(ctx).registries(req.get("RegistryNamePrefix") or "")
    items, token = page(found, req)
    out: dict[str, Any] = {"Registries": [
        {"RegistryName": d["RegistryName"], "RegistryArn": registry_arn(ctx, d["RegistryName"]),
         "Tags": d.get("Tags", {})} for d in items]}
    if token:
        out["NextToken"] = token
    return out
