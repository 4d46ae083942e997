"""Query and Scan, on tables and on secondary indexes.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html
- A page ends after ``Limit`` items were evaluated or 1 MB was read; then
  LastEvaluatedKey is the key of the last item evaluated (table key, plus the index key
  for an index), even if no item follows.
- FilterExpression runs after the read: Count counts matches, ScannedCount what was read.
- The key condition is a range scan of the SQLite primary key (see ``backend.py``).
- A GSI holds only its projected attributes (a projection naming others returns what
  the index holds); an LSI read of other attributes fetches them from the table.
- A Query filter may not read the key attributes of the table or index queried, and an
  ExclusiveStartKey must lie in the partition and sort-key range queried.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import orjson

from cloudlet.metrics import standard
from cloudlet.server.context import RequestContext
from cloudlet.server.protocols.base import fragments_ok
from cloudlet.services.dynamodb.backend import Bound, DynamoBackend, Row
from cloudlet.services.dynamodb.capacity import Consumed, read_units, wants
from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.expressions import RangeCondition, compile_key_condition
from cloudlet.services.dynamodb.expressions.legacy import key_condition_from_key_conditions
from cloudlet.services.dynamodb.keys import encode_value, prefix_end
from cloudlet.services.dynamodb.params import Expressions, compile_expressions
from cloudlet.services.dynamodb.registry import backends, service
from cloudlet.services.dynamodb.shapes import QueryInput, QueryOutput, ScanInput, ScanOutput
from cloudlet.services.dynamodb.table import (
    INVALID,
    KEY_MISMATCH,
    Index,
    KeySpec,
    Table,
    partition_of,
)
from cloudlet.services.dynamodb.values import Item, validate_item

PAGE_BYTES = 1024 * 1024


def _index_of(table: Table, req: Mapping[str, Any]) -> Index | None:
    name = req.get("IndexName")
    if name is None:
        return None
    index = table.indexes.get(name)
    if index is None:
        raise ValidationException(
            f"The table does not have the specified index: {name}")
    if index.is_global and req.get("ConsistentRead"):
        raise ValidationException("Consistent reads are not supported on global secondary indexes")
    return index


def _select(req: Mapping[str, Any], index: Index | None, exprs: Expressions,
            prefix: str = "") -> str:
    """The effective Select, checked against the other parameters (Query's messages
    carry the "1 validation error detected: " prefix, Scan's do not)."""
    select: str | None = req.get("Select")
    given = ("ProjectionExpression" if req.get("ProjectionExpression") is not None
             else "AttributesToGet" if req.get("AttributesToGet") is not None else None)
    if select is None:
        if given is not None:
            return "SPECIFIC_ATTRIBUTES"
        return "ALL_PROJECTED_ATTRIBUTES" if index is not None else "ALL_ATTRIBUTES"
    if select == "SPECIFIC_ATTRIBUTES":
        if given is None:
            raise ValidationException(f"{prefix}Must specify the AttributesToGet or "
                                      "ProjectionExpression when choosing to get "
                                      "SPECIFIC_ATTRIBUTES")
        return str(select)
    if given is not None:
        what = "only the Count" if select == "COUNT" else select
        raise ValidationException(f"{prefix}Cannot specify the {given} when choosing to get "
                                  f"{what}")
    if select == "ALL_PROJECTED_ATTRIBUTES" and index is None:
        raise ValidationException(
            f"{prefix}ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName")
    if (select == "ALL_ATTRIBUTES" and index is not None and index.is_global
            and index.projection_type != "ALL"):
        raise ValidationException(
            f"{INVALID}Select type ALL_ATTRIBUTES is not supported for global secondary index "
            f"{index.name} because its projection type is not ALL")
    return str(select)


def _check_filter_keys(exprs: Expressions, keys: KeySpec) -> None:
    """A Query filter may not read the key attributes of the table or index queried:
    those belong in the key condition."""
    if not exprs.filter_names:
        return
    for name in keys.names:
        if name in exprs.filter_names:
            raise ValidationException(f"{exprs.filter_source} can only contain non-primary key "
                                      f"attributes: Primary key attribute: {name}")


def _needs_table_item(table: Table, index: Index | None, select: str,
                      exprs: Expressions) -> bool:
    """An LSI read that asks for attributes the index does not hold reads the table."""
    if index is None or index.is_global or index.projection_type == "ALL":
        return False
    if select == "ALL_ATTRIBUTES":
        return True
    if select == "SPECIFIC_ATTRIBUTES" and exprs.projection is not None:
        projected = index.projected(table.keys) or frozenset()
        return not exprs.projection.top_level_names <= projected
    return False


def _start_position(table: Table, index: Index | None, raw: Any,
                    scan: bool) -> tuple[Any, ...] | None:
    """ExclusiveStartKey as a storage position (see ``DynamoBackend.query_rows/scan_rows``)."""
    if raw is None:
        return None
    try:
        key = validate_item(raw)
    except ValidationException as err:
        raise ValidationException(f"The provided starting key is invalid: {err.message}") from None
    names = set(table.keys.names) | (set(index.keys.names) if index else set())
    if set(key) != names:
        raise ValidationException(f"The provided starting key is invalid: {KEY_MISMATCH}")
    try:
        h, r = table.key_of({k: key[k] for k in table.keys.names})
        if index is None:
            return (partition_of(h), h, r) if scan else (r,)
        ks = index.keys
        ih = _encode_key(key, ks.hash_name, ks.hash_type)
        ir = _encode_key(key, ks.range_name, ks.range_type) if ks.range_name else b""
    except ValidationException as err:
        raise ValidationException(f"The provided starting key is invalid: {err.message}") from None
    return (partition_of(ih), ih, ir, h, r) if scan else (ir, h, r)


def _check_start_in_range(key: Item, keys: KeySpec, h: bytes, low: Bound | None,
                          high: Bound | None) -> None:
    """A Query's ExclusiveStartKey must lie in the partition and sort-key range queried."""
    if encode_value(keys.hash_type, key[keys.hash_name]) != h:
        raise ValidationException(
            "The provided starting key is outside query boundaries based on provided conditions")
    if keys.range_name is None or (low is None and high is None):
        return
    r = encode_value(keys.range_type or "S", key[keys.range_name])
    if ((low is not None and (r < low.value or (r == low.value and not low.inclusive)))
            or (high is not None and (r > high.value or (r == high.value and not high.inclusive)))):
        raise ValidationException(
            "The provided starting key does not match the range key predicate")


def _encode_key(key: Item, name: str | None, kind: str | None) -> bytes:
    assert name is not None and kind is not None
    value = key[name]
    if kind not in value:
        raise ValidationException(KEY_MISMATCH)
    return encode_value(kind, value)


def key_bounds(cond: RangeCondition | None, kind: str | None) -> tuple[Bound | None, Bound | None]:
    if cond is None or kind is None:
        return None, None
    values = []
    for v in cond.values:
        if kind not in v:
            raise ValidationException(
                f"{INVALID}Condition parameter type does not match schema type")
        values.append(encode_value(kind, v))
    op = cond.op
    if op == "EQ":
        return Bound(values[0], True), Bound(values[0], True)
    if op == "LT":
        return None, Bound(values[0], False)
    if op == "LE":
        return None, Bound(values[0], True)
    if op == "GT":
        return Bound(values[0], False), None
    if op == "GE":
        return Bound(values[0], True), None
    if op == "BETWEEN":
        return Bound(values[0], True), Bound(values[1], True)
    if kind == "N":
        raise ValidationException(
            "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: begins_with, operand type: N")
    end = prefix_end(values[0])
    return Bound(values[0], True), (Bound(end, False) if end is not None else None)


class Page:
    """Reads rows into one page of results: Limit, 1 MB, filter, projection, LEK."""

    def __init__(self, backend: DynamoBackend, table: Table, index: Index | None,
                 req: Mapping[str, Any], exprs: Expressions, select: str):
        self.backend = backend
        self.table = table
        self.index = index
        self.limit = req.get("Limit")
        if self.limit is not None and self.limit < 1:
            raise ValidationException("Limit must be greater than or equal to 1")
        self.exprs = exprs
        self.select = select
        self.fetch_table = _needs_table_item(table, index, select, exprs)
        self.key_names = list(table.keys.names)
        if index is not None:
            self.key_names += [n for n in index.keys.names if n not in self.key_names]

    def read(self, rows: Iterator[Row], fragments: bool = False) -> QueryOutput:
        """One page from ``rows``; with ``fragments`` (``protocols.base.FRAGMENTS``) an
        item returned whole is its stored JSON as it is, not parsed and serialized again."""
        filt = self.exprs.filter
        projection = self.exprs.projection if self.select == "SPECIFIC_ATTRIBUTES" else None
        if fragments and filt is None and projection is None and not self.fetch_table:
            return self._read_stored(rows)
        items: list[Item] = []
        count = scanned = size = 0
        last: Item | None = None
        counting = self.select == "COUNT"
        limit = self.limit
        more = False
        for row in rows:
            item: Item = orjson.loads(row[0])
            scanned += 1
            size += row[1]
            last = item
            if self.fetch_table:
                h, r = self.table.key_of(self.table.key_item(item))
                full = self.backend.get(self.table, h, r)
                item = full if full is not None else item
            if filt is None or filt.evaluate(item):
                count += 1
                if not counting:
                    items.append(projection.apply(item) if projection is not None else item)
            if (limit is not None and scanned >= limit) or size >= PAGE_BYTES:
                more = True
                break
        return self._page(items, count, scanned, size, last if more else None)

    def _read_stored(self, rows: Iterator[Row]) -> QueryOutput:
        """``read`` without a filter, a projection or table fetches: every row read is
        returned (or counted) as stored."""
        items: list[Any] = []
        scanned = size = 0
        last: bytes | None = None
        counting = self.select == "COUNT"
        limit = self.limit if self.limit is not None else -1
        fragment = orjson.Fragment
        for row in rows:
            scanned += 1
            size += row[1]
            if not counting:
                items.append(fragment(row[0]))
            if scanned == limit or size >= PAGE_BYTES:
                last = row[0]
                break
        return self._page(items, scanned, scanned, size,
                          orjson.loads(last) if last is not None else None)

    def _page(self, items: list[Any], count: int, scanned: int, size: int,
              last: Item | None) -> QueryOutput:
        """The page's members; ``last``: the last item evaluated when more may follow."""
        out: QueryOutput = {}
        if self.select != "COUNT":
            out["Items"] = items
        out["Count"] = count
        out["ScannedCount"] = scanned
        if last is not None:
            out["LastEvaluatedKey"] = {k: last[k] for k in self.key_names if k in last}
        self.bytes_read = size
        return out


def _capacity(req: Mapping[str, Any], table: Table, index: Index | None, size: int,
              out: QueryOutput) -> None:
    mode = wants(req)
    if not mode:
        return
    consumed = Consumed(table.name)
    units = read_units(size, bool(req.get("ConsistentRead")))
    if index is None:
        consumed.table = units
    else:
        consumed.add_index(index.name, index.is_global, units)
    out["ConsumedCapacity"] = consumed.report(mode)


@service.operation("Query")
def query(ctx: RequestContext, req: QueryInput) -> QueryOutput:
    """Items of one partition (of a table or an index), in sort-key order.

    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html
    """
    backend = backends.of(ctx)
    table = backend.table(req["TableName"])
    index = _index_of(table, req)
    keys = index.keys if index is not None else table.keys
    exprs = compile_expressions(req, filter=True, projection=True, check_used=False)
    assert exprs.context is not None
    text = req.get("KeyConditionExpression")
    if text is not None:
        cond = compile_key_condition(text, exprs.context, keys.hash_name, keys.range_name)
    elif req.get("KeyConditions") is not None:
        cond = key_condition_from_key_conditions(req["KeyConditions"], keys.hash_name,
                                                 keys.range_name)
    else:
        raise ValidationException("Either the KeyConditions or KeyConditionExpression parameter "
                                  "must be specified in the request.")
    exprs.context.check_all_used()
    _check_filter_keys(exprs, keys)
    select = _select(req, index, exprs, prefix="1 validation error detected: ")
    if keys.hash_type not in cond.hash_value:
        raise ValidationException(f"{INVALID}Condition parameter type does not match schema type")
    h = encode_value(keys.hash_type, cond.hash_value)
    low, high = key_bounds(cond.range, keys.range_type)
    forward = req.get("ScanIndexForward", True) is not False
    start = _start_position(table, index, req.get("ExclusiveStartKey"), scan=False)
    if start is not None:
        _check_start_in_range(validate_item(req["ExclusiveStartKey"]), keys, h, low, high)
    page = Page(backend, table, index, req, exprs, select)
    out = page.read(backend.query_rows(table, index, h, low, high, forward, start),
                    fragments_ok(ctx.extra))
    _capacity(req, table, index, page.bytes_read, out)
    standard.dynamodb_request(ctx, table.name, "Query", read_units(
        page.bytes_read, bool(req.get("ConsistentRead"))), 0, out["Count"])
    return out


@service.operation("Scan")
def scan(ctx: RequestContext, req: ScanInput) -> ScanOutput:
    """Every item of a table or index, one page at a time; parallel with Segment.

    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html
    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Scan.html#Scan.ParallelScan
    """
    backend = backends.of(ctx)
    table = backend.table(req["TableName"])
    index = _index_of(table, req)
    exprs = compile_expressions(req, filter=True, projection=True)
    select = _select(req, index, exprs)
    segment, total = req.get("Segment"), req.get("TotalSegments")
    if segment is not None and total is None:
        raise ValidationException("The TotalSegments parameter is required but was not present "
                                  "in the request when Segment parameter is present")
    if total is not None and segment is None:
        raise ValidationException("The Segment parameter is required but was not present in the "
                                  "request when parameter TotalSegments is present")
    if segment is not None and total is not None and segment >= total:
        raise ValidationException(
            "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
            f"Segment: {segment} is not less than TotalSegments: {total}")
    start = _start_position(table, index, req.get("ExclusiveStartKey"), scan=True)
    page = Page(backend, table, index, req, exprs, select)
    out = page.read(backend.scan_rows(table, index, segment or 0, total or 1, start),
                    fragments_ok(ctx.extra))
    _capacity(req, table, index, page.bytes_read, out)
    standard.dynamodb_request(ctx, table.name, "Scan", read_units(
        page.bytes_read, bool(req.get("ConsistentRead"))), 0, out["Count"])
    return out
