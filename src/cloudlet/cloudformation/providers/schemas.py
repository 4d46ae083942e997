"""AWS::EventSchemas::Registry and AWS::EventSchemas::Schema: an EventBridge schema
registry and a schema in it.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-eventschemas-registry.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-eventschemas-schema.html
- Registry: ``Ref`` is the registry's ARN; ``Fn::GetAtt`` gives ``RegistryArn`` and
  ``RegistryName``. A generated name is ``{stack}-{logical id}-{13 random}`` (64 at most).
  Description and Tags update in place; a new RegistryName replaces.
- Schema: ``Ref`` is the schema's ARN; ``Fn::GetAtt`` gives ``SchemaArn``, ``SchemaName``,
  ``SchemaVersion``, ``LastModified`` and ``VersionCreatedDate``. Content (JSON text, or
  an object written as JSON), Type and Description update in place (a content change is a
  new version); a new RegistryName or SchemaName replaces.
- Tags (``[{Key, Value}]``) carry the stack's tags; CloudFormation's own
  ``aws:cloudformation:*`` tags are left out (the service refuses ``aws:`` keys).
"""

from __future__ import annotations

import json
from typing import Any

from cloudlet.cloudformation.providers.base import (
    Outcome,
    Provider,
    ResourceContext,
    ignore_missing,
    provider,
)
from cloudlet.cloudformation.providers.tagging import resource_tags, tag_changes


async def _retag(ctx: ResourceContext, arn: str) -> None:
    old = resource_tags(ctx, (ctx.previous or {}).get("Tags"), system=False)
    to_set, to_remove = tag_changes(old, resource_tags(ctx, ctx.properties.get("Tags"),
                                                       system=False))
    if to_remove:
        await ctx.call("schemas", "UntagResource", {"ResourceArn": arn, "TagKeys": to_remove})
    if to_set:
        await ctx.call("schemas", "TagResource", {"ResourceArn": arn, "Tags": to_set})


@provider
class Registry(Provider):
    """A registry (CreateRegistry, UpdateRegistry, tags, DeleteRegistry)."""

    type_name = "AWS::EventSchemas::Registry"
    properties = frozenset({"RegistryName", "Description", "Tags"})
    replaces = frozenset({"RegistryName"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        name = props.get("RegistryName") or ctx.physical_name(max_length=64)
        params: dict[str, Any] = {"RegistryName": name,
                                  "Tags": resource_tags(ctx, props.get("Tags"), system=False)}
        if props.get("Description") is not None:
            params["Description"] = props["Description"]
        out = await ctx.call("schemas", "CreateRegistry", params)
        return Outcome(out["RegistryArn"], {"RegistryArn": out["RegistryArn"],
                                            "RegistryName": name})

    async def update(self, ctx: ResourceContext) -> Outcome:
        name = ctx.attributes["RegistryName"]
        await ctx.call("schemas", "UpdateRegistry", {
            "RegistryName": name, "Description": ctx.properties.get("Description") or ""})
        await _retag(ctx, str(ctx.physical_id))
        return Outcome(str(ctx.physical_id), dict(ctx.attributes))

    async def delete(self, ctx: ResourceContext) -> None:
        name = ctx.attributes.get("RegistryName") or str(ctx.physical_id).rpartition("/")[2]
        await ignore_missing(lambda: ctx.call("schemas", "DeleteRegistry",
                                              {"RegistryName": name}), "NotFoundException")


def _content(props: dict[str, Any]) -> str:
    content = props["Content"]
    return content if isinstance(content, str) else json.dumps(content)


def _attributes(out: dict[str, Any]) -> dict[str, Any]:
    return {name: out[name] for name in ("SchemaArn", "SchemaName", "SchemaVersion",
                                         "LastModified", "VersionCreatedDate")}


@provider
class Schema(Provider):
    """A schema (CreateSchema, UpdateSchema, tags, DeleteSchema)."""

    type_name = "AWS::EventSchemas::Schema"
    properties = frozenset({"RegistryName", "SchemaName", "Type", "Content", "Description",
                            "Tags"})
    replaces = frozenset({"RegistryName", "SchemaName"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        name = props.get("SchemaName") or ctx.physical_name(max_length=385)
        params: dict[str, Any] = {
            "RegistryName": props["RegistryName"], "SchemaName": name, "Type": props["Type"],
            "Content": _content(props),
            "Tags": resource_tags(ctx, props.get("Tags"), system=False)}
        if props.get("Description") is not None:
            params["Description"] = props["Description"]
        out = await ctx.call("schemas", "CreateSchema", params)
        return Outcome(out["SchemaArn"], {**_attributes(out),
                                          "RegistryName": props["RegistryName"]})

    async def update(self, ctx: ResourceContext) -> Outcome:
        props, old = ctx.properties, ctx.previous or {}
        registry, name = ctx.attributes["RegistryName"], ctx.attributes["SchemaName"]
        params: dict[str, Any] = {"RegistryName": registry, "SchemaName": name,
                                  "Type": props["Type"], "Content": _content(props),
                                  "Description": props.get("Description") or ""}
        changed = (_content(props), props["Type"], props.get("Description") or "") != \
            (_content(old), old.get("Type"), old.get("Description") or "")
        attributes = dict(ctx.attributes)
        if changed:
            out = await ctx.call("schemas", "UpdateSchema", params)
            attributes.update(_attributes(out))
        await _retag(ctx, str(ctx.physical_id))
        return Outcome(str(ctx.physical_id), attributes)

    async def delete(self, ctx: ResourceContext) -> None:
        registry = ctx.attributes.get("RegistryName") or ctx.properties.get("RegistryName")
        name = ctx.attributes.get("SchemaName") or str(ctx.physical_id).rpartition("/")[2]
        await ignore_missing(lambda: ctx.call("schemas", "DeleteSchema", {
            "RegistryName": registry, "SchemaName": name}), "NotFoundException")
