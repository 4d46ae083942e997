"""BatchGetItem and BatchWriteItem.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
- BatchGetItem: at most 100 keys, no duplicate keys, answers at most 16 MB (the keys
  left over come back in UnprocessedKeys).
- BatchWriteItem: at most 25 put/delete requests, no two on one item. Every request is
  checked before anything is written; here they are then written in one transaction,
  so UnprocessedItems is always empty.
"""

from __future__ import annotations

from typing import Any

import orjson

from cloudlet.server.context import RequestContext
from cloudlet.server.protocols.base import fragments_ok
from cloudlet.services.dynamodb.capacity import Consumed, read_units, wants, write_units
from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.item_collections import batch_metrics
from cloudlet.services.dynamodb.params import compile_expressions, prepare_key, prepare_put
from cloudlet.services.dynamodb.registry import backends, service
from cloudlet.services.dynamodb.shapes import (
    BatchGetItemInput,
    BatchGetItemOutput,
    BatchWriteItemInput,
    BatchWriteItemOutput,
    ConsumedCapacity,
)
from cloudlet.services.dynamodb.table import KEY_MISMATCH
from cloudlet.services.dynamodb.values import Item, item_size

MAX_GET_KEYS = 100
MAX_WRITES = 25
MAX_GET_BYTES = 16 * 1024 * 1024
DUPLICATES = "Provided list of item keys contains duplicates"


@service.operation("BatchGetItem")
def batch_get_item(ctx: RequestContext, req: BatchGetItemInput) -> BatchGetItemOutput:
    """Read up to 100 items from one or more tables."""
    backend = backends.of(ctx)
    requests = req["RequestItems"]
    if sum(len(spec["Keys"]) for spec in requests.values()) > MAX_GET_KEYS:
        raise ValidationException("Too many items requested for the BatchGetItem call")
    plans = []
    for name, spec in requests.items():
        table = backend.table(name)
        projection = compile_expressions(spec, projection=True).projection
        keys = []
        seen: set[tuple[bytes, bytes]] = set()
        for raw_key in spec["Keys"]:
            h, r, key = prepare_key(table, raw_key)
            if (h, r) in seen:
                raise ValidationException(DUPLICATES)
            seen.add((h, r))
            keys.append((h, r, key))
        plans.append((table, spec, projection, keys))
    responses: dict[str, list[Item]] = {}
    unprocessed: dict[str, Any] = {}
    capacity = wants(req)
    consumed: list[ConsumedCapacity | None] = []
    total = 0
    for table, spec, projection, keys in plans:
        found = responses.setdefault(table.name, [])
        stored = projection is None and fragments_ok(ctx.extra)  # the items as stored
        units = 0.0
        for position, (h, r, _key) in enumerate(keys):
            if total >= MAX_GET_BYTES:
                left = {k: v for k, v in spec.items() if k != "Keys"}
                left["Keys"] = [k for _, _, k in keys[position:]]
                unprocessed[table.name] = left
                break
            raw = backend.get_raw(table, h, r)
            units += read_units(raw[1] if raw else 0, bool(spec.get("ConsistentRead")))
            if raw is None:
                continue
            total += raw[1]
            if stored:
                found.append(orjson.Fragment(raw[0]))  # type: ignore[arg-type]
                continue
            item = orjson.loads(raw[0])
            found.append(projection.apply(item) if projection is not None else item)
        if capacity:
            usage = Consumed(table.name)
            usage.table = units
            consumed.append(usage.report(capacity) or {})
    out: BatchGetItemOutput = {"Responses": responses, "UnprocessedKeys": unprocessed}
    if capacity:
        out["ConsumedCapacity"] = consumed
    return out


def _put(table: Any, raw: Any) -> Any:
    """A PutRequest's item; wrong or missing key attributes read as a schema mismatch."""
    try:
        return prepare_put(table, raw)
    except ValidationException as err:
        if "Type mismatch for key" in err.message or "Missing the key" in err.message:
            raise ValidationException(KEY_MISMATCH) from None
        raise


@service.operation("BatchWriteItem")
def batch_write_item(ctx: RequestContext, req: BatchWriteItemInput) -> BatchWriteItemOutput:
    """Put or delete up to 25 items in one or more tables."""
    backend = backends.of(ctx)
    requests = req["RequestItems"]
    if sum(len(v) for v in requests.values()) > MAX_WRITES:
        raise ValidationException("Too many items requested for the BatchWriteItem call")
    plans = []
    for name, writes in requests.items():
        table = backend.table(name)
        seen: set[tuple[bytes, bytes]] = set()
        for write in writes:
            put, delete = write.get("PutRequest"), write.get("DeleteRequest")
            if (put is None) == (delete is None):
                raise ValidationException(
                    "Supplied WriteRequest must contain exactly one of PutRequest or "
                    "DeleteRequest")
            if put is not None:
                prepared = _put(table, put["Item"])
                key = (prepared.h, prepared.r)
                plan: tuple[Any, ...] = (table, key, prepared.item, prepared.size, prepared.item)
            else:
                assert delete is not None  # exactly one of them, checked above
                h, r, key_item = prepare_key(table, delete["Key"])
                key = (h, r)
                plan = (table, key, None, 0, key_item)
            if key in seen:
                raise ValidationException(DUPLICATES)
            seen.add(key)
            plans.append(plan)
    capacity = wants(req)
    usage: dict[str, Consumed] = {}
    with backend.transaction() as writer:
        for table, (h, r), item, size, _ in plans:
            consumed = usage.setdefault(table.name, Consumed(table.name)) if capacity else None
            old = writer.read(table, h, r)
            if item is not None:
                writer.put(table, h, r, old, item, size, consumed)
            else:
                writer.delete(table, h, r, old, consumed=consumed)
            if consumed is not None:
                consumed.table += write_units(max(size, item_size(old) if old else 0))
    out: BatchWriteItemOutput = {"UnprocessedItems": {}}
    if capacity:
        out["ConsumedCapacity"] = [c.report(capacity) for c in usage.values()]
    metrics = batch_metrics(backend, req, [(p[0], p[1][0], p[4]) for p in plans])
    if metrics:
        out["ItemCollectionMetrics"] = metrics
    return out
