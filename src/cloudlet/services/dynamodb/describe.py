"""TableDescription, as CreateTable, DescribeTable, UpdateTable and DeleteTable return it.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html
- Tables are ACTIVE as soon as they are created (CREATING is skipped; waiters work).
- ItemCount / TableSizeBytes are exact here (DynamoDB refreshes them every ~6 hours).
- ProvisionedThroughput is always present; 0 units for PAY_PER_REQUEST tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from cloudlet.services.dynamodb.backend import DynamoBackend
    from cloudlet.services.dynamodb.shapes import TableDescription
    from cloudlet.services.dynamodb.table import Index, Table


def _throughput(read: int, write: int) -> dict[str, Any]:
    return {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": read, "WriteCapacityUnits": write}


def _index(backend: DynamoBackend, table: Table, index: Index, status: str) -> dict[str, Any]:
    count, size = backend.index_stats(index) if status != "DELETING" else (0, 0)
    out: dict[str, Any] = {
        "IndexName": index.name,
        "KeySchema": index.keys.schema(),
        "Projection": index.projection(),
    }
    if index.is_global:
        out["IndexStatus"] = status
        out["ProvisionedThroughput"] = _throughput(index.read_units, index.write_units)
    out["IndexSizeBytes"] = size
    out["ItemCount"] = count
    out["IndexArn"] = f"{table.arn}/index/{index.name}"
    return out


def describe_table(backend: DynamoBackend, table: Table, status: str = "ACTIVE",
                   deleting_indexes: list[Index] | None = None) -> TableDescription:
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
    if table.billing_mode == "PAY_PER_REQUEST" or table.billing_changed is not None:
        summary: dict[str, Any] = {"BillingMode": table.billing_mode}
        if table.billing_mode == "PAY_PER_REQUEST":
            summary["LastUpdateToPayPerRequestDateTime"] = table.billing_changed or table.created
        out["BillingModeSummary"] = summary
    local = table.local_indexes
    if local:
        out["LocalSecondaryIndexes"] = [_index(backend, table, i, status) for i in local]
    glob = [_index(backend, table, i, status) for i in table.global_indexes]
    glob += [_index(backend, table, i, "DELETING") for i in deleting_indexes or ()]
    if glob:
        out["GlobalSecondaryIndexes"] = glob
    stream = table.stream
    if stream is not None:
        if stream.enabled:
            out["StreamSpecification"] = {"StreamEnabled": True,
                                          "StreamViewType": stream.view_type}
        out["LatestStreamLabel"] = stream.label
        out["LatestStreamArn"] = stream.arn
    if table.table_class is not None:
        table_class: dict[str, Any] = {"TableClass": table.table_class}
        if table.table_class_changed is not None:
            table_class["LastUpdateDateTime"] = table.table_class_changed
        out["TableClassSummary"] = table_class
    if table.restore is not None:
        out["RestoreSummary"] = table.restore
    out["DeletionProtectionEnabled"] = table.deletion_protection
    return cast("TableDescription", out)
