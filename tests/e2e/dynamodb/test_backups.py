"""On-demand backups: CreateBackup, DescribeBackup, ListBackups, DeleteBackup.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/BackupRestore.html
"""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import make_client
from tests.e2e.dynamodb.support import create_table, error_of
from tests.server import RunningServer

ARN = re.compile(r"arn:aws:dynamodb:us-east-1:\d{12}:table/(?P<t>[^/]+)/backup/\d{14}-[0-9a-f]{8}")


def _fill(ddb: Any, table: str, n: int = 3) -> None:
    for i in range(n):
        ddb.put_item(TableName=table, Item={"pk": {"S": f"k{i}"}, "v": {"N": str(i)}})


def test_create_backup_returns_available_user_backup(ddb: Any, table: str) -> None:
    """https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateBackup.html"""
    _fill(ddb, table)
    before = time.time()
    details = ddb.create_backup(TableName=table, BackupName="nightly")["BackupDetails"]

    match = ARN.fullmatch(details["BackupArn"])
    assert match is not None and match["t"] == table
    assert details["BackupName"] == "nightly"
    assert details["BackupStatus"] == "AVAILABLE"
    assert details["BackupType"] == "USER"
    assert details["BackupSizeBytes"] > 0
    assert details["BackupCreationDateTime"].timestamp() >= before - 1


def test_create_backup_of_unknown_table(ddb: Any) -> None:
    """CreateBackup names a missing table: TableNotFoundException (400)."""
    code, message, status = error_of(ddb.create_backup, TableName="nothere", BackupName="bk1")
    assert (code, status) == ("TableNotFoundException", 400)
    assert message == "Table not found: nothere"


def test_create_backup_by_table_arn(ddb: Any, table: str) -> None:
    arn = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    details = ddb.create_backup(TableName=arn, BackupName="byarn")["BackupDetails"]
    assert f"table/{table}/backup/" in details["BackupArn"]


