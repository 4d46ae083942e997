"""Point-in-time recovery settings: DescribeContinuousBackups, UpdateContinuousBackups,
RestoreTableToPointInTime.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html
- Continuous backups are always ENABLED; point-in-time recovery is off until
  UpdateContinuousBackups turns it on, with a recovery period of 1 to 35 days (35 by
  default). The setting is stored with the table and survives a restart.
- EarliestRestorableDateTime is when recovery was enabled, or the start of the recovery
  period if later; LatestRestorableDateTime is five minutes ago (DynamoDB's usual lag),
  never before the earliest.

LIMITATIONS: no history of item versions is kept, so RestoreTableToPointInTime answers
ValidationException "not supported: RestoreTableToPointInTime" (use on-demand backups).
"""

from __future__ import annotations

from cloudlet.server.context import RequestContext
from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.operations.backups import source_table
from cloudlet.services.dynamodb.registry import backends, service
from cloudlet.services.dynamodb.shapes import (
    ContinuousBackupsDescription,
    DescribeContinuousBackupsInput,
    DescribeContinuousBackupsOutput,
    RestoreTableToPointInTimeInput,
    RestoreTableToPointInTimeOutput,
    UpdateContinuousBackupsInput,
    UpdateContinuousBackupsOutput,
)
from cloudlet.services.dynamodb.table import Table

DEFAULT_RECOVERY_DAYS = 35
LAG_S = 300.0


def _description(table: Table, now: float) -> ContinuousBackupsDescription:
    if not table.pitr_enabled:
        return {"ContinuousBackupsStatus": "ENABLED",
                "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"}}
    days = table.pitr_days or DEFAULT_RECOVERY_DAYS
    earliest = max(table.pitr_since or table.created, now - days * 86400)
    return {
        "ContinuousBackupsStatus": "ENABLED",
        "PointInTimeRecoveryDescription": {
            "PointInTimeRecoveryStatus": "ENABLED",
            "RecoveryPeriodInDays": days,
            "EarliestRestorableDateTime": earliest,
            "LatestRestorableDateTime": max(earliest, now - LAG_S),
        },
    }


@service.operation("DescribeContinuousBackups")
def describe_continuous_backups(ctx: RequestContext, req: DescribeContinuousBackupsInput
                                ) -> DescribeContinuousBackupsOutput:
    """https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeContinuousBackups.html
    - TableNotFoundException ("Table not found: <name>") if the table does not exist.
    """
    backend = backends.of(ctx)
    table = source_table(backend, req["TableName"])
    return {"ContinuousBackupsDescription": _description(table, backend.clock.now())}


@service.operation("UpdateContinuousBackups")
def update_continuous_backups(ctx: RequestContext, req: UpdateContinuousBackupsInput
                              ) -> UpdateContinuousBackupsOutput:
    """Turn point-in-time recovery on (optionally with RecoveryPeriodInDays) or off.

    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateContinuousBackups.html
    - Enabling it again keeps the earliest restorable time and may change the period.
    - RecoveryPeriodInDays with PointInTimeRecoveryEnabled false is a ValidationException.
    """
    backend = backends.of(ctx)
    table = source_table(backend, req["TableName"])
    spec = req["PointInTimeRecoverySpecification"]
    days = spec.get("RecoveryPeriodInDays")
    now = backend.clock.now()
    if spec["PointInTimeRecoveryEnabled"]:
        if not table.pitr_enabled:
            table.pitr_since = now
        table.pitr_enabled = True
        table.pitr_days = days or table.pitr_days or DEFAULT_RECOVERY_DAYS
    else:
        if days is not None:
            raise ValidationException("Invalid Request: Cannot specify RecoveryPeriodInDays when "
                                      "disabling point-in-time recovery.")
        table.pitr_enabled = False
        table.pitr_since = table.pitr_days = None
    with backend.transaction():
        backend.save_table(table)
    return {"ContinuousBackupsDescription": _description(table, now)}


@service.operation("RestoreTableToPointInTime")
def restore_table_to_point_in_time(ctx: RequestContext, req: RestoreTableToPointInTimeInput
                                   ) -> RestoreTableToPointInTimeOutput:
    """https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_RestoreTableToPointInTime.html

    Not supported: cloudlet keeps no history of past item versions to restore from.
    """
    raise ValidationException("not supported: RestoreTableToPointInTime")
