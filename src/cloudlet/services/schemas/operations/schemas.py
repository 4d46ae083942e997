"""Schemas and their versions: CreateSchema, UpdateSchema, DescribeSchema, ListSchemas,
ListSchemaVersions, SearchSchemas, DeleteSchema, DeleteSchemaVersion.

https://docs.aws.amazon.com/eventbridge/latest/schema-reference/v1-registries-name-registryname-schemas-name-schemaname.html
- CreateSchema makes version ``1``; each UpdateSchema that changes the content or type
  makes the next version (``2``, ``3``, ...; numbers are never reused); one that changes
  only the description keeps the version; one that changes nothing is ConflictException
  "No change since the previous version".
- DescribeSchema answers the latest version, or ``SchemaVersion``; a missing registry,
  schema or version is NotFoundException (404).
- ListSchemaVersions lists the kept versions oldest first; DeleteSchemaVersion removes one
  (not the only one: delete the schema instead).
- SearchSchemas finds the schemas whose name or content contains the keyword (case
  insensitive), with every version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.server.service import NoOutput
from cloudlet.services.schemas.content import (
    checked_content,
    checked_schema_name,
    checked_tags,
    page,
)
from cloudlet.services.schemas.errors import (
    BadRequestException,
    ConflictException,
    schema_not_found,
    version_not_found,
)
from cloudlet.services.schemas.operations.registries import existing
from cloudlet.services.schemas.registry import schema_arn, service, store

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext


def _schema(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    existing(ctx, req["RegistryName"])
    found = store(ctx).schema(req["RegistryName"], req["SchemaName"])
    if found is None:
        raise schema_not_found(req["SchemaName"])
    return found


def _version(doc: dict[str, Any], wanted: str | None) -> dict[str, Any]:
    if not wanted:
        return dict(doc["versions"][-1])
    for version in doc["versions"]:
        if version["SchemaVersion"] == wanted:
            return dict(version)
    raise version_not_found(doc["SchemaName"], wanted)


def _out(ctx: RequestContext, registry: str, doc: dict[str, Any], version: dict[str, Any],
         *, content: bool = False) -> dict[str, Any]:
    out = {"SchemaName": doc["SchemaName"], "SchemaArn": schema_arn(ctx, registry,
                                                                     doc["SchemaName"]),
           "SchemaVersion": version["SchemaVersion"], "Type": version["Type"],
           "VersionCreatedDate": version["VersionCreatedDate"],
           "LastModified": doc["LastModified"], "Tags": doc.get("Tags", {})}
    if doc.get("Description") is not None:
        out["Description"] = doc["Description"]
    if content:
        out["Content"] = version["Content"]
    return out


def _new_version(doc: dict[str, Any], content: str, schema_type: str, now: float,
                 ) -> dict[str, Any]:
    version = {"SchemaVersion": str(doc["next"]), "Content": content, "Type": schema_type,
               "VersionCreatedDate": now}
    doc["next"] += 1
    doc["versions"].append(version)
    doc["LastModified"] = now
    return version


@service.operation("CreateSchema")
def create_schema(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    registry = existing(ctx, req["RegistryName"])["RegistryName"]
    name = checked_schema_name(req["SchemaName"])
    if store(ctx).schema(registry, name) is not None:
        raise ConflictException(f"Schema with name {name} already exists.")
    content = checked_content(req["Content"], req["Type"])
    doc: dict[str, Any] = {"SchemaName": name, "Description": req.get("Description"),
                           "Tags": checked_tags(req.get("Tags") or {}), "next": 1,
                           "versions": []}
    version = _new_version(doc, content, req["Type"], ctx.state.clock.now())
    store(ctx).put_schema(registry, name, doc)
    return _out(ctx, registry, doc, version)


@service.operation("UpdateSchema")
def update_schema(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = _schema(ctx, req)
    latest = _version(doc, None)
    schema_type = req.get("Type") or latest["Type"]
    content = req.get("Content") or latest["Content"]
    now = ctx.state.clock.now()
    if (content, schema_type) != (latest["Content"], latest["Type"]):
        latest = _new_version(doc, checked_content(content, schema_type), schema_type, now)
    elif "Description" in req and req["Description"] != doc.get("Description"):
        doc["LastModified"] = now
    else:
        raise ConflictException("No change since the previous version.")
    if "Description" in req:
        doc["Description"] = req["Description"]
    store(ctx).put_schema(req["RegistryName"], doc["SchemaName"], doc)
    return _out(ctx, req["RegistryName"], doc, latest)


@service.operation("DescribeSchema")
def describe_schema(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = _schema(ctx, req)
    return _out(ctx, req["RegistryName"], doc, _version(doc, req.get("SchemaVersion")),
                content=True)


@service.operation("ListSchemas")
def list_schemas(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    registry = existing(ctx, req["RegistryName"])["RegistryName"]
    items, token = page(store(ctx).schemas(registry, req.get("SchemaNamePrefix") or ""), req)
    out: dict[str, Any] = {"Schemas": [
        {"SchemaName": d["SchemaName"], "SchemaArn": schema_arn(ctx, registry, d["SchemaName"]),
         "LastModified": d["LastModified"], "Tags": d.get("Tags", {}),
         "VersionCount": len(d["versions"])} for d in items]}
    if token:
        out["NextToken"] = token
    return out


@service.operation("ListSchemaVersions")
def list_schema_versions(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = _schema(ctx, req)
    arn = schema_arn(ctx, req["RegistryName"], doc["SchemaName"])
    items, token = page(doc["versions"], req)
    out: dict[str, Any] = {"SchemaVersions": [
        {"SchemaName": doc["SchemaName"], "SchemaArn": arn, "SchemaVersion": v["SchemaVersion"],
         "Type": v["Type"]} for v in items]}
    if token:
        out["NextToken"] = token
    return out


@service.operation("SearchSchemas")
def search_schemas(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    registry = existing(ctx, req["RegistryName"])["RegistryName"]
    keyword = req["Keywords"].lower()
    found = [d for d in store(ctx).schemas(registry)
             if keyword in d["SchemaName"].lower()
             or any(keyword in v["Content"].lower() for v in d["versions"])]
    items, token = page(found, req)
    out: dict[str, Any] = {"Schemas": [
        {"RegistryName": registry, "SchemaName": d["SchemaName"],
         "SchemaArn": schema_arn(ctx, registry, d["SchemaName"]),
         "SchemaVersions": [{"SchemaVersion": v["SchemaVersion"], "Type": v["Type"],
                             "CreatedDate": v["VersionCreatedDate"]} for v in d["versions"]]}
        for d in items]}
    if token:
        out["NextToken"] = token
    return out


@service.operation("DeleteSchema")
def delete_schema(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = _schema(ctx, req)
    store(ctx).delete_schema(req["RegistryName"], doc["SchemaName"])
    return {}


@service.operation("DeleteSchemaVersion")
def delete_schema_version(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = _schema(ctx, req)
    wanted = _version(doc, req["SchemaVersion"])["SchemaVersion"]
    if len(doc["versions"]) == 1:
        raise BadRequestException(
            f"Version {wanted} is the only version of schema {doc['SchemaName']}: delete the"
            " schema instead.")
    doc["versions"] = [v for v in doc["versions"] if v["SchemaVersion"] != wanted]
    store(ctx).put_schema(req["RegistryName"], doc["SchemaName"], doc)
    return {}