def test_describe_backup_has_source_table_details_and_features(
        ddb: Any, make_table: Callable[..., str]) -> None:
    """https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeBackup.html"""
    name = make_table(
        range_key="sk", extra_attributes={"g": "S", "l": "N"},
        GlobalSecondaryIndexes=[{"IndexName": "byG",
                                 "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "KEYS_ONLY"}}],
        LocalSecondaryIndexes=[{"IndexName": "byL",
                                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                              {"AttributeName": "l", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "INCLUDE",
                                               "NonKeyAttributes": ["x"]}}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    ddb.update_time_to_live(TableName=name, TimeToLiveSpecification={
        "Enabled": True, "AttributeName": "expires"})
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "sk": {"S": "1"}, "g": {"S": "x"}})
    table = ddb.describe_table(TableName=name)["Table"]
    arn = ddb.create_backup(TableName=name, BackupName="full")["BackupDetails"]["BackupArn"]

    desc = ddb.describe_backup(BackupArn=arn)["BackupDescription"]

    assert desc["BackupDetails"]["BackupArn"] == arn
    source = desc["SourceTableDetails"]
    assert source["TableName"] == name
    assert source["TableId"] == table["TableId"]
    assert source["TableArn"] == table["TableArn"]
    assert source["KeySchema"] == table["KeySchema"]
    assert source["ItemCount"] == 1
    assert source["TableSizeBytes"] == desc["BackupDetails"]["BackupSizeBytes"]
    assert source["BillingMode"] == "PAY_PER_REQUEST"
    assert source["TableCreationDateTime"] == table["CreationDateTime"]
    features = desc["SourceTableFeatureDetails"]
    assert [i["IndexName"] for i in features["GlobalSecondaryIndexes"]] == ["byG"]
    assert features["GlobalSecondaryIndexes"][0]["Projection"] == {"ProjectionType": "KEYS_ONLY"}
    assert features["LocalSecondaryIndexes"][0]["Projection"] == {
        "ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]}
    assert features["StreamDescription"] == {"StreamEnabled": True,
                                             "StreamViewType": "NEW_IMAGE"}
    assert features["TimeToLiveDescription"] == {"TimeToLiveStatus": "ENABLED",
                                                 "AttributeName": "expires"}


def test_describe_unknown_backup(ddb: Any, table: str) -> None:
    """BackupNotFoundException (400) for an ARN no backup has."""
    arn = (ddb.describe_table(TableName=table)["Table"]["TableArn"]
           + "/backup/01700000000000-0000abcd")
    code, message, status = error_of(ddb.describe_backup, BackupArn=arn)
    assert (code, status) == ("BackupNotFoundException", 400)
    assert message == f"Backup not found: {arn}"


def test_describe_backup_with_invalid_arn(ddb: Any) -> None:
    code, message, status = error_of(
        ddb.describe_backup, BackupArn="arn:aws:dynamodb:us-east-1:000000000000:table/x")
    assert (code, status) == ("ValidationException", 400)
    assert message == "Invalid Backup ARN"


def test_backup_is_a_snapshot_of_that_moment(ddb: Any, table: str) -> None:
    """Later writes to the table do not change the backup."""
    _fill(ddb, table, 2)
    arn = ddb.create_backup(TableName=table, BackupName="snap")["BackupDetails"]["BackupArn"]
    _fill(ddb, table, 5)
    ddb.delete_item(TableName=table, Key={"pk": {"S": "k0"}})

    source = ddb.describe_backup(BackupArn=arn)["BackupDescription"]["SourceTableDetails"]
    assert source["ItemCount"] == 2


def test_backup_outlives_its_table(ddb: Any, make_table: Callable[..., str]) -> None:
    name = make_table()
    _fill(ddb, name)
    arn = ddb.create_backup(TableName=name, BackupName="keep")["BackupDetails"]["BackupArn"]
    ddb.delete_table(TableName=name)

    desc = ddb.describe_backup(BackupArn=arn)["BackupDescription"]
    assert desc["BackupDetails"]["BackupStatus"] == "AVAILABLE"
    summaries = ddb.list_backups(TableName=name)["BackupSummaries"]
    assert [s["BackupArn"] for s in summaries] == [arn]


def test_delete_backup_returns_deleted_description(ddb: Any, table: str) -> None:
    """https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteBackup.html"""
    arn = ddb.create_backup(TableName=table, BackupName="gone")["BackupDetails"]["BackupArn"]

    desc = ddb.delete_backup(BackupArn=arn)["BackupDescription"]

    assert desc["BackupDetails"]["BackupStatus"] == "DELETED"
    assert desc["SourceTableDetails"]["TableName"] == table
    assert error_of(ddb.describe_backup, BackupArn=arn)[0] == "BackupNotFoundException"
    assert error_of(ddb.delete_backup, BackupArn=arn)[0] == "BackupNotFoundException"
    assert ddb.list_backups(TableName=table)["BackupSummaries"] == []


def test_list_backups_of_a_table(ddb: Any, table: str, make_table: Callable[..., str]) -> None:
    """https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListBackups.html"""
    other = make_table()
    first = ddb.create_backup(TableName=table, BackupName="one")["BackupDetails"]
    second = ddb.create_backup(TableName=table, BackupName="two")["BackupDetails"]
    ddb.create_backup(TableName=other, BackupName="three")
    table_arn = ddb.describe_table(TableName=table)["Table"]["TableArn"]

    summaries = ddb.list_backups(TableName=table)["BackupSummaries"]

    assert [s["BackupArn"] for s in summaries] == [first["BackupArn"], second["BackupArn"]]
    summary = summaries[0]
    assert summary["TableName"] == table
    assert summary["TableArn"] == table_arn
    assert summary["BackupName"] == "one"
    assert summary["BackupStatus"] == "AVAILABLE"
    assert summary["BackupType"] == "USER"
    assert "TableId" in summary and "BackupSizeBytes" in summary
    by_arn = ddb.list_backups(TableName=table_arn)["BackupSummaries"]
    assert [s["BackupName"] for s in by_arn] == ["one", "two"]


def test_list_backups_pages_with_limit(ddb: Any, table: str) -> None:
    arns = [ddb.create_backup(TableName=table, BackupName=f"bk{i}")["BackupDetails"]["BackupArn"]
            for i in range(3)]

    page = ddb.list_backups(TableName=table, Limit=2)
    assert [s["BackupArn"] for s in page["BackupSummaries"]] == arns[:2]
    assert page["LastEvaluatedBackupArn"] == arns[1]
    rest = ddb.list_backups(TableName=table, Limit=2,
                            ExclusiveStartBackupArn=page["LastEvaluatedBackupArn"])
    assert [s["BackupArn"] for s in rest["BackupSummaries"]] == arns[2:]
    assert "LastEvaluatedBackupArn" not in rest
    paginated = ddb.get_paginator("list_backups").paginate(
        TableName=table, PaginationConfig={"PageSize": 1})
    assert [s["BackupArn"] for p in paginated for s in p["BackupSummaries"]] == arns


def test_list_backups_by_time_range(ddb: Any, table: str) -> None:
    """TimeRangeLowerBound is inclusive, TimeRangeUpperBound exclusive."""
    first = ddb.create_backup(TableName=table, BackupName="early")["BackupDetails"]
    time.sleep(0.05)
    second = ddb.create_backup(TableName=table, BackupName="late")["BackupDetails"]
    at = second["BackupCreationDateTime"]

    later = ddb.list_backups(TableName=table, TimeRangeLowerBound=at)["BackupSummaries"]
    earlier = ddb.list_backups(TableName=table, TimeRangeUpperBound=at)["BackupSummaries"]

    assert [s["BackupName"] for s in later] == ["late"]
    assert [s["BackupArn"] for s in earlier] == [first["BackupArn"]]


def test_list_backups_with_reversed_time_range(ddb: Any, table: str) -> None:
    now = datetime.datetime.now(datetime.UTC)
    code, message, status = error_of(
        ddb.list_backups, TableName=table, TimeRangeLowerBound=now,
        TimeRangeUpperBound=now - datetime.timedelta(hours=1))
    assert (code, status) == ("ValidationException", 400)
    assert message == ("One or more parameter values were invalid: Time range lower bound must "
                       "be less than or equal to upper bound")


def test_list_backups_by_type(ddb: Any, table: str) -> None:
    """Only USER backups exist: SYSTEM lists none, ALL and USER list them."""
    ddb.create_backup(TableName=table, BackupName="mine")
    assert len(ddb.list_backups(TableName=table, BackupType="USER")["BackupSummaries"]) == 1
    assert len(ddb.list_backups(TableName=table, BackupType="ALL")["BackupSummaries"]) == 1
    assert ddb.list_backups(TableName=table, BackupType="SYSTEM")["BackupSummaries"] == []


def test_backups_survive_restart(tmp_path: Path) -> None:
    """Backups are stored in the data directory: after a restart they can be listed,
    described and restored, even though their source table was deleted."""
    data = tmp_path / "data"
    first = RunningServer(data).start()
    try:
        ddb: Any = make_client(first, "dynamodb")
        create_table(ddb, "source")
        _fill(ddb, "source", 4)
        arn = ddb.create_backup(TableName="source", BackupName="kept")["BackupDetails"][
            "BackupArn"]
        ddb.delete_table(TableName="source")
    finally:
        first.stop()
    second = RunningServer(data).start()
    try:
        ddb = make_client(second, "dynamodb")
        assert [s["BackupArn"] for s in ddb.list_backups()["BackupSummaries"]] == [arn]
        desc = ddb.describe_backup(BackupArn=arn)["BackupDescription"]
        assert desc["SourceTableDetails"]["ItemCount"] == 4
        ddb.restore_table_from_backup(TargetTableName="restored", BackupArn=arn)
        assert ddb.scan(TableName="restored")["Count"] == 4
    finally:
        second.stop()
