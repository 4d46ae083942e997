"""Item operations: PutItem, GetItem, UpdateItem, DeleteItem.

The writes go through ``backend.changes()``: concurrent ones share one commit
(``write_group``), and each is answered once its commit is done."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.metrics import standard
from cloudlet.server.context import RequestContext
from cloudlet.server.protocols.base import fragments_ok
from cloudlet.services.dynamodb.capacity import Consumed, read_units, wants, write_units
from cloudlet.services.dynamodb.errors import ConditionalCheckFailedException
from cloudlet.services.dynamodb.item_collections import collection_metrics, wants_metrics
from cloudlet.services.dynamodb.params import (
    apply_update,
    check_return_values,
    check_update_keys,
    compile_expressions,
    creates_nothing,
    prepare_key,
    prepare_put,
    updated_values,
)
from cloudlet.services.dynamodb.registry import backends, service
from cloudlet.services.dynamodb.shapes import (
    DeleteItemInput,
    DeleteItemOutput,
    GetItemInput,
    GetItemOutput,
    PutItemInput,
    PutItemOutput,
    UpdateItemInput,
    UpdateItemOutput,
)
from cloudlet.services.dynamodb.values import Item, item_size

if TYPE_CHECKING:
    from cloudlet.services.dynamodb.backend import Writer
    from cloudlet.services.dynamodb.expressions import Condition
    from cloudlet.services.dynamodb.table import Table
    from cloudlet.services.dynamodb.write_group import Changes


def condition_failed(req: Mapping[str, Any], old: Item | None) -> ConditionalCheckFailedException:
    """ConditionalCheckFailedException, with the item when ReturnValuesOnConditionCheckFailure
    is ALL_OLD."""
    if req.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and old is not None:
        return ConditionalCheckFailedException(Item=old)
    return ConditionalCheckFailedException()


def read_checked(writer: Writer | Changes, table: Table, h: bytes, r: bytes,
                 condition: Condition | None, req: Mapping[str, Any]) -> Item | None:
    """The item stored under the key, once the request's condition holds for it
    (ConditionalCheckFailedException otherwise)."""
    old = writer.read(table, h, r)
    if condition is not None and not condition.evaluate(old):
        raise condition_failed(req, old)
    return old


def replaced_matters(table: Table) -> bool:
    """Whether writing an item needs the item it replaces (its index rows to delete, its
    stream record's old image and event name); otherwise a put need not read it."""
    stream = table.stream
    return bool(table.indexes) or (stream is not None and stream.enabled)


def _answer(out: PutItemOutput, consumed: Consumed | None, mode: str | None) -> PutItemOutput:
    if consumed is not None:
        out["ConsumedCapacity"] = consumed.report(mode)
    return out


@service.operation("PutItem")
async def put_item(ctx: RequestContext, req: PutItemInput) -> PutItemOutput:
    """Write one item, replacing any item with the same key.

    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html
    - If ConditionExpression (or Expected) is false for the current item, nothing is
      written and ConditionalCheckFailedException (400) is raised.
    - ReturnValues may be NONE or ALL_OLD.
    - ReturnItemCollectionMetrics=SIZE on a table with an LSI: ItemCollectionMetrics.
    """
    backend = backends.of(ctx)
    table = backend.table(req["TableName"])
    mode = check_return_values(req.get("ReturnValues"), ("NONE", "ALL_OLD"))
    expressions = compile_expressions(req, condition=True)
    put = prepare_put(table, req["Item"])
    capacity = wants(req)
    consumed = Consumed(table.name) if capacity else None
    async with backend.changes() as changes:
        old = None
        if (expressions.condition is not None or mode == "ALL_OLD" or consumed is not None
                or replaced_matters(table)):
            old = read_checked(changes, table, put.h, put.r, expressions.condition, req)
        changes.put(table, put.h, put.r, old, put.item, put.size, consumed)
    standard.dynamodb_request(ctx, table.name, "PutItem", 0, write_units(put.size))
    out: PutItemOutput = {}
    if mode == "ALL_OLD" and old is not None:
        out["Attributes"] = old
    if consumed is not None:
        consumed.table = write_units(max(put.size, item_size(old) if old else 0))
    if wants_metrics(req, table):
        out["ItemCollectionMetrics"] = collection_metrics(backend, table, put.h, put.item)
    return _answer(out, consumed, capacity)


@service.operation("GetItem")
def get_item(ctx: RequestContext, req: GetItemInput) -> GetItemOutput:
    """Read one item by its key; no Item member when it does not exist.

    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetItem.html
    """
    backend = backends.of(ctx)
    table = backend.table(req["TableName"])
    projection = None
    if ("ProjectionExpression" in req or "AttributesToGet" in req
            or "ExpressionAttributeNames" in req or "ExpressionAttributeValues" in req):
        projection = compile_expressions(req, projection=True).projection
    h, r, _ = prepare_key(table, req["Key"])
    raw = backend.get_raw(table, h, r)
    out: GetItemOutput = {}
    item: Item | None = None
    if raw is not None:
        if projection is None and fragments_ok(ctx.extra):
            out["Item"] = orjson.Fragment(raw[0])  # type: ignore[typeddict-item]
        else:
            item = orjson.loads(raw[0])
            out["Item"] = projection.apply(item) if projection is not None else item
    units = read_units(raw[1] if raw else 0, bool(req.get("ConsistentRead")))
    standard.dynamodb_request(ctx, table.name, "GetItem", units, 0)
    capacity = wants(req)
    if capacity:
        consumed = Consumed(table.name)
        consumed.table = units
        out["ConsumedCapacity"] = consumed.report(capacity)
    return out


@service.operation("UpdateItem")
async def update_item(ctx: RequestContext, req: UpdateItemInput) -> UpdateItemOutput:
    """Edit an item's attributes, creating the item if it does not exist (unless the
    update only removes attributes or set elements: then nothing is written).

    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html
    - Key attributes cannot be updated.
    - ReturnValues: NONE, ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATED_NEW.
    """
    backend = backends.of(ctx)
    table = backend.table(req["TableName"])
    mode = req.get("ReturnValues") or "NONE"
    expressions = compile_expressions(req, condition=True, update=True)
    update = expressions.update
    if update is not None:
        check_update_keys(table, update)
    h, r, key = prepare_key(table, req["Key"])
    capacity = wants(req)
    consumed = Consumed(table.name) if capacity else None
    async with backend.changes() as changes:
        old = read_checked(changes, table, h, r, expressions.condition, req)
        new: Item | None = None
        size = 0
        if not creates_nothing(update, old):
            new, size = apply_update(table, update, old, key)
            changes.put(table, h, r, old, new, size, consumed)
    standard.dynamodb_request(ctx, table.name, "UpdateItem", 0, write_units(size))
    out: UpdateItemOutput = {}
    attributes = updated_values(mode, update, old, new)
    if attributes:
        out["Attributes"] = attributes
    if consumed is not None:
        consumed.table = write_units(max(size, item_size(old) if old else 0))
    if wants_metrics(req, table):
        out["ItemCollectionMetrics"] = collection_metrics(backend, table, h, key)
    return _answer(out, consumed, capacity)


@service.operation("DeleteItem")
async def delete_item(ctx: RequestContext, req: DeleteItemInput) -> DeleteItemOutput:
    """Delete one item by its key (deleting a missing item succeeds).

    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteItem.html
    - ReturnValues may be NONE or ALL_OLD.
    """
    backend = backends.of(ctx)
    table = backend.table(req["TableName"])
    mode = check_return_values(req.get("ReturnValues"), ("NONE", "ALL_OLD"))
    expressions = compile_expressions(req, condition=True)
    h, r, key = prepare_key(table, req["Key"])
    capacity = wants(req)
    consumed = Consumed(table.name) if capacity else None
    async with backend.changes() as changes:
        old = read_checked(changes, table, h, r, expressions.condition, req)
        changes.delete(table, h, r, old, consumed=consumed)
    standard.dynamodb_request(ctx, table.name, "DeleteItem", 0, write_units(0))
    out: DeleteItemOutput = {}
    if mode == "ALL_OLD" and old is not None:
        out["Attributes"] = old
    if consumed is not None:
        consumed.table = write_units(item_size(old) if old else 0)
    if wants_metrics(req, table):
        out["ItemCollectionMetrics"] = collection_metrics(backend, table, h, key)
    return _answer(out, consumed, capacity)
