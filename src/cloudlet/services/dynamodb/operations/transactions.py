"""TransactWriteItems and TransactGetItems: all or nothing, in one SQLite transaction.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactGetItems.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html
- Up to 100 actions (ConditionCheck, Put, Update, Delete), no two on one item.
- If any condition fails nothing is written, and TransactionCanceledException lists one
  reason per action, in order: ``ConditionalCheckFailed`` (with the item when
  ReturnValuesOnConditionCheckFailure is ALL_OLD), ``ValidationError``, or ``None``.
- ClientRequestToken makes the call idempotent for 10 minutes; the same token with other
  parameters is IdempotentParameterMismatchException.
- Transactions cost twice the capacity units of the same plain reads and writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from cloudlet.server.context import RequestContext
from cloudlet.services.dynamodb.backend import DynamoBackend
from cloudlet.services.dynamodb.capacity import Consumed, read_units, wants, write_units
from cloudlet.services.dynamodb.errors import (
    TransactionCanceledException,
    ValidationException,
)
from cloudlet.services.dynamodb.item_collections import batch_metrics
from cloudlet.services.dynamodb.operations.idempotency import (
    ClientToken,
    check_one_operation_per_item,
)
from cloudlet.services.dynamodb.params import (
    Expressions,
    apply_update,
    check_update_keys,
    compile_expressions,
    creates_nothing,
    prepare_key,
    prepare_put,
)
from cloudlet.services.dynamodb.registry import backends, service
from cloudlet.services.dynamodb.shapes import (
    CancellationReason,
    ItemResponse,
    TransactGetItemsInput,
    TransactGetItemsOutput,
    TransactWriteItemsInput,
    TransactWriteItemsOutput,
)
from cloudlet.services.dynamodb.table import Table
from cloudlet.services.dynamodb.values import Item, item_size

ACTIONS = ("ConditionCheck", "Put", "Delete", "Update")


@dataclass
class Action:
    kind: str
    table: Table
    spec: Mapping[str, Any]
    h: bytes
    r: bytes
    key: Item
    exprs: Expressions
    item: Item | None = None
    size: int = 0


def _action(backend: DynamoBackend, entry: Mapping[str, Any]) -> Action:
    present = [k for k in ACTIONS if entry.get(k) is not None]
    if len(present) != 1:
        raise ValidationException(
            "TransactItems can only contain one of Check, Put, Update or Delete")
    kind = present[0]
    spec = entry[kind]
    table = backend.table(spec["TableName"])
    if kind == "Put":
        exprs = compile_expressions(spec, condition=True)
        put = prepare_put(table, spec["Item"])
        return Action(kind, table, spec, put.h, put.r, table.key_item(put.item), exprs,
                      put.item, put.size)
    exprs = compile_expressions(spec, condition=True, update=kind == "Update")
    if kind == "ConditionCheck" and exprs.condition is None:
        raise ValidationException(
            "The ConditionCheck action must have a ConditionExpression")  # model requires it
    if exprs.update is not None:
        check_update_keys(table, exprs.update)
    h, r, key = prepare_key(table, spec["Key"])
    return Action(kind, table, spec, h, r, key, exprs)


@service.operation("TransactWriteItems")
def transact_write_items(ctx: RequestContext,
                         req: TransactWriteItemsInput) -> TransactWriteItemsOutput:
    """Write up to 100 items atomically, under conditions."""
    backend = backends.of(ctx)
    entries = req["TransactItems"]
    if len(entries) > 100:
        raise ValidationException(
            "1 validation error detected: Value at 'transactItems' failed to satisfy constraint: "
            "Member must have length less than or equal to 100")
    actions = [_action(backend, e) for e in entries]
    check_one_operation_per_item((a.table.id, a.h, a.r) for a in actions)
    token = ClientToken(backend, req)
    capacity = wants(req)
    usage: dict[str, Consumed] = {}
    if token.replayed():
        return _report({a.table.name: Consumed(a.table.name) for a in actions}, capacity)
    with backend.transaction() as writer:
        reasons: list[CancellationReason] = []
        failed = False
        plans: list[tuple[Action, Item | None, Item | None, int]] = []
        for a in actions:
            old = writer.read(a.table, a.h, a.r)
            cond = a.exprs.condition
            if cond is not None and not cond.evaluate(old):
                reason: CancellationReason = {"Code": "ConditionalCheckFailed",
                                          "Message": "The conditional request failed"}
                if (a.spec.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD"
                        and old is not None):
                    reason["Item"] = old
                reasons.append(reason)
                failed = True
                continue
            new: Item | None = None
            size = 0
            if a.kind == "Put":
                new, size = a.item, a.size
            elif a.kind == "Update" and not creates_nothing(a.exprs.update, old):
                try:
                    new, size = apply_update(a.table, a.exprs.update, old, a.key)
                except ValidationException as err:
                    reasons.append({"Code": "ValidationError", "Message": err.message})
                    failed = True
                    continue
            reasons.append({"Code": "None"})
            plans.append((a, old, new, size))
        if failed:
            codes = ", ".join(r["Code"] for r in reasons)
            raise TransactionCanceledException(
                "Transaction cancelled, please refer cancellation reasons for specific reasons "
                f"[{codes}]", CancellationReasons=reasons)
        for a, old, new, size in plans:
            consumed = usage.setdefault(a.table.name, Consumed(a.table.name)) if capacity else None
            if a.kind == "ConditionCheck":
                if consumed is not None:
                    consumed.table += 2 * read_units(item_size(old) if old else 0, True)
                continue
            if a.kind == "Delete":
                writer.delete(a.table, a.h, a.r, old, consumed=consumed)
            elif new is not None:  # None: an Update that only removes, on a missing item
                writer.put(a.table, a.h, a.r, old, new, size, consumed)
            if consumed is not None:
                consumed.table += 2 * write_units(max(size, item_size(old) if old else 0))
        token.remember()
    out = _report(usage, capacity)
    metrics = batch_metrics(backend, req, [(a.table, a.h, a.key) for a in actions
                                           if a.kind != "ConditionCheck"])
    if metrics:
        out["ItemCollectionMetrics"] = metrics
    return out


def _report(usage: dict[str, Consumed], capacity: str | None) -> TransactWriteItemsOutput:
    if not capacity:
        return {}
    reports = []
    for consumed in usage.values():
        doubled = Consumed(consumed.table_name, consumed.table,
                           {k: 2 * v for k, v in consumed.global_indexes.items()},
                           {k: 2 * v for k, v in consumed.local_indexes.items()})
        reports.append(doubled.report(capacity))
    return {"ConsumedCapacity": reports}


@service.operation("TransactGetItems")
def transact_get_items(ctx: RequestContext, req: TransactGetItemsInput) -> TransactGetItemsOutput:
    """Read up to 100 items as one consistent snapshot."""
    backend = backends.of(ctx)
    gets = []
    for entry in req["TransactItems"]:
        spec = entry["Get"]
        table = backend.table(spec["TableName"])
        projection = compile_expressions(spec, projection=True).projection
        h, r, _ = prepare_key(table, spec["Key"])
        gets.append((table, h, r, projection))
    check_one_operation_per_item((table.id, h, r) for table, h, r, _ in gets)
    capacity = wants(req)
    usage: dict[str, Consumed] = {}
    responses: list[ItemResponse] = []
    backend.conn.execute("BEGIN")
    try:
        for table, h, r, projection in gets:
            raw = backend.get_raw(table, h, r)
            if capacity:
                consumed = usage.setdefault(table.name, Consumed(table.name))
                consumed.table += 2 * read_units(raw[1] if raw else 0, True)
            if raw is None:
                responses.append({})
                continue
            item = orjson.loads(raw[0])
            responses.append({"Item": projection.apply(item) if projection else item})
    finally:
        backend.conn.execute("COMMIT")
    out: TransactGetItemsOutput = {"Responses": responses}
    if capacity:
        out["ConsumedCapacity"] = [c.report(capacity) for c in usage.values()]
    return out
