"""What the API Gateway providers share: CloudFormation's PascalCase members as the REST
API's camelCase ones, OpenAPI bodies from ``Body`` or ``BodyS3Location``, the resource
ARNs that tags hang on, and JSON-Patch operations for the ``Update*`` calls.

https://docs.aws.amazon.com/apigateway/latest/api/patch-operations.html
- REST API (v1) updates are lists of ``{op, path, value}``; a ``/`` inside a path
  segment is written ``~1``; values are strings.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterable, Iterable, Mapping
from typing import Any, ClassVar

from cloudlet.cloudformation.providers.base import (
    Outcome,
    Provider,
    ProviderError,
    ResourceContext,
    ignore_missing,
)
from cloudlet.cloudformation.providers.tagging import resource_tags, tag_changes

Patch = list[dict[str, str]]


def camel(name: str) -> str:
    """``RestApiId`` -> ``restApiId`` (the REST API's member names)."""
    return name[:1].lower() + name[1:]


def members(props: Mapping[str, Any], names: Iterable[str],
            rename: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The given ``props`` present (not None) under their camelCase (or ``rename``d) names."""
    out: dict[str, Any] = {}
    for name in names:
        if props.get(name) is not None:
            out[(rename or {}).get(name) or camel(name)] = props[name]
    return out


def given(props: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """The given ``props`` present (not None) under their own names (the HTTP API's)."""
    return {name: props[name] for name in names if props.get(name) is not None}


def camel_tree(value: Any) -> Any:
    """A nested CloudFormation value with every dict key camelCased (for structures such as
    EndpointConfiguration, whose members are the API's with a capital letter)."""
    if isinstance(value, dict):
        return {camel(k): camel_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [camel_tree(v) for v in value]
    return value


def as_json_text(value: Any) -> str:
    """A property CloudFormation takes as JSON object or text (Policy, Schema, Body)."""
    return value if isinstance(value, str) else json.dumps(value)


def escape(segment: str) -> str:
    """A value used as a patch path segment (``/`` as ``~1``, ``~`` as ``~0``)."""
    return segment.replace("~", "~0").replace("/", "~1")


def text(value: Any) -> str:
    """A patch value: booleans as ``true``/``false``, the rest as text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def replace_changed(old: Mapping[str, Any], new: Mapping[str, Any],
                    paths: Mapping[str, str], *, removable: Iterable[str] = ()) -> Patch:
    """``replace`` operations for each property of ``paths`` (property -> patch path) whose
    value changed; a removed one in ``removable`` is a ``remove``, another goes back to ""."""
    ops: Patch = []
    can_remove = set(removable)
    for name, path in paths.items():
        if old.get(name) == new.get(name):
            continue
        if new.get(name) is None:
            ops.append({"op": "remove", "path": path} if name in can_remove
                       else {"op": "replace", "path": path, "value": ""})
        else:
            ops.append({"op": "replace", "path": path, "value": text(new[name])})
    return ops


def endpoint_type_ops(old: Mapping[str, Any], new: Mapping[str, Any]) -> Patch:
    """The operation changing an API's or domain's endpoint type (``EndpointConfiguration``
    ``Types``, EDGE when not given), if it changed."""
    before = (old.get("EndpointConfiguration") or {}).get("Types") or ["EDGE"]
    after = (new.get("EndpointConfiguration") or {}).get("Types") or ["EDGE"]
    if before == after:
        return []
    return [{"op": "replace", "path": f"/endpointConfiguration/types/{before[0]}",
             "value": after[0]}]


def map_changes(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None,
                prefix: str) -> Patch:
    """Operations turning map ``old`` into ``new`` under ``prefix`` (``/variables``)."""
    old, new = old or {}, new or {}
    ops: Patch = [{"op": "replace", "path": f"{prefix}/{escape(k)}", "value": text(v)}
                  for k, v in new.items() if old.get(k) != v]
    ops += [{"op": "remove", "path": f"{prefix}/{escape(k)}"} for k in old if k not in new]
    return ops


def set_changes(old: Iterable[str] | None, new: Iterable[str] | None, path: str,
                *, in_path: bool = True) -> Patch:
    """``add`` / ``remove`` operations for a list used as a set: each item as a path
    segment (``/binaryMediaTypes/image~1png``) or, without ``in_path``, as the value."""
    before, after = list(old or ()), list(new or ())
    ops: Patch = []
    for op, items in (("remove", [i for i in before if i not in after]),
                      ("add", [i for i in after if i not in before])):
        for item in items:
            ops.append({"op": op, "path": f"{path}/{escape(item)}"} if in_path
                       else {"op": op, "path": path, "value": item})
    return ops


async def _read_stream(body: Any) -> bytes:
    if isinstance(body, bytes | bytearray):
        return bytes(body)
    if isinstance(body, str):
        return body.encode()
    if isinstance(body, AsyncIterable):
        return b"".join([chunk async for chunk in body])
    if isinstance(body, Iterable):
        return b"".join(body)
    raise ProviderError("BodyS3Location: unreadable object body")


async def definition(ctx: ResourceContext, props: Mapping[str, Any]) -> bytes | None:
    """The OpenAPI definition ``Body`` (object or text) or ``BodyS3Location``
    (``Bucket``, ``Key``, optional ``Version``; read through S3 GetObject) gives, or None."""
    if props.get("Body") is not None:
        return as_json_text(props["Body"]).encode()
    where = props.get("BodyS3Location")
    if not where:
        return None
    params: dict[str, Any] = {"Bucket": where["Bucket"], "Key": where["Key"]}
    if where.get("Version"):
        params["VersionId"] = where["Version"]
    if where.get("ETag"):
        params["IfMatch"] = where["ETag"]
    out = await ctx.call("s3", "GetObject", params)
    return await _read_stream(out.get("Body"))


def definition_changed(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """Whether the template's definition changed (``Body`` or ``BodyS3Location``; an S3
    object changed in place is not a change, as in CloudFormation)."""
    return any(old.get(k) != new.get(k) for k in ("Body", "BodyS3Location"))


def below(ctx: ResourceContext, id_member: str, parent: str = "RestApiId") -> dict[str, Any]:
    """The key of a resource that lives below another (a REST API, a usage plan): the
    ``parent`` property under its camelCase name and the physical id as ``id_member``."""
    return {camel(parent): ctx.properties[parent], id_member: ctx.physical_id}


async def patch(ctx: ResourceContext, operation: str, key: Mapping[str, Any], ops: Patch,
                *, service: str = "apigateway") -> None:
    """An ``Update*`` call for the resource ``key`` names, when there is anything to patch."""
    if ops:
        await ctx.call(service, operation, {**key, "patchOperations": ops})


async def remove(ctx: ResourceContext, operation: str, key: Mapping[str, Any],
                 *, service: str = "apigateway") -> None:
    """A ``Delete*`` call for the resource ``key`` names; one already gone counts as deleted."""
    await ignore_missing(lambda: ctx.call(service, operation, dict(key)))


def made(physical: str, attribute: str | None = None) -> Outcome:
    """A resource's outcome whose id is also its ``attribute`` (``Fn::GetAtt``), if any."""
    return Outcome(physical, {attribute: physical} if attribute else {})


def kept(ctx: ResourceContext, attribute: str | None = None) -> Outcome:
    """The outcome of an update in place: the same physical id (also as ``attribute``)."""
    return made(str(ctx.physical_id), attribute)


class Child(Provider):
    """A REST API resource below another that every change replaces: made by
    ``Create{kind}`` from all its (required) properties as camelCase members, ``Ref`` its
    id (also the ``attribute``), deleted by ``Delete{kind}`` with ``parent`` and the id as
    ``id_member``."""

    kind: ClassVar[str]
    parent: ClassVar[str]
    id_member: ClassVar[str]
    attribute: ClassVar[str]

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        out = await ctx.call("apigateway", f"Create{self.kind}",
                             {camel(name): props[name] for name in sorted(self.properties)})
        return made(out["id"], self.attribute)

    async def delete(self, ctx: ResourceContext) -> None:
        await remove(ctx, f"Delete{self.kind}", below(ctx, self.id_member, self.parent))


def rest_arn(ctx: ResourceContext, path: str) -> str:
    """The ARN API Gateway tags a resource by: ``arn:aws:apigateway:{region}::{path}``."""
    return f"arn:aws:apigateway:{ctx.region}::{path}"


async def retag(ctx: ResourceContext, service: str, arn: str, *,
                keys: tuple[str, str, str] = ("resourceArn", "tags", "tagKeys")) -> None:
    """Bring a resource's tags from the previous properties' to the current ones (the
    stack's tags merged in; ``aws:`` keys left to the service's create call)."""
    arn_key, tags_key, keys_key = keys
    old = tag_map(ctx, (ctx.previous or {}).get("Tags"), system=False)
    new = tag_map(ctx, ctx.properties.get("Tags"), system=False)
    to_set, to_remove = tag_changes(old, new)
    if to_set:
        await ctx.call(service, "TagResource", {arn_key: arn, tags_key: to_set})
    if to_remove:
        await ctx.call(service, "UntagResource", {arn_key: arn, keys_key: to_remove})


def tag_map(ctx: ResourceContext, tags: Any, *, system: bool = True) -> dict[str, str]:
    """Tags for a create call: the stack's and the resource's (a list of Key/Value, or for
    HTTP APIs a map), with CloudFormation's own ``aws:cloudformation:*`` ones unless
    ``system`` is false."""
    if isinstance(tags, dict):
        base = ctx.resource_tags() if system else dict(ctx.stack_tags)
        return {**base, **{str(k): str(v) for k, v in tags.items()}}
    return resource_tags(ctx, tags, system=system)
