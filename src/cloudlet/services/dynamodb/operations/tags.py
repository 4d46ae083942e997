"""Tags of tables: TagResource, UntagResource, ListTagsOfResource.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Tagging.html
- Up to 50 tags per resource; a tag key set again replaces its value.
- The resource is named by its table ARN (an index ARN names the table's tags too).
- An ARN of no table: ResourceNotFoundException, "Requested resource not found:
  ResourcArn: <arn> not found" (DynamoDB's spelling) from TagResource and
  ListTagsOfResource, a bare "Requested resource not found" from UntagResource.
"""

from __future__ import annotations

from cloudlet.server.context import RequestContext
from cloudlet.server.errors import AccessDeniedException
from cloudlet.server.service import NoOutput
from cloudlet.services.dynamodb.backend import DynamoBackend
from cloudlet.services.dynamodb.errors import (
    LimitExceededException,
    ResourceNotFoundException,
    ValidationException,
)
from cloudlet.services.dynamodb.registry import backends, service
from cloudlet.services.dynamodb.shapes import (
    ListTagsOfResourceInput,
    ListTagsOfResourceOutput,
    TagResourceInput,
    UntagResourceInput,
)
from cloudlet.services.dynamodb.table import Table

MAX_TAGS = 50


def _table_of(ctx: RequestContext, backend: DynamoBackend, arn: str,
              name_arn: bool = True) -> Table:
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "dynamodb" or "/" not in parts[5]:
        raise ValidationException(f"Invalid TableArn: Invalid ResourceArn provided as input {arn}")
    if parts[3] != ctx.region or parts[4] != ctx.account:
        raise AccessDeniedException(
            f"User: arn:aws:iam::{ctx.account}:root is not authorized to perform this "
            f"operation on resource: {arn}")
    resource = parts[5].split("/")
    if resource[0] != "table" or len(resource) < 2:
        raise ValidationException(f"Invalid TableArn: Invalid ResourceArn provided as input {arn}")
    table = backend.tables.get(resource[1])
    if table is None:
        if not name_arn:
            raise ResourceNotFoundException()
        raise ResourceNotFoundException(f"Requested resource not found: ResourcArn: {arn} not found")
    return table


@service.operation("TagResource")
def tag_resource(ctx: RequestContext, req: TagResourceInput) -> NoOutput:
    """https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TagResource.html"""
    backend = backends.of(ctx)
    table = _table_of(ctx, backend, req["ResourceArn"])
    tags = dict(table.tags)
    for tag in req["Tags"]:
        tags[tag["Key"]] = tag["Value"]
    if len(tags) > MAX_TAGS:
        raise LimitExceededException(
            "One or more parameter values were invalid: The number of tags exceeds the limit "
            f"of {MAX_TAGS}")
    table.tags = tags
    with backend.transaction():
        backend.save_table(table)
    return {}


@service.operation("UntagResource")
def untag_resource(ctx: RequestContext, req: UntagResourceInput) -> NoOutput:
    """https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UntagResource.html"""
    backend = backends.of(ctx)
    table = _table_of(ctx, backend, req["ResourceArn"], name_arn=False)
    for key in req["TagKeys"]:
        table.tags.pop(key, None)
    with backend.transaction():
        backend.save_table(table)
    return {}


@service.operation("ListTagsOfResource")
def list_tags(ctx: RequestContext, req: ListTagsOfResourceInput) -> ListTagsOfResourceOutput:
    """https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListTagsOfResource.html"""
    backend = backends.of(ctx)
    table = _table_of(ctx, backend, req["ResourceArn"])
    return {"Tags": [{"Key": k, "Value": v} for k, v in table.tags.items()]}
