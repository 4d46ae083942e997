"""Point-in-time recovery settings: DescribeContinuousBackups, UpdateContinuousBackups,
RestoreTableToPointInTime.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from tests.conftest import make_client
from tests.e2e.dynamodb.support import create_table, error_of, new_name, validation_message
from tests.server import RunningServer


def _enable(ddb: Any, table: str, **spec: Any) -> dict[str, Any]:
    return ddb.update_continuous_backups(  # type: ignore[no-any-return]
        TableName=table,
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True, **spec},
    )["ContinuousBackupsDescription"]


def test_new_table_has_continuous_backups_but_no_point_in_time_recovery(
        ddb: Any, table: str) -> None:
    """https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeContinuousBackups.html"""
    desc = ddb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"]
    assert desc == {"ContinuousBackupsStatus": "ENABLED",
                    "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"}}


def test_describe_continuous_backups_of_unknown_table(ddb: Any) -> None:
    code, message, status = error_of(ddb.describe_continuous_backups, TableName="nothere")
    assert (code, status) == ("TableNotFoundException", 400)
    assert message == "Table not found: nothere"


def test_enable_point_in_time_recovery(ddb: Any, table: str) -> None:
    """https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateContinuousBackups.html"""
    before = time.time()
    desc = _enable(ddb, table)

    pitr = desc["PointInTimeRecoveryDescription"]
    assert desc["ContinuousBackupsStatus"] == "ENABLED"
    assert pitr["PointInTimeRecoveryStatus"] == "ENABLED"
    assert pitr["RecoveryPeriodInDays"] == 35
    assert pitr["EarliestRestorableDateTime"].timestamp() >= before - 1
    assert pitr["LatestRestorableDateTime"] >= pitr["EarliestRestorableDateTime"]
    described = ddb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"]
    assert described["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"


def test_enable_with_recovery_period_and_change_it(ddb: Any, table: str) -> None:
    first = _enable(ddb, table, RecoveryPeriodInDays=7)["PointInTimeRecoveryDescription"]
    assert first["RecoveryPeriodInDays"] == 7
    second = _enable(ddb, table, RecoveryPeriodInDays=10)["PointInTimeRecoveryDescription"]
    assert second["RecoveryPeriodInDays"] == 10
    assert second["EarliestRestorableDateTime"] == first["EarliestRestorableDateTime"]


def test_recovery_period_out_of_range(ddb: Any, table: str) -> None:
    """RecoveryPeriodInDays is 1 to 35 (model validation)."""
    message = validation_message(
        ddb.update_continuous_backups, TableName=table,
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True,
                                          "RecoveryPeriodInDays": 36})
    assert "recoveryPeriodInDays" in message or "RecoveryPeriodInDays" in message


def test_disable_point_in_time_recovery(ddb: Any, table: str) -> None:
    _enable(ddb, table)
    desc = ddb.update_continuous_backups(
        TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False},
    )["ContinuousBackupsDescription"]
    assert desc["PointInTimeRecoveryDescription"] == {"PointInTimeRecoveryStatus": "DISABLED"}


def test_disable_with_recovery_period_is_rejected(ddb: Any, table: str) -> None:
    message = validation_message(
        ddb.update_continuous_backups, TableName=table,
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False,
                                          "RecoveryPeriodInDays": 5})
    assert message == ("Invalid Request: Cannot specify RecoveryPeriodInDays when disabling "
                       "point-in-time recovery.")


def test_update_continuous_backups_of_unknown_table(ddb: Any) -> None:
    code, _, status = error_of(
        ddb.update_continuous_backups, TableName="nothere",
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    assert (code, status) == ("TableNotFoundException", 400)


def test_restore_table_to_point_in_time_is_not_supported(ddb: Any, table: str) -> None:
    _enable(ddb, table)
    message = validation_message(ddb.restore_table_to_point_in_time, SourceTableName=table,
                                 TargetTableName=new_name("r"), UseLatestRestorableTime=True)
    assert message == "not supported: RestoreTableToPointInTime"


def test_point_in_time_recovery_setting_survives_restart(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = RunningServer(data).start()
    try:
        ddb: Any = make_client(first, "dynamodb")
        create_table(ddb, "pitr")
        _enable(ddb, "pitr", RecoveryPeriodInDays=3)
    finally:
        first.stop()
    second = RunningServer(data).start()
    try:
        ddb = make_client(second, "dynamodb")
        pitr = ddb.describe_continuous_backups(TableName="pitr")[
            "ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
        assert (pitr["PointInTimeRecoveryStatus"], pitr["RecoveryPeriodInDays"]) == ("ENABLED", 3)
    finally:
        second.stop()
