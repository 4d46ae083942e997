"""INSERT, UPDATE and DELETE: planned once, then checked and written through a Writer.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.insert.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.update.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.delete.html
- INSERT of a key that exists fails with DuplicateItemException ("Duplicate primary key
  exists in table"); it never replaces.
- UPDATE needs the item to exist (else ConditionalCheckFailedException); DELETE of a
  missing item succeeds. Extra WHERE terms are the write's condition.
- The writes are those of PutItem/UpdateItem/DeleteItem (``params.py``, ``Writer``), so
  indexes, streams, TTL and capacity behave the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from cloudlet.services.dynamodb.backend import DynamoBackend, Writer
from cloudlet.services.dynamodb.capacity import Consumed, write_units
from cloudlet.services.dynamodb.errors import (
    ConditionalCheckFailedException,
    DuplicateItemException,
)
from cloudlet.services.dynamodb.expressions import Condition, Update
from cloudlet.services.dynamodb.params import (
    apply_update,
    check_update_keys,
    prepare_key,
    prepare_put,
    updated_values,
)
from cloudlet.services.dynamodb.partiql.planner import key_and_condition
from cloudlet.services.dynamodb.partiql.statements import Delete, Insert, Write
from cloudlet.services.dynamodb.table import Table
from cloudlet.services.dynamodb.values import Item, item_size


@dataclass(slots=True)
class WritePlan:
    """One write, validated against its table."""

    kind: str  # Insert, Update or Delete
    table: Table
    h: bytes
    r: bytes
    key: Item
    condition: Condition | None = None
    item: Item | None = None
    size: int = 0
    update: Update | None = None
    returning: str | None = None


def plan_write(backend: DynamoBackend, stmt: Write) -> WritePlan:
    """Validate a write: table, key, item, update."""
    table = backend.table(stmt.table)
    if isinstance(stmt, Insert):
        put = prepare_put(table, stmt.item)
        return WritePlan("Insert", table, put.h, put.r, table.key_item(put.item),
                         item=put.item, size=put.size)
    key, condition = key_and_condition(stmt.where, table.keys)
    h, r, key = prepare_key(table, key)
    if isinstance(stmt, Delete):
        return WritePlan("Delete", table, h, r, key, condition, returning=stmt.returning)
    check_update_keys(table, stmt.update)
    return WritePlan("Update", table, h, r, key, condition, update=stmt.update,
                     returning=stmt.returning)


def check_write(plan: WritePlan, old: Item | None,
                return_old_on_failure: bool = False) -> tuple[Item | None, int]:
    """The new item (None for a delete) and its size, or the write's error."""
    if plan.kind == "Insert":
        if old is not None:
            raise DuplicateItemException()
        return plan.item, plan.size
    if (plan.kind == "Update" and old is None) or (
            plan.condition is not None and not plan.condition.evaluate(old)):
        if return_old_on_failure and old is not None:
            raise ConditionalCheckFailedException(Item=old)
        raise ConditionalCheckFailedException()
    if plan.kind == "Delete":
        return None, 0
    return apply_update(plan.table, plan.update, old, plan.key)


def commit_write(writer: Writer, plan: WritePlan, old: Item | None, new: Item | None,
                 size: int, consumed: Consumed | None) -> None:
    """Store a checked write; charge its write units to ``consumed``."""
    if new is None:
        writer.delete(plan.table, plan.h, plan.r, old, consumed=consumed)
    else:
        writer.put(plan.table, plan.h, plan.r, old, new, size, consumed)
    if consumed is not None:
        consumed.table += write_units(max(size, item_size(old) if old else 0))


def returned(plan: WritePlan, old: Item | None, new: Item | None) -> list[Item]:
    """The Items of RETURNING: the old or new item, whole or only what was modified."""
    if plan.returning is None:
        return []
    attributes = updated_values(plan.returning, plan.update, old, new)
    return [attributes] if attributes else []


def run_write(backend: DynamoBackend, plan: WritePlan, consumed: Consumed | None,
              return_old_on_failure: bool = False) -> list[Item]:
    """Check and store one write in its own transaction; the RETURNING items."""
    with backend.transaction() as writer:
        old = writer.read(plan.table, plan.h, plan.r)
        new, size = check_write(plan, old, return_old_on_failure)
        commit_write(writer, plan, old, new, size, consumed)
    return returned(plan, old, new)
