"""Tags on registries and schemas: TagResource, UntagResource, ListTagsForResource.

https://docs.aws.amazon.com/eventbridge/latest/schema-reference/tags-resource-arn.html
- The resource is a registry ARN (``arn:aws:schemas:REGION:ACCOUNT:registry/NAME``) or a
  schema ARN (``...:schema/REGISTRY/NAME``) of the caller's account and region; another
  ARN is BadRequestException, a missing resource NotFoundException. At most 50 tags.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.server.service import NoOutput
from cloudlet.server.tags import merged, without
from cloudlet.services.schemas.content import checked_tags
from cloudlet.services.schemas.errors import (
    BadRequestException,
    registry_not_found,
    schema_not_found,
)
from cloudlet.services.schemas.registry import service, store

if TYPE_CHECKING:
    from collections.abc import Callable

    from cloudlet.server.context import RequestContext


def _resource(ctx: RequestContext, arn: str,
              ) -> tuple[dict[str, Any], Callable[[dict[str, Any]], None]]:
    """The tagged document and how to store it back."""
    prefix = f"arn:aws:schemas:{ctx.region}:{ctx.account}:"
    kind, _, path = arn.removeprefix(prefix).partition("/")
    if not arn.startswith(prefix) or not path:
        raise BadRequestException(f"Invalid ResourceArn {arn}.")
    backend = store(ctx)
    if kind == "registry":
        registry = backend.registry(path)
        if registry is None:
            raise registry_not_found(path)
        return registry, lambda doc: backend.put_registry(path, doc)
    registry_name, _, name = path.partition("/")
    if kind != "schema" or not name:
        raise BadRequestException(f"Invalid ResourceArn {arn}.")
    schema = backend.schema(registry_name, name)
    if schema is None:
        raise schema_not_found(name)
    return schema, lambda doc: backend.put_schema(registry_name, name, doc)


@service.operation("TagResource")
def tag_resource(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc, save = _resource(ctx, req["ResourceArn"])
    doc["Tags"] = checked_tags(merged(doc.get("Tags"), req["Tags"]))
    save(doc)
    return {}


@service.operation("UntagResource")
def untag_resource(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc, save = _resource(ctx, req["ResourceArn"])
    doc["Tags"] = without(doc.get("Tags"), req["TagKeys"])
    save(doc)
    return {}


@service.operation("ListTagsForResource")
def list_tags_for_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc, _ = _resource(ctx, req["ResourceArn"])
    return {"Tags": doc.get("Tags", {})}
