"""On-demand backups: CreateBackup, DescribeBackup, ListBackups, DeleteBackup,
RestoreTableFromBackup.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/BackupRestore.html
- A backup is a real snapshot (``backups.py``): items, index rows and the table's
  definition at that moment. It is AVAILABLE at once, of type USER, and outlives its
  source table.
- A restore creates a new table with the backup's keys, indexes, billing mode,
  throughput and table class, and its items. Tags, streams, TTL, point-in-time recovery,
  contributor insights and deletion protection are not restored (as in DynamoDB).

LIMITATIONS:
- Only USER backups exist: a table deleted with point-in-time recovery on leaves no
  SYSTEM backup, and ListBackups with BackupType SYSTEM or AWS_BACKUP lists nothing.
- Restores are ACTIVE at once (no CREATING, RestoreInProgress is false).
- A GlobalSecondaryIndexOverride / LocalSecondaryIndexOverride may keep a subset of the
  backup's indexes (same key schema and projection) and change GSI throughput; it cannot
  create an index the source table did not have (ValidationException, as in DynamoDB).
- SSESpecificationOverride and OnDemandThroughputOverride are accepted and not stored
  (cloudlet stores neither on CreateTable); VectorIndexOverride is not supported.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, cast

from cloudlet.server.context import RequestContext
from cloudlet.services.dynamodb.backend import DynamoBackend
from cloudlet.services.dynamodb.backups import Backup, backup_time_ms
from cloudlet.services.dynamodb.definitions import check_throughput
from cloudlet.services.dynamodb.describe import describe_table
from cloudlet.services.dynamodb.errors import (
    BackupNotFoundException,
    ResourceNotFoundException,
    TableAlreadyExistsException,
    TableNotFoundException,
    ValidationException,
)
from cloudlet.services.dynamodb.operations.tables import check_table_name
from cloudlet.services.dynamodb.registry import backends, service
from cloudlet.services.dynamodb.shapes import (
    BackupDescription,
    BackupDetails,
    BackupSummary,
    CreateBackupInput,
    CreateBackupOutput,
    DeleteBackupInput,
    DeleteBackupOutput,
    DescribeBackupInput,
    DescribeBackupOutput,
    GlobalSecondaryIndexInfo,
    ListBackupsInput,
    ListBackupsOutput,
    LocalSecondaryIndexInfo,
    RestoreTableFromBackupInput,
    RestoreTableFromBackupOutput,
    SourceTableFeatureDetails,
)
from cloudlet.services.dynamodb.table import Index, KeySpec, Table

DEFAULT_LIST_LIMIT = 100


def source_table(backend: DynamoBackend, name: str) -> Table:
    """The table a backup operation names (name or ARN), or TableNotFoundException."""
    try:
        return backend.table(name)
    except ResourceNotFoundException:
        raise TableNotFoundException(f"Table not found: {name}") from None


def _backup(backend: DynamoBackend, arn: str) -> Backup:
    if backup_time_ms(arn) is None:
        raise ValidationException("Invalid Backup ARN")
    backup = backend.backups.get(arn)
    if backup is None:
        raise BackupNotFoundException(f"Backup not found: {arn}")
    return backup


def _details(backup: Backup, status: str = "AVAILABLE") -> BackupDetails:
    return {
        "BackupArn": backup.arn,
        "BackupName": backup.name,
        "BackupSizeBytes": backup.size,
        "BackupStatus": status,
        "BackupType": "USER",
        "BackupCreationDateTime": backup.created,
    }


def _features(table: Table) -> SourceTableFeatureDetails:
    out: SourceTableFeatureDetails = {}
    local = [cast(LocalSecondaryIndexInfo, {
        "IndexName": i.name, "KeySchema": i.keys.schema(), "Projection": i.projection(),
    }) for i in table.local_indexes]
    if local:
        out["LocalSecondaryIndexes"] = local
    glob = [cast(GlobalSecondaryIndexInfo, {
        "IndexName": i.name, "KeySchema": i.keys.schema(), "Projection": i.projection(),
        "ProvisionedThroughput": {"ReadCapacityUnits": i.read_units,
                                  "WriteCapacityUnits": i.write_units},
    }) for i in table.global_indexes]
    if glob:
        out["GlobalSecondaryIndexes"] = glob
    if table.stream is not None and table.stream.enabled:
        out["StreamDescription"] = {"StreamEnabled": True,
                                    "StreamViewType": table.stream.view_type}
    if table.ttl_enabled and table.ttl_attribute is not None:
        out["TimeToLiveDescription"] = {"TimeToLiveStatus": "ENABLED",
                                        "AttributeName": table.ttl_attribute}
    return out


def _description(backup: Backup, status: str = "AVAILABLE") -> BackupDescription:
    table = backup.table
    return {
        "BackupDetails": _details(backup, status),
        "SourceTableDetails": {
            "TableName": table.name,
            "TableId": table.table_id,
            "TableArn": table.arn,
            "TableSizeBytes": backup.size,
            "KeySchema": table.keys.schema(),  # type: ignore[typeddict-item]
            "TableCreationDateTime": table.created,
            "ProvisionedThroughput": {"ReadCapacityUnits": table.read_units,
                                      "WriteCapacityUnits": table.write_units},
            "ItemCount": backup.item_count,
            "BillingMode": table.billing_mode,
        },
        "SourceTableFeatureDetails": _features(table),
    }


@service.operation("CreateBackup")
def create_backup(ctx: RequestContext, req: CreateBackupInput) -> CreateBackupOutput:
    """Snapshot a table: its items, indexes and settings at this moment.

    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateBackup.html
    - TableNotFoundException ("Table not found: <name>") if the table does not exist.
    - The backup is AVAILABLE at once; BackupSizeBytes is the table's size.
    """
    backend = backends.of(ctx)
    table = source_table(backend, req["TableName"])
    with backend.transaction():
        backup = backend.backups.create(table, req["BackupName"], backend.clock.now())
    return {"BackupDetails": _details(backup)}


@service.operation("DescribeBackup")
def describe_backup(ctx: RequestContext, req: DescribeBackupInput) -> DescribeBackupOutput:
    """A backup's details, its source table's details and features (indexes, stream, TTL).

    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeBackup.html
    - BackupNotFoundException ("Backup not found: <arn>") for an unknown ARN.
    """
    return {"BackupDescription": _description(_backup(backends.of(ctx), req["BackupArn"]))}


@service.operation("DeleteBackup")
def delete_backup(ctx: RequestContext, req: DeleteBackupInput) -> DeleteBackupOutput:
    """Delete a backup; the description returned says DELETED.

    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteBackup.html
    """
    backend = backends.of(ctx)
    backup = _backup(backend, req["BackupArn"])
    with backend.transaction():
        backend.backups.delete(backup)
    return {"BackupDescription": _description(backup, status="DELETED")}


@service.operation("ListBackups")
def list_backups(ctx: RequestContext, req: ListBackupsInput) -> ListBackupsOutput:
    """Backups in creation order, filtered by table, creation time and type, one page.

    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListBackups.html
    - TimeRangeLowerBound is inclusive, TimeRangeUpperBound exclusive.
    - BackupType defaults to USER; ALL lists every type.
    - LastEvaluatedBackupArn is returned when more backups remain; pass it as
      ExclusiveStartBackupArn for the next page.
    """
    backend = backends.of(ctx)
    name = req.get("TableName")
    if name is not None and name.startswith("arn:"):
        name = name.split(":table/", 1)[-1].split("/", 1)[0]
    low = req.get("TimeRangeLowerBound")
    high = req.get("TimeRangeUpperBound")
    if low is not None and high is not None and low > high:
        raise ValidationException("One or more parameter values were invalid: Time range "
                                  "lower bound must be less than or equal to upper bound")
    start = req.get("ExclusiveStartBackupArn")
    after = None
    if start is not None:
        start_ms = backup_time_ms(start)
        if start_ms is None:
            raise ValidationException("Invalid Backup ARN")
        after = (start_ms, start)
    if (req.get("BackupType") or "USER") not in ("USER", "ALL"):
        return {"BackupSummaries": []}
    limit = req.get("Limit") or DEFAULT_LIST_LIMIT
    backups = backend.backups.page(
        name,
        None if low is None else round(low.timestamp() * 1000),
        None if high is None else round(high.timestamp() * 1000),
        after, limit + 1)
    out: ListBackupsOutput = {"BackupSummaries": [_summary(b) for b in backups[:limit]]}
    if len(backups) > limit:
        out["LastEvaluatedBackupArn"] = backups[limit - 1].arn
    return out


def _summary(backup: Backup) -> BackupSummary:
    return {
        "TableName": backup.table.name,
        "TableId": backup.table.table_id,
        "TableArn": backup.table.arn,
        "BackupArn": backup.arn,
        "BackupName": backup.name,
        "BackupCreationDateTime": backup.created,
        "BackupStatus": "AVAILABLE",
        "BackupType": "USER",
        "BackupSizeBytes": backup.size,
    }


@service.operation("RestoreTableFromBackup")
def restore_table_from_backup(ctx: RequestContext,
                              req: RestoreTableFromBackupInput) -> RestoreTableFromBackupOutput:
    """Create a new table from a backup: its keys, indexes, settings and items.

    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_RestoreTableFromBackup.html
    - BackupNotFoundException for an unknown backup; TableAlreadyExistsException
      ("Table already exists: <name>") if TargetTableName exists.
    - BillingModeOverride / ProvisionedThroughputOverride change the billing of the new
      table; the index overrides choose which of the backup's indexes it keeps.
    - The description has a RestoreSummary naming the backup and its source table.
    """
    backend = backends.of(ctx)
    target = req["TargetTableName"]
    check_table_name(target)
    backup = _backup(backend, req["BackupArn"])
    if target in backend.tables:
        raise TableAlreadyExistsException(f"Table already exists: {target}")
    if req.get("VectorIndexOverride") is not None:
        raise ValidationException("not supported: VectorIndexOverride")
    source = backup.table
    billing, read, write = _restored_billing(source, req)
    now = backend.clock.now()
    with backend.transaction():
        indexes = _restored_indexes(backend, source, req, billing, now)
        used = set(source.keys.names)
        for index in indexes.values():
            used.update(index.keys.names)
        table = Table(
            id=backend.next_id("table"), name=target, table_id=str(uuid.uuid4()),
            arn=ctx.arn("dynamodb", f"table/{target}"), created=now,
            keys=KeySpec(source.keys.hash_name, source.keys.hash_type,
                         source.keys.range_name, source.keys.range_type),
            attribute_definitions=[dict(d) for d in source.attribute_definitions
                                   if d["AttributeName"] in used],
            billing_mode=billing, read_units=read, write_units=write, indexes=indexes,
            table_class=source.table_class,
            restore={"SourceBackupArn": backup.arn, "SourceTableArn": source.arn,
                     "RestoreDateTime": backup.created, "RestoreInProgress": False},
        )
        backend.backups.restore_into(backup, table)
        backend.add_table(table)
    return {"TableDescription": describe_table(backend, table)}


def _restored_billing(source: Table, req: Mapping[str, Any]) -> tuple[str, int, int]:
    """(BillingMode, read units, write units) of the restored table.

    Messages: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_RestoreTableFromBackup.html
    (ValidationException, "Invalid Request: ...").
    """
    override = req.get("BillingModeOverride")
    throughput = req.get("ProvisionedThroughputOverride")
    billing = override or source.billing_mode
    if billing == "PAY_PER_REQUEST":
        if throughput is not None:
            if override is not None:
                raise ValidationException("Invalid Request: Cannot override ProvisionedThroughput "
                                          "if BillingMode is overridden to PAY_PER_REQUEST")
            raise ValidationException("Invalid Request: Cannot override ProvisionedThroughput "
                                      "unless BillingMode is PROVISIONED")
        return billing, 0, 0
    if throughput is None:
        if source.billing_mode != "PROVISIONED":
            raise ValidationException("Invalid Request: Must override ProvisionedThroughput if "
                                      "BillingMode is overridden to PROVISIONED")
        return billing, source.read_units, source.write_units
    read, write = check_throughput("PROVISIONED", throughput)
    return billing, read, write


def _same_projection(spec: Mapping[str, Any], index: Index) -> bool:
    projection = spec.get("Projection") or {}
    return bool(projection.get("ProjectionType") == index.projection_type
                and sorted(projection.get("NonKeyAttributes") or ())
                == sorted(index.non_key_attributes or ()))


def _restored_indexes(backend: DynamoBackend, source: Table, req: Mapping[str, Any],
                      billing: str, now: float) -> dict[str, Index]:
    """The indexes of the restored table: the backup's, or the subset an override names
    (each with the source's key schema and projection)."""
    out: dict[str, Index] = {}
    for field, is_global in (("LocalSecondaryIndexOverride", False),
                             ("GlobalSecondaryIndexOverride", True)):
        originals = {i.name: i for i in source.indexes.values() if i.is_global == is_global}
        overrides = req.get(field)
        chosen: list[tuple[Index, Mapping[str, Any] | None]]
        if overrides is None:
            chosen = [(i, None) for i in originals.values()]
        else:
            chosen = []
            for spec in overrides:
                original = originals.get(spec["IndexName"])
                if (original is None or list(spec["KeySchema"]) != original.keys.schema()
                        or not _same_projection(spec, original)):
                    raise ValidationException(
                        f"Invalid Request: Index {spec['IndexName']} does not match a secondary "
                        "index that existed in the source table and cannot be created during "
                        "the restore operation")
                chosen.append((original, spec))
        for original, spec in chosen:
            read, write = _index_throughput(source, original, spec, billing)
            keys = original.keys
            out[original.name] = Index(
                id=backend.next_id("index"), name=original.name, is_global=is_global,
                keys=KeySpec(keys.hash_name, keys.hash_type, keys.range_name, keys.range_type),
                projection_type=original.projection_type,
                non_key_attributes=list(original.non_key_attributes or ()) or None,
                read_units=read, write_units=write, created=now)
    return out


def _index_throughput(source: Table, original: Index, spec: Mapping[str, Any] | None,
                      billing: str) -> tuple[int, int]:
    if not original.is_global:
        return 0, 0
    throughput = spec.get("ProvisionedThroughput") if spec is not None else None
    if billing == "PAY_PER_REQUEST":
        if throughput is not None:
            raise ValidationException("Invalid Request: Cannot override ProvisionedThroughput if "
                                      "BillingMode is overridden to PAY_PER_REQUEST for index "
                                      f"{original.name}")
        return 0, 0
    if throughput is not None:
        return check_throughput("PROVISIONED", throughput)
    if source.billing_mode != "PROVISIONED":
        raise ValidationException(
            f"Invalid Request: Must specify provisioned throughput for index {original.name}")
    return original.read_units, original.write_units
