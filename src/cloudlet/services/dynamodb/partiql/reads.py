"""SELECT: a page of items from key lookups, partition reads or a scan.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExecuteStatement.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.select.html
- A page ends after ``Limit`` items were read (matching or not) or 1 MB; NextToken then
  resumes after the last item read, and LastEvaluatedKey names it.
- NextToken is bound to the statement and its parameters.
- ORDER BY needs a WHERE that pins the partition key, and names a key attribute.
- Reads cost like Query/Scan: the bytes read, in 4 KB units, halved unless
  ConsistentRead.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Iterator, Mapping
from typing import Any

import orjson

from cloudlet.services.dynamodb.backend import DynamoBackend, Row
from cloudlet.services.dynamodb.capacity import Consumed, read_units, wants
from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.expressions import Projection
from cloudlet.services.dynamodb.operations.query import PAGE_BYTES
from cloudlet.services.dynamodb.partiql.planner import key_and_condition, key_range
from cloudlet.services.dynamodb.partiql.statements import Select
from cloudlet.services.dynamodb.shapes import (
    ExecuteStatementOutput,
)
from cloudlet.services.dynamodb.table import Index, Table
from cloudlet.services.dynamodb.values import Item

BAD_TOKEN = "Invalid NextToken"
ONE_ITEM_SELECT = ("Select statements within BatchExecuteStatement must specify the primary key "
                   "in the where clause.")


def digest(req: Mapping[str, Any]) -> str:
    """What a NextToken is bound to: the statement and its parameters."""
    body = orjson.dumps([req["Statement"], req.get("Parameters")], option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(body).hexdigest()[:16]


def _encode_token(bound: str, partition: int, position: tuple[Any, ...]) -> str:
    cells = [p.hex() if isinstance(p, bytes) else p for p in position]
    raw = orjson.dumps({"d": bound, "i": partition, "p": cells})
    return base64.urlsafe_b64encode(raw).decode("ascii")


def _decode_token(token: str, bound: str) -> tuple[int, tuple[Any, ...]]:
    try:
        data = orjson.loads(base64.urlsafe_b64decode(token.encode("ascii")))
        if data["d"] != bound:
            raise ValidationException(BAD_TOKEN)
        cells = tuple(bytes.fromhex(p) if isinstance(p, str) else int(p) for p in data["p"])
        return int(data["i"]), cells
    except (ValueError, KeyError, TypeError, binascii.Error, orjson.JSONDecodeError):
        raise ValidationException(BAD_TOKEN) from None


def index_of(table: Table, stmt: Select, consistent: bool) -> Index | None:
    if stmt.index is None:
        return None
    index = table.indexes.get(stmt.index)
    if index is None:
        raise ValidationException(f"The table does not have the specified index: {stmt.index}")
    if index.is_global and consistent:
        raise ValidationException("Consistent reads are not supported on global secondary indexes")
    return index


def select(backend: DynamoBackend, stmt: Select,
           req: Mapping[str, Any]) -> ExecuteStatementOutput:
    """One page of a SELECT (ExecuteStatement)."""
    table = backend.table(stmt.table)
    consistent = bool(req.get("ConsistentRead"))
    index = index_of(table, stmt, consistent)
    keys = index.keys if index is not None else table.keys
    plan = key_range(stmt.where, keys)
    forward = not stmt.descending
    if stmt.order_by is not None:
        if plan is None:
            raise ValidationException(
                "Must have WHERE clause in the statement when using ORDER BY clause.")
        if stmt.order_by not in keys.names:
            raise ValidationException(
                f"Order by is supported only on key attributes: {stmt.order_by}")
    bound = digest(req)
    partition, start = 0, None
    if req.get("NextToken"):
        partition, start = _decode_token(req["NextToken"], bound)

    def rows() -> Iterator[tuple[int, Row]]:
        if plan is None:
            for row in backend.scan_rows(table, index, 0, 1, start):
                yield 0, row
            return
        first = start
        for i in range(partition, len(plan.hashes)):
            for row in backend.query_rows(table, index, plan.hashes[i], plan.low, plan.high,
                                          forward, first):
                yield i, row
            first = None

    projection = Projection(stmt.projection) if stmt.projection else None
    limit = req.get("Limit")
    items: list[Item] = []
    size = 0
    out: ExecuteStatementOutput = {}
    for scanned, (i, row) in enumerate(rows(), 1):
        item: Item = orjson.loads(row[0])
        size += row[1]
        if stmt.where is None or stmt.where.evaluate(item):
            items.append(projection.apply(item) if projection is not None else item)
        if (limit is not None and scanned >= limit) or size >= PAGE_BYTES:
            out["NextToken"] = _encode_token(bound, i, tuple(row[2:]))
            names = list(table.keys.names) + [n for n in keys.names if n not in table.keys.names]
            out["LastEvaluatedKey"] = {n: item[n] for n in names if n in item}
            break
    out["Items"] = items
    mode = wants(req)
    if mode:
        consumed = Consumed(table.name)
        units = read_units(size, consistent)
        if index is None:
            consumed.table = units
        else:
            consumed.add_index(index.name, index.is_global, units)
        out["ConsumedCapacity"] = consumed.report(mode)
    return out


def get_one(backend: DynamoBackend, stmt: Select) -> tuple[Table, Item | None, int]:
    """A SELECT naming one item by its full primary key (batches and transactions):
    the table, the projected item if it exists and matches, and the bytes read."""
    table = backend.table(stmt.table)
    if stmt.index is not None or stmt.where is None:
        raise ValidationException(ONE_ITEM_SELECT)
    try:
        key, rest = key_and_condition(stmt.where, table.keys)
    except ValidationException:
        raise ValidationException(ONE_ITEM_SELECT) from None
    h, r = table.key_of(key)
    raw = backend.get_raw(table, h, r)
    if raw is None:
        return table, None, 0
    item: Item = orjson.loads(raw[0])
    if rest is not None and not rest.evaluate(item):
        return table, None, raw[1]
    if stmt.projection:
        item = Projection(stmt.projection).apply(item)
    return table, item, raw[1]
