"""Table operations: CreateTable, DescribeTable, ListTables, UpdateTable, DeleteTable."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from typing import Any, cast

from cloudlet.server.context import RequestContext
from cloudlet.server.errors import not_supported
from cloudlet.services.dynamodb.definitions import (
    attribute_types,
    build_index,
    build_indexes,
    check_definitions_used,
    check_key_schema_length,
    check_not_null,
    check_stream_spec,
    check_throughput,
    invalid,
    key_spec,
)
from cloudlet.services.dynamodb.describe import deleted_table, describe_table
from cloudlet.services.dynamodb.errors import (
    LimitExceededException,
    ResourceInUseException,
    ResourceNotFoundException,
    ValidationException,
)
from cloudlet.services.dynamodb.registry import backends, service
from cloudlet.services.dynamodb.shapes import (
    CreateTableInput,
    CreateTableOutput,
    DeleteTableInput,
    DeleteTableOutput,
    DescribeTableInput,
    DescribeTableOutput,
    ListTablesInput,
    ListTablesOutput,
    UpdateTableInput,
    UpdateTableOutput,
)
from cloudlet.services.dynamodb.table import Index, StreamInfo, Table
from cloudlet.services.dynamodb.throughput import apply_warm, check_on_demand, settle_warm


@service.operation("CreateTable")
def create_table(ctx: RequestContext, req: CreateTableInput) -> CreateTableOutput:
    """Create a table; it is ACTIVE at once.

    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
    - KeySchema: a HASH key and an optional RANGE key, both in AttributeDefinitions,
      and every AttributeDefinition used by the table or an index.
    - Up to 5 LSIs (same HASH key as the table, a RANGE key) and 20 GSIs.
    - BillingMode PROVISIONED (default) needs ProvisionedThroughput; PAY_PER_REQUEST
      forbids it.
    - WarmThroughput and OnDemandThroughput, on the table and on GSIs, are checked and
      kept (``throughput.py``); the answer carries WarmThroughput only if it was set.
    - ResourceInUseException if the table exists.
    """
    backend = backends.of(ctx)
    name = req["TableName"]
    check_table_name(name)
    if req.get("GlobalTableSourceArn") is not None:
        raise not_supported("DynamoDB.CreateTable with GlobalTableSourceArn (global table replicas)")
    check_not_null(req, "AttributeDefinitions", "KeySchema")
    definitions = req["AttributeDefinitions"]
    types = attribute_types(definitions)
    billing = req.get("BillingMode") or "PROVISIONED"
    read, write = check_throughput(billing, req.get("ProvisionedThroughput"))
    schema = req["KeySchema"]
    check_key_schema_length(schema)
    for field, specs in (("localSecondaryIndexes", req.get("LocalSecondaryIndexes")),
                         ("globalSecondaryIndexes", req.get("GlobalSecondaryIndexes"))):
        for position, spec in enumerate(specs or (), 1):
            check_key_schema_length(spec["KeySchema"], f"{field}.{position}.member.keySchema")
    names = [k["AttributeName"] for k in schema]
    if len(names) > len(types):
        raise ValidationException("Invalid KeySchema: Some index key attribute have no definition")
    if any(n not in types for n in names):
        raise invalid("Some index key attributes are not defined in AttributeDefinitions. "
                      f"Keys: [{', '.join(names)}], AttributeDefinitions: [{', '.join(types)}]")
    keys = key_spec(schema, types)
    now = ctx.state.clock.now()
    with backend.transaction():
        indexes = build_indexes(req, types, keys, billing, lambda: backend.next_id("index"), now)
        check_definitions_used(types, keys, indexes)
        view_type = check_stream_spec(req.get("StreamSpecification"))
        if name in backend.tables:
            raise ResourceInUseException(f"Table already exists: {name}")
        table = Table(
            id=backend.next_id("table"), name=name, table_id=str(uuid.uuid4()),
            arn=ctx.arn("dynamodb", f"table/{name}"), created=now, keys=keys,
            attribute_definitions=[dict(cast(Mapping[str, str], d)) for d in definitions],
            billing_mode=billing,
            read_units=read, write_units=write, indexes=indexes,
            tags={t["Key"]: t["Value"] for t in req.get("Tags") or ()},
            deletion_protection=bool(req.get("DeletionProtectionEnabled", False)),
            table_class=req.get("TableClass"),
        )
        _create_throughput(table, req)
        if view_type is not None:
            _enable_stream(backend, table, view_type, now)
        backend.add_table(table)
    return {"TableDescription": describe_table(backend, table, fresh=True)}


def _create_throughput(table: Table, req: Mapping[str, Any]) -> None:
    on_demand = table.billing_mode == "PAY_PER_REQUEST"
    if req.get("WarmThroughput") is not None:
        apply_warm(table, req["WarmThroughput"], on_demand, "table")
    if req.get("OnDemandThroughput") is not None:
        table.on_demand = check_on_demand(req["OnDemandThroughput"], "table")


_TABLE_NAME = re.compile(r"[a-zA-Z0-9_.-]+")


def check_table_name(name: str) -> None:
    """Table names: 3 to 255 of a-z, A-Z, 0-9, '_', '-', '.' (the model now also allows
    ARNs in TableName, so this is checked here, with AWS's model-validation text)."""
    errors = []
    if _TABLE_NAME.fullmatch(name) is None:
        errors.append(f"Value '{name}' at 'tableName' failed to satisfy constraint: Member must "
                      "satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
    if not 3 <= len(name) <= 255:
        bound = "greater than or equal to 3" if len(name) < 3 else "less than or equal to 255"
        errors.append(f"Value '{name}' at 'tableName' failed to satisfy constraint: Member must "
                      f"have length {bound}")
    if errors:
        count = len(errors)
        raise ValidationException(
            f"{count} validation error{'s' if count > 1 else ''} detected: {'; '.join(errors)}")


def _enable_stream(backend: Any, table: Table, view_type: str, now: float) -> None:
    row = backend.streams.create(table.id, table.name, table.arn, view_type,
                                 table.keys.schema(), now)
    table.stream = StreamInfo(row.id, row.arn, row.label, view_type, True)


@service.operation("DescribeTable")
def describe(ctx: RequestContext, req: DescribeTableInput) -> DescribeTableOutput:
    """The table's description; ItemCount and TableSizeBytes are exact at each call.

    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTable.html
    - An unknown table: ResourceNotFoundException, "Requested resource not found: Table:
      <name> not found".
    """
    backend = backends.of(ctx)
    table = backend.control_table(req["TableName"])
    return {"Table": describe_table(backend, table)}


@service.operation("ListTables")
def list_tables(ctx: RequestContext, req: ListTablesInput) -> ListTablesOutput:
    """Table names in order, at most ``Limit`` (default 100) after ExclusiveStartTableName.

    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListTables.html
    """
    names = sorted(backends.of(ctx).tables)
    start = req.get("ExclusiveStartTableName")
    if start is not None:
        names = [n for n in names if n > start]
    limit = req.get("Limit") or 100
    out: ListTablesOutput = {"TableNames": names[:limit]}
    if len(names) > limit:
        out["LastEvaluatedTableName"] = names[limit - 1]
    return out


@service.operation("DeleteTable")
def delete_table(ctx: RequestContext, req: DeleteTableInput) -> DeleteTableOutput:
    """Delete a table and its items; the short description returned says DELETING.

    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteTable.html
    - The description has no key schema, definitions, creation time or indexes (see
      ``describe.deleted_table``).
    - An unknown table: ResourceNotFoundException naming it; a protected one:
      ValidationException.
    """
    backend = backends.of(ctx)
    table = backend.control_table(req["TableName"])
    if table.deletion_protection:
        raise ValidationException(
            "Resource cannot be deleted as it is currently protected against deletion. "
            "Disable deletion protection first.")
    description = deleted_table(backend, table)
    with backend.transaction():
        backend.drop_table(table)
    return {"TableDescription": description}


@service.operation("UpdateTable")
def update_table(ctx: RequestContext, req: UpdateTableInput) -> UpdateTableOutput:
    """Change billing mode, throughput, warm or on-demand throughput, streams, GSIs
    (created with a backfill of the existing items, in one transaction), deletion
    protection or table class.

    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html
    """
    backend = backends.of(ctx)
    table = backend.control_table(req["TableName"])
    changes = [k for k in ("ProvisionedThroughput", "BillingMode", "StreamSpecification",
                           "GlobalSecondaryIndexUpdates", "SSESpecification", "ReplicaUpdates",
                           "TableClass", "DeletionProtectionEnabled", "OnDemandThroughput",
                           "WarmThroughput") if req.get(k) is not None]
    if not changes:
        raise ValidationException(
            "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
            "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required")
    _check_index_updates(req)
    now = ctx.state.clock.now()
    deleted: list[Index] = []
    snapshot = table.to_json()
    try:
        with backend.transaction():
            _settle(table)
            _update_billing(table, req, now)
            _update_throughput(table, req)
            if req.get("StreamSpecification") is not None:
                _update_stream(backend, table, req["StreamSpecification"], now)
            if req.get("GlobalSecondaryIndexUpdates") is not None:
                deleted = _update_indexes(backend, table, req, now)
            if req.get("DeletionProtectionEnabled") is not None:
                table.deletion_protection = bool(req["DeletionProtectionEnabled"])
            if req.get("TableClass") is not None:
                table.table_class = req["TableClass"]
                table.table_class_changed = now
            backend.save_table(table)
    except BaseException:
        backend.tables[table.name] = Table.from_json(snapshot)
        raise
    return {"TableDescription": describe_table(backend, table, deleting_indexes=deleted)}


# What may not share an UpdateTable with a GSI Create (or Delete), and AWS's message.
_NOT_WITH_INDEX_CHANGE = (
    ("ProvisionedThroughput", "You cannot create or delete index while updating table IOPS"),
    ("StreamSpecification", "You cannot create or delete index while changing stream status"),
)
_ONLY_OPERATION = (
    ("DeletionProtectionEnabled", "DeletionProtection"),
    ("SSESpecification", "Server-Side Encryption"),
    ("TableClass", "TableClass"),
)


def _check_index_updates(req: Mapping[str, Any]) -> None:
    """One GSI Create or Delete per call (LimitExceededException), and not together with
    a table throughput, stream, deletion-protection, SSE or table-class change.

    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html
    ("You can create or delete only one global secondary index per UpdateTable operation.")
    """
    updates = req.get("GlobalSecondaryIndexUpdates") or ()
    creates = sum(1 for u in updates if u.get("Create") is not None)
    deletes = sum(1 for u in updates if u.get("Delete") is not None)
    if creates + deletes > 1:
        raise LimitExceededException("Subscriber limit exceeded: Only 1 online index can be "
                                     "created or deleted simultaneously per table")
    if not creates + deletes:
        return
    for member, message in _NOT_WITH_INDEX_CHANGE:
        if req.get(member) is not None:
            raise ValidationException(message)
    if creates:
        for member, what in _ONLY_OPERATION:
            if req.get(member) is not None:
                raise ValidationException(
                    f"{what} modification must be the only operation in the request")


def _update_billing(table: Table, req: Mapping[str, Any], now: float) -> None:
    billing = req.get("BillingMode") or table.billing_mode
    throughput = req.get("ProvisionedThroughput")
    if billing == "PAY_PER_REQUEST":
        if throughput is not None:
            check_throughput(billing, throughput)
        if table.billing_mode != billing:
            table.billing_changed = now
        table.billing_mode = billing
        table.read_units = table.write_units = 0
        for index in table.global_indexes:
            index.read_units = index.write_units = 0
        return
    if table.billing_mode != billing:
        if throughput is None:
            # UpdateTable's text differs from CreateTable's (dynalite's tests against AWS).
            raise invalid("ProvisionedThroughput must be specified when BillingMode is "
                          "PROVISIONED")
        _check_index_units(table, req)
        table.billing_changed = now
    if throughput is not None:
        read, write = check_throughput("PROVISIONED", throughput)
        if table.billing_mode == billing and (read, write) == (table.read_units, table.write_units):
            raise ValidationException(
                "The provisioned throughput for the table will not change. The requested value "
                "equals the current value. Current ReadCapacityUnits provisioned for the table: "
                f"{read}. Requested ReadCapacityUnits: {read}. Current WriteCapacityUnits "
                f"provisioned for the table: {write}. Requested WriteCapacityUnits: {write}. "
                "Refer to the Amazon DynamoDB Developer Guide for current limits and how to "
                "request higher limits.")
        table.read_units, table.write_units = read, write
    table.billing_mode = billing


def _settle(table: Table) -> None:
    """Fix the current warm units before a change (they never go down)."""
    on_demand = table.billing_mode == "PAY_PER_REQUEST"
    settle_warm(table, on_demand)
    for index in table.global_indexes:
        settle_warm(index, on_demand)


def _update_throughput(table: Table, req: Mapping[str, Any]) -> None:
    on_demand = table.billing_mode == "PAY_PER_REQUEST"
    if req.get("WarmThroughput") is not None:
        apply_warm(table, req["WarmThroughput"], on_demand, "table")
    if req.get("OnDemandThroughput") is not None:
        table.on_demand = check_on_demand(req["OnDemandThroughput"], "table", table.on_demand)


def _update_index(table: Table, index: Index, spec: Mapping[str, Any]) -> None:
    """A GSI's Update action: provisioned, warm or on-demand throughput."""
    on_demand = table.billing_mode == "PAY_PER_REQUEST"
    if spec.get("ProvisionedThroughput") is not None:
        index.read_units, index.write_units = check_throughput(
            "PROVISIONED", spec["ProvisionedThroughput"])
    what = f"index {index.name}"
    if spec.get("WarmThroughput") is not None:
        apply_warm(index, spec["WarmThroughput"], on_demand, what)
    if spec.get("OnDemandThroughput") is not None:
        index.on_demand = check_on_demand(spec["OnDemandThroughput"], what, index.on_demand)


def _check_index_units(table: Table, req: Mapping[str, Any]) -> None:
    """Switching to PROVISIONED, every GSI needs an Update with ProvisionedThroughput."""
    given = {u["Update"]["IndexName"] for u in req.get("GlobalSecondaryIndexUpdates") or ()
             if u.get("Update") is not None
             and u["Update"].get("ProvisionedThroughput") is not None}
    missing = [i.name for i in table.global_indexes if i.name not in given]
    if missing:
        raise invalid(f"ProvisionedThroughput must be specified for index: {','.join(missing)}")


def _update_stream(backend: Any, table: Table, spec: Mapping[str, Any], now: float) -> None:
    view_type = check_stream_spec(spec)
    current = table.stream
    if view_type is not None:
        if current is not None and current.enabled:
            raise ValidationException(
                f"Table already has an enabled stream: {table.arn}")
        _enable_stream(backend, table, view_type, now)
        return
    if current is None or not current.enabled:
        raise ValidationException(f"Stream is already disabled for table {table.arn}")
    backend.streams.disable(current.id, now)
    current.enabled = False


def _update_indexes(backend: Any, table: Table, req: Mapping[str, Any], now: float) -> list[Index]:
    types = {d["AttributeName"]: d["AttributeType"] for d in table.attribute_definitions}
    for d in req.get("AttributeDefinitions") or ():
        types[d["AttributeName"]] = d["AttributeType"]
    deleted: list[Index] = []
    for update in req["GlobalSecondaryIndexUpdates"]:
        if update.get("Create") is not None:
            spec = update["Create"]
            if spec["IndexName"] in table.indexes:
                raise invalid(f"Index {spec['IndexName']} already exists")
            index = build_index(spec, types, is_global=True, table_keys=table.keys,
                                billing_mode=table.billing_mode,
                                new_id=lambda: backend.next_id("index"), now=now)
            if len(table.global_indexes) >= 20:
                raise invalid("GlobalSecondaryIndex count exceeds the per-table limit of 20")
            table.indexes[index.name] = index
            backend.backfill(table, index)
        elif update.get("Delete") is not None:
            name = update["Delete"]["IndexName"]
            gone = table.indexes.get(name)
            if gone is None or not gone.is_global:
                raise ResourceNotFoundException(
                    f"Requested resource not found: Index: {name} not found")
            del table.indexes[name]
            table.insights.pop(name, None)
            backend.drop_index(gone)
            deleted.append(gone)
        elif update.get("Update") is not None:
            spec = update["Update"]
            changed = table.indexes.get(spec["IndexName"])
            if changed is None or not changed.is_global:
                raise ResourceNotFoundException(
                    f"Requested resource not found: Index: {spec['IndexName']} not found")
            _update_index(table, changed, spec)
    used = set(table.keys.names)
    for index in table.indexes.values():
        used.update(index.keys.names)
    table.attribute_definitions = [
        {"AttributeName": n, "AttributeType": t} for n, t in types.items() if n in used
    ]
    return deleted
