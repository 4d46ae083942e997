"""RestoreTableFromBackup:
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_RestoreTableFromBackup.html
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.dynamodb.support import error_of, new_name, validation_message

GSI = {"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
       "Projection": {"ProjectionType": "ALL"}}
LSI = {"IndexName": "byL", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                         {"AttributeName": "l", "KeyType": "RANGE"}],
       "Projection": {"ProjectionType": "KEYS_ONLY"}}


@pytest.fixture
def indexed(ddb: Any, make_table: Callable[..., str]) -> str:
    """A table with a GSI and an LSI, five items, a stream, TTL, tags and deletion
    protection; returns the ARN of a backup of it."""
    name = make_table(range_key="sk", range_type="N", extra_attributes={"g": "S", "l": "N"},
                      GlobalSecondaryIndexes=[GSI], LocalSecondaryIndexes=[LSI],
                      StreamSpecification={"StreamEnabled": True,
                                           "StreamViewType": "KEYS_ONLY"},
                      Tags=[{"Key": "team", "Value": "a"}], TableClass="STANDARD_INFREQUENT_ACCESS")
    ddb.update_time_to_live(TableName=name, TimeToLiveSpecification={
        "Enabled": True, "AttributeName": "exp"})
    for i in range(5):
        item = {"pk": {"S": "p"}, "sk": {"N": str(i)}, "l": {"N": str(10 - i)}}
        if i % 2 == 0:
            item["g"] = {"S": f"g{i}"}
        ddb.put_item(TableName=name, Item=item)
    arn: str = ddb.create_backup(TableName=name, BackupName="src")["BackupDetails"]["BackupArn"]
    return arn


def test_restore_creates_a_new_table_with_items_and_indexes(ddb: Any, indexed: str) -> None:
    target = new_name("r")
    desc = ddb.restore_table_from_backup(TargetTableName=target,
                                         BackupArn=indexed)["TableDescription"]

    assert desc["TableName"] == target
    assert desc["TableStatus"] == "ACTIVE"
    assert desc["TableArn"].endswith(f":table/{target}")
    assert [i["IndexName"] for i in desc["GlobalSecondaryIndexes"]] == ["byG"]
    assert [i["IndexName"] for i in desc["LocalSecondaryIndexes"]] == ["byL"]
    assert desc["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert desc["ItemCount"] == 5
    ddb.get_waiter("table_exists").wait(TableName=target, WaiterConfig={"Delay": 1})
    assert ddb.scan(TableName=target)["Count"] == 5
    by_g = ddb.scan(TableName=target, IndexName="byG")["Items"]
    assert sorted(i["g"]["S"] for i in by_g) == ["g0", "g2", "g4"]
    by_l = ddb.query(TableName=target, IndexName="byL", KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": {"S": "p"}})["Items"]
    assert [i["l"]["N"] for i in by_l] == ["6", "7", "8", "9", "10"]


def test_restored_table_has_a_restore_summary(ddb: Any, indexed: str) -> None:
    target = new_name("r")
    ddb.restore_table_from_backup(TargetTableName=target, BackupArn=indexed)
    backup = ddb.describe_backup(BackupArn=indexed)["BackupDescription"]

    summary = ddb.describe_table(TableName=target)["Table"]["RestoreSummary"]

    assert summary["SourceBackupArn"] == indexed
    assert summary["SourceTableArn"] == backup["SourceTableDetails"]["TableArn"]
    assert summary["RestoreDateTime"] == backup["BackupDetails"]["BackupCreationDateTime"]
    assert summary["RestoreInProgress"] is False


def test_restore_keeps_table_class_but_not_stream_ttl_tags_or_protection(
        ddb: Any, indexed: str) -> None:
    """Streams, TTL, tags and deletion protection must be set again on a restored table."""
    target = new_name("r")
    desc = ddb.restore_table_from_backup(TargetTableName=target,
                                         BackupArn=indexed)["TableDescription"]

    assert desc["TableClassSummary"]["TableClass"] == "STANDARD_INFREQUENT_ACCESS"
    assert "StreamSpecification" not in desc
    assert desc["DeletionProtectionEnabled"] is False
    ttl = ddb.describe_time_to_live(TableName=target)["TimeToLiveDescription"]
    assert ttl["TimeToLiveStatus"] == "DISABLED"
    assert ddb.list_tags_of_resource(ResourceArn=desc["TableArn"]).get("Tags", []) == []


def test_restored_table_is_independent_of_the_source(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"N": "1"}})
    arn = ddb.create_backup(TableName=table, BackupName="bk0")["BackupDetails"]["BackupArn"]
    target = new_name("r")
    ddb.restore_table_from_backup(TargetTableName=target, BackupArn=arn)

    ddb.put_item(TableName=target, Item={"pk": {"S": "a"}, "v": {"N": "2"}})
    ddb.put_item(TableName=table, Item={"pk": {"S": "b"}})

    assert ddb.get_item(TableName=table, Key={"pk": {"S": "a"}})["Item"]["v"] == {"N": "1"}
    assert ddb.scan(TableName=target)["Count"] == 1


def test_restore_after_the_source_table_was_deleted(ddb: Any,
                                                    make_table: Callable[..., str]) -> None:
    name = make_table()
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}})
    arn = ddb.create_backup(TableName=name, BackupName="last")["BackupDetails"]["BackupArn"]
    ddb.delete_table(TableName=name)

    ddb.restore_table_from_backup(TargetTableName=name, BackupArn=arn)

    assert ddb.get_item(TableName=name, Key={"pk": {"S": "a"}})["Item"] == {"pk": {"S": "a"}}


def test_restore_to_an_existing_table(ddb: Any, table: str) -> None:
    """TableAlreadyExistsException (400) when TargetTableName exists."""
    arn = ddb.create_backup(TableName=table, BackupName="bk0")["BackupDetails"]["BackupArn"]
    code, message, status = error_of(ddb.restore_table_from_backup, TargetTableName=table,
                                     BackupArn=arn)
    assert (code, status) == ("TableAlreadyExistsException", 400)
    assert message == f"Table already exists: {table}"


def test_restore_from_unknown_backup(ddb: Any, table: str) -> None:
    arn = (ddb.describe_table(TableName=table)["Table"]["TableArn"]
           + "/backup/01700000000000-0000abcd")
    code, message, status = error_of(ddb.restore_table_from_backup,
                                     TargetTableName=new_name("r"), BackupArn=arn)
    assert (code, status) == ("BackupNotFoundException", 400)
    assert message == f"Backup not found: {arn}"


def test_restore_with_billing_mode_override(ddb: Any, indexed: str) -> None:
    target = new_name("r")
    desc = ddb.restore_table_from_backup(
        TargetTableName=target, BackupArn=indexed, BillingModeOverride="PROVISIONED",
        ProvisionedThroughputOverride={"ReadCapacityUnits": 3, "WriteCapacityUnits": 4},
        GlobalSecondaryIndexOverride=[{**GSI, "ProvisionedThroughput": {
            "ReadCapacityUnits": 1, "WriteCapacityUnits": 2}}])["TableDescription"]

    assert desc["ProvisionedThroughput"]["ReadCapacityUnits"] == 3
    assert desc["ProvisionedThroughput"]["WriteCapacityUnits"] == 4
    gsi = desc["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"]
    assert (gsi["ReadCapacityUnits"], gsi["WriteCapacityUnits"]) == (1, 2)


def test_restore_to_provisioned_needs_throughput(ddb: Any, indexed: str) -> None:
    message = validation_message(ddb.restore_table_from_backup, TargetTableName=new_name("r"),
                                 BackupArn=indexed, BillingModeOverride="PROVISIONED")
    assert message == ("Invalid Request: Must override ProvisionedThroughput if BillingMode is "
                       "overridden to PROVISIONED")


def test_restore_to_on_demand_rejects_throughput(ddb: Any, make_table: Callable[..., str]) -> None:
    name = make_table(BillingMode="PROVISIONED",
                      ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    arn = ddb.create_backup(TableName=name, BackupName="prov")["BackupDetails"]["BackupArn"]
    message = validation_message(
        ddb.restore_table_from_backup, TargetTableName=new_name("r"), BackupArn=arn,
        BillingModeOverride="PAY_PER_REQUEST",
        ProvisionedThroughputOverride={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    assert message == ("Invalid Request: Cannot override ProvisionedThroughput if BillingMode "
                       "is overridden to PAY_PER_REQUEST")
    desc = ddb.restore_table_from_backup(TargetTableName=new_name("r"), BackupArn=arn,
                                         BillingModeOverride="PAY_PER_REQUEST")
    assert desc["TableDescription"]["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    kept = ddb.restore_table_from_backup(TargetTableName=new_name("r"), BackupArn=arn)
    assert kept["TableDescription"]["ProvisionedThroughput"]["ReadCapacityUnits"] == 5


def test_restore_with_index_overrides_keeps_a_subset(ddb: Any, indexed: str) -> None:
    target = new_name("r")
    desc = ddb.restore_table_from_backup(TargetTableName=target, BackupArn=indexed,
                                         GlobalSecondaryIndexOverride=[],
                                         LocalSecondaryIndexOverride=[LSI])["TableDescription"]

    assert "GlobalSecondaryIndexes" not in desc
    assert [i["IndexName"] for i in desc["LocalSecondaryIndexes"]] == ["byL"]
    assert sorted(d["AttributeName"] for d in desc["AttributeDefinitions"]) == ["l", "pk", "sk"]
    assert ddb.scan(TableName=target, IndexName="byL")["Count"] == 5


def test_restore_with_an_index_the_source_did_not_have(ddb: Any, indexed: str) -> None:
    other = {**GSI, "IndexName": "brandNew"}
    message = validation_message(ddb.restore_table_from_backup, TargetTableName=new_name("r"),
                                 BackupArn=indexed, GlobalSecondaryIndexOverride=[other])
    assert message == ("Invalid Request: Index brandNew does not match a secondary index that "
                       "existed in the source table and cannot be created during the restore "
                       "operation")
