"""TableDescription, as CreateTable, DescribeTable, UpdateTable and DeleteTable return it.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteTable.html
- Tables are ACTIVE as soon as they are created (CREATING is skipped; waiters work).
- ItemCount / TableSizeBytes (and an index's ItemCount / IndexSizeBytes) are exact at
  every call here; DynamoDB refreshes them about every six hours.
- ProvisionedThroughput is always present; 0 units for PAY_PER_REQUEST tables.
- WarmThroughput (table and GSIs, see ``throughput.py``) is always described, except in
  CreateTable's answer, which (as DynamoDB's, given while the table is CREATING) carries
  only a WarmThroughput the request set, and no LastUpdateToPayPerRequestDateTime.
- DeleteTable answers a short description, as DynamoDB does: name, status DELETING, ARN,
  id, counts, ProvisionedThroughput, BillingModeSummary (on-demand), the stream and
  DeletionProtectionEnabled; no key schema, attribute definitions, creation time,
  indexes or warm throughput.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from cloudlet.services.dynamodb.throughput import describe_warm

if TYPE_CHECKING:
    from cloudlet.services.dynamodb.backend import DynamoBackend
    from cloudlet.services.dynamodb.shapes import TableDescription
    from cloudlet.services.dynamodb.table import Index, Table


def _throughput(read: int, write: int) -> dict[str, Any]:
    return {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": read, "WriteCapacityUnits": write}


def _index(backend: DynamoBackend, table: Table, index: Index, status: str,
           fresh: bool) -> dict[str, Any]:
    count, size = backend.index_stats(index) if status != "DELETING" else (0, 0)
    out: dict[str, Any] = {
        "IndexName": index.name,
        "KeySchema": index.keys.schema(),
        "Projection": index.projection(),
    }
    if index.is_global:
        on_demand = table.billing_mode == "PAY_PER_REQUEST"
        out["IndexStatus"] = status
        out["ProvisionedThroughput"] = _throughput(index.read_units, index.write_units)
        if on_demand and index.on_demand:
            out["OnDemandThroughput"] = dict(index.on_demand)
        if status != "DELETING" and (not fresh or index.warm_read):
            out["WarmThroughput"] = describe_warm(index, on_demand)
    out["IndexSizeBytes"] = size
    out["ItemCount"] = count
    out["IndexArn"] = f"{table.arn}/index/{index.name}"
    return out


def _billing_summary(table: Table, fresh: bool) -> dict[str, Any] | None:
    if table.billing_mode != "PAY_PER_REQUEST" and table.billing_changed is None:
        return None
    summary: dict[str, Any] = {"BillingMode": table.billing_mode}
    if table.billing_mode == "PAY_PER_REQUEST" and not fresh:
        summary["LastUpdateToPayPerRequestDateTime"] = table.billing_changed or table.created
    return summary


def _stream(table: Table, out: dict[str, Any]) -> None:
    stream = table.stream
    if stream is not None:
        if stream.enabled:
            out["StreamSpecification"] = {"StreamEnabled": True,
                                          "StreamViewType": stream.view_type}
        out["LatestStreamLabel"] = stream.label
        out["LatestStreamArn"] = stream.arn


def deleted_table(backend: DynamoBackend, table: Table) -> TableDescription:
    """DeleteTable's TableDescription (taken before the items go)."""
    count, size = backend.table_stats(table)
    out: dict[str, Any] = {
        "TableName": table.name,
        "TableStatus": "DELETING",
        "ProvisionedThroughput": _throughput(table.read_units, table.write_units),
        "TableSizeBytes": size,
        "ItemCount": count,
        "TableArn": table.arn,
        "TableId": table.table_id,
    }
    summary = _billing_summary(table, fresh=False)
    if summary is not None:
        out["BillingModeSummary"] = summary
    _stream(table, out)
    out["DeletionProtectionEnabled"] = table.deletion_protection
    return cast("TableDescription", out)


def describe_table(backend: DynamoBackend, table: Table, status: str = "ACTIVE",
                   deleting_indexes: list[Index] | None = None,
                   fresh: bool = False) -> TableDescription:
    """The full description; ``fresh``: CreateTable's answer."""
    count, size = backend.table_stats(table) if status != "DELETING" else (0, 0)
    out: dict[str, Any] = {
        "AttributeDefinitions": table.attribute_definitions,
        "TableName": table.name,
        "KeySchema": table.keys.schema(),
        "TableStatus": status,
        "CreationDateTime": table.created,
        "ProvisionedThroughput": _throughput(table.read_units, table.write_units),
        "TableSizeBytes": size,
        "ItemCount": count,
        "TableArn": table.arn,
        "TableId": table.table_id,
    }
    summary = _billing_summary(table, fresh)
    if summary is not None:
        out["BillingModeSummary"] = summary
    local = table.local_indexes
    if local:
        out["LocalSecondaryIndexes"] = [_index(backend, table, i, status, fresh) for i in local]
    glob = [_index(backend, table, i, status, fresh) for i in table.global_indexes]
    glob += [_index(backend, table, i, "DELETING", fresh) for i in deleting_indexes or ()]
    if glob:
        out["GlobalSecondaryIndexes"] = glob
    _stream(table, out)
    if table.table_class is not None:
        table_class: dict[str, Any] = {"TableClass": table.table_class}
        if table.table_class_changed is not None:
            table_class["LastUpdateDateTime"] = table.table_class_changed
        out["TableClassSummary"] = table_class
    if table.restore is not None:
        out["RestoreSummary"] = table.restore
    out["DeletionProtectionEnabled"] = table.deletion_protection
    on_demand = table.billing_mode == "PAY_PER_REQUEST"
    if on_demand and table.on_demand:
        out["OnDemandThroughput"] = dict(table.on_demand)
    if not fresh or table.warm_read:
        out["WarmThroughput"] = describe_warm(table, on_demand)
    return cast("TableDescription", out)
