"""DynamoDB answers exactly as AWS does: DeleteTable's description, warm and on-demand
throughput, not-found texts, item counts.

Sources: the API reference pages linked per test, and responses recorded against AWS
(LocalStack's ``test_dynamodb.snapshot.json``, ScyllaDB's ``test_table.py``, dynalite's
tests, which run against DynamoDB).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_client
from tests.e2e.dynamodb.support import create_table, error_of, new_name, validation_message
from tests.server import RunningServer

NOT_FOUND = "Requested resource not found"
GSI = {"IndexName": "byx", "KeySchema": [{"AttributeName": "x", "KeyType": "HASH"}],
       "Projection": {"ProjectionType": "ALL"}}


def provisioned(ddb: Any, read: int = 5, write: int = 5, **kwargs: Any) -> str:
    return create_table(ddb, BillingMode="PROVISIONED",
                        ProvisionedThroughput={"ReadCapacityUnits": read,
                                               "WriteCapacityUnits": write}, **kwargs)


# -- DeleteTable -------------------------------------------------------------------------


def test_delete_table_answers_the_short_description(ddb: Any) -> None:
    """DeleteTable's TableDescription holds TableName, TableStatus DELETING, TableArn,
    TableId, ItemCount, TableSizeBytes, ProvisionedThroughput and
    DeletionProtectionEnabled, and no AttributeDefinitions, KeySchema, CreationDateTime
    or WarmThroughput (recorded AWS answer for a 5/5 provisioned table). cloudlet's counts
    are the table's exact ones at deletion.
    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteTable.html
    """
    name = provisioned(ddb)
    arn = ddb.describe_table(TableName=name)["Table"]["TableArn"]
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}})

    desc = ddb.delete_table(TableName=name)["TableDescription"]

    assert set(desc) == {"TableName", "TableStatus", "ProvisionedThroughput", "TableSizeBytes",
                         "ItemCount", "TableArn", "TableId", "DeletionProtectionEnabled"}
    assert (desc["TableName"], desc["TableStatus"], desc["TableArn"]) == (name, "DELETING", arn)
    assert desc["ProvisionedThroughput"] == {"NumberOfDecreasesToday": 0,
                                             "ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
    assert (desc["ItemCount"], desc["TableSizeBytes"]) == (1, 3)
    assert desc["DeletionProtectionEnabled"] is False


def test_delete_on_demand_table_with_indexes(ddb: Any) -> None:
    """An on-demand table's DeleteTable answer has BillingModeSummary (PAY_PER_REQUEST,
    with LastUpdateToPayPerRequestDateTime) and 0/0 ProvisionedThroughput, and leaves out
    GlobalSecondaryIndexes and LocalSecondaryIndexes that DescribeTable shows.
    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteTable.html
    """
    name = create_table(
        ddb, range_key="sk", extra_attributes={"x": "S"}, GlobalSecondaryIndexes=[GSI],
        LocalSecondaryIndexes=[{"IndexName": "byxl", "KeySchema": [
            {"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "x", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"}}])
    described = ddb.describe_table(TableName=name)["Table"]

    desc = ddb.delete_table(TableName=name)["TableDescription"]

    for member in ("KeySchema", "AttributeDefinitions", "CreationDateTime",
                   "GlobalSecondaryIndexes", "LocalSecondaryIndexes", "WarmThroughput"):
        assert member in described
        assert member not in desc
    assert desc["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert "LastUpdateToPayPerRequestDateTime" in desc["BillingModeSummary"]
    assert desc["ProvisionedThroughput"] == {"NumberOfDecreasesToday": 0,
                                             "ReadCapacityUnits": 0, "WriteCapacityUnits": 0}


def test_delete_table_with_stream_reports_the_stream(ddb: Any) -> None:
    """A table with a stream: DeleteTable's answer carries StreamSpecification,
    LatestStreamArn and LatestStreamLabel (the stream goes DISABLED).
    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteTable.html
    """
    name = create_table(ddb, StreamSpecification={"StreamEnabled": True,
                                                  "StreamViewType": "KEYS_ONLY"})
    table = ddb.describe_table(TableName=name)["Table"]

    desc = ddb.delete_table(TableName=name)["TableDescription"]

    assert desc["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}
    assert desc["LatestStreamArn"] == table["LatestStreamArn"]
    assert desc["LatestStreamLabel"] == table["LatestStreamLabel"]


# -- WarmThroughput / OnDemandThroughput ---------------------------------------------------


def test_default_warm_throughput(ddb: Any) -> None:
    """Every table and GSI has a warm throughput: a provisioned one its provisioned units,
    a new on-demand one 12,000 read / 4,000 write units per second; DescribeTable reports
    it with Status ACTIVE. CreateTable's answer carries none that was not asked for, and
    no LastUpdateToPayPerRequestDateTime (recorded AWS answers).
    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/warm-throughput.html
    """
    gsi = dict(GSI, ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    name = new_name()
    created = ddb.create_table(
        TableName=name, AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                              {"AttributeName": "x", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], GlobalSecondaryIndexes=[gsi],
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
    )["TableDescription"]
    on_demand = create_table(ddb, extra_attributes={"x": "S"}, GlobalSecondaryIndexes=[GSI])

    assert "WarmThroughput" not in created
    assert "WarmThroughput" not in created["GlobalSecondaryIndexes"][0]
    table = ddb.describe_table(TableName=name)["Table"]
    assert table["WarmThroughput"] == {"ReadUnitsPerSecond": 5, "WriteUnitsPerSecond": 5,
                                       "Status": "ACTIVE"}
    assert table["GlobalSecondaryIndexes"][0]["WarmThroughput"] == {
        "ReadUnitsPerSecond": 1, "WriteUnitsPerSecond": 1, "Status": "ACTIVE"}
    table = ddb.describe_table(TableName=on_demand)["Table"]
    default = {"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000, "Status": "ACTIVE"}
    assert table["WarmThroughput"] == default
    assert table["GlobalSecondaryIndexes"][0]["WarmThroughput"] == default


def test_create_table_with_warm_throughput(ddb: Any) -> None:
    """CreateTable's WarmThroughput (table and GSI) is kept; CreateTable's answer and
    DescribeTable report it (Status ACTIVE here: the table is ACTIVE at once; AWS says
    UPDATING while it pre-warms).
    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
    """
    gsi = dict(GSI, WarmThroughput={"ReadUnitsPerSecond": 20000, "WriteUnitsPerSecond": 5000})
    name = new_name()
    created = ddb.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "x", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], GlobalSecondaryIndexes=[gsi],
        WarmThroughput={"ReadUnitsPerSecond": 15000, "WriteUnitsPerSecond": 20000},
    )["TableDescription"]

    warm = {"ReadUnitsPerSecond": 15000, "WriteUnitsPerSecond": 20000, "Status": "ACTIVE"}
    assert created["WarmThroughput"] == warm
    table = ddb.describe_table(TableName=name)["Table"]
    assert table["WarmThroughput"] == warm
    assert table["GlobalSecondaryIndexes"][0]["WarmThroughput"] == {
        "ReadUnitsPerSecond": 20000, "WriteUnitsPerSecond": 5000, "Status": "ACTIVE"}


def test_warm_throughput_below_start_is_refused(ddb: Any, make_table: Callable[..., str]) -> None:
    """A WarmThroughput below the provisioned units (or below the on-demand start, for a
    table or a GSI) is a ValidationException (400) with DynamoDB's text.
    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/warm-throughput.html
    """
    message = validation_message(provisioned, ddb, 100, 100,
                                 WarmThroughput={"ReadUnitsPerSecond": 50})
    assert message == ("One or more parameter values were invalid: Requested ReadUnitsPerSecond "
                       "for WarmThroughput for table is lower than ReadCapacityUnits of "
                       "ProvisionedThroughput")
    message = validation_message(
        make_table, extra_attributes={"x": "S"},
        GlobalSecondaryIndexes=[dict(GSI, WarmThroughput={"ReadUnitsPerSecond": 12000,
                                                          "WriteUnitsPerSecond": 100})])
    assert message == ("One or more parameter values were invalid: Requested "
                       "WriteUnitsPerSecond for WarmThroughput for index byx is lower than "
                       "initial throughput for OnDemand")


def test_update_table_raises_warm_throughput(ddb: Any) -> None:
    """UpdateTable's WarmThroughput (table, or a GSI's Update action) raises it; raising
    the provisioned units above it raises it too; it never goes down.
    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/warm-throughput-scenarios.html
    """
    name = provisioned(ddb, extra_attributes={"x": "S"}, GlobalSecondaryIndexes=[
        dict(GSI, ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})])

    desc = ddb.update_table(
        TableName=name, WarmThroughput={"ReadUnitsPerSecond": 300, "WriteUnitsPerSecond": 100},
        GlobalSecondaryIndexUpdates=[{"Update": {
            "IndexName": "byx", "WarmThroughput": {"ReadUnitsPerSecond": 40}}}],
    )["TableDescription"]
    assert desc["WarmThroughput"] == {"ReadUnitsPerSecond": 300, "WriteUnitsPerSecond": 100,
                                      "Status": "ACTIVE"}
    assert desc["GlobalSecondaryIndexes"][0]["WarmThroughput"]["ReadUnitsPerSecond"] == 40

    ddb.update_table(TableName=name, ProvisionedThroughput={"ReadCapacityUnits": 500,
                                                            "WriteCapacityUnits": 50})
    warm = ddb.describe_table(TableName=name)["Table"]["WarmThroughput"]
    assert (warm["ReadUnitsPerSecond"], warm["WriteUnitsPerSecond"]) == (500, 100)
    ddb.update_table(TableName=name, ProvisionedThroughput={"ReadCapacityUnits": 5,
                                                            "WriteCapacityUnits": 5})
    warm = ddb.describe_table(TableName=name)["Table"]["WarmThroughput"]
    assert (warm["ReadUnitsPerSecond"], warm["WriteUnitsPerSecond"]) == (500, 100)


def test_on_demand_throughput(ddb: Any, make_table: Callable[..., str]) -> None:
    """OnDemandThroughput (MaxReadRequestUnits / MaxWriteRequestUnits, -1 for no maximum)
    on an on-demand table and its GSIs is kept and described; UpdateTable changes it.
    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode-max-throughput.html
    """
    name = make_table(
        extra_attributes={"x": "S"},
        OnDemandThroughput={"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": -1},
        GlobalSecondaryIndexes=[dict(GSI, OnDemandThroughput={"MaxReadRequestUnits": 7,
                                                              "MaxWriteRequestUnits": 8})])
    table = ddb.describe_table(TableName=name)["Table"]
    assert table["OnDemandThroughput"] == {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": -1}
    assert table["GlobalSecondaryIndexes"][0]["OnDemandThroughput"] == {
        "MaxReadRequestUnits": 7, "MaxWriteRequestUnits": 8}

    desc = ddb.update_table(
        TableName=name, OnDemandThroughput={"MaxWriteRequestUnits": 50},
        GlobalSecondaryIndexUpdates=[{"Update": {
            "IndexName": "byx", "OnDemandThroughput": {"MaxReadRequestUnits": -1}}}],
    )["TableDescription"]

    assert desc["OnDemandThroughput"] == {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 50}
    assert desc["GlobalSecondaryIndexes"][0]["OnDemandThroughput"] == {
        "MaxReadRequestUnits": -1, "MaxWriteRequestUnits": 8}


def test_on_demand_throughput_out_of_range(ddb: Any, make_table: Callable[..., str]) -> None:
    """A maximum that is neither -1 nor at least 1 is a ValidationException (400):
    "Requested MaxWriteRequestUnits for OnDemandThroughput for table is outside of valid
    range" (the text AWS answered in terraform-provider-aws issue 39760).
    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_OnDemandThroughput.html
    """
    message = validation_message(
        make_table, OnDemandThroughput={"MaxReadRequestUnits": 10, "MaxWriteRequestUnits": 0})
    assert message == ("One or more parameter values were invalid: Requested "
                       "MaxWriteRequestUnits for OnDemandThroughput for table is outside of "
                       "valid range")


def test_warm_and_on_demand_throughput_survive_a_restart(tmp_path: Path) -> None:
    """Warm and on-demand throughput are table data: a restarted server reports them.
    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTable.html
    """
    data = tmp_path / "data"
    first = RunningServer(data).start()
    try:
        create_table(make_client(first, "dynamodb"), "warm",
                     WarmThroughput={"ReadUnitsPerSecond": 30000},
                     OnDemandThroughput={"MaxReadRequestUnits": 9})
    finally:
        first.stop()
    second = RunningServer(data).start()
    try:
        table = make_client(second, "dynamodb").describe_table(TableName="warm")["Table"]
        assert table["WarmThroughput"]["ReadUnitsPerSecond"] == 30000
        assert table["WarmThroughput"]["WriteUnitsPerSecond"] == 4000
        assert table["OnDemandThroughput"] == {"MaxReadRequestUnits": 9}
    finally:
        second.stop()


# -- not found -----------------------------------------------------------------------------

KEY = {"pk": {"S": "a"}}
ITEM_CALLS: list[tuple[str, Callable[[str], dict[str, Any]]]] = [
    ("get_item", lambda t: {"TableName": t, "Key": KEY}),
    ("put_item", lambda t: {"TableName": t, "Item": KEY}),
    ("update_item", lambda t: {"TableName": t, "Key": KEY}),
    ("delete_item", lambda t: {"TableName": t, "Key": KEY}),
    ("query", lambda t: {"TableName": t, "KeyConditionExpression": "pk = :a",
                         "ExpressionAttributeValues": {":a": {"S": "a"}}}),
    ("scan", lambda t: {"TableName": t}),
    ("batch_get_item", lambda t: {"RequestItems": {t: {"Keys": [KEY]}}}),
    ("batch_write_item", lambda t: {"RequestItems": {t: [{"PutRequest": {"Item": KEY}}]}}),
    ("transact_write_items", lambda t: {"TransactItems": [{"Put": {"TableName": t,
                                                                   "Item": KEY}}]}),
    ("transact_get_items", lambda t: {"TransactItems": [{"Get": {"TableName": t, "Key": KEY}}]}),
    ("execute_statement", lambda t: {"Statement": f'SELECT * FROM "{t}"'}),
]


@pytest.mark.parametrize(("operation", "params"), ITEM_CALLS, ids=[c[0] for c in ITEM_CALLS])
def test_item_operations_on_a_missing_table(ddb: Any, operation: str,
                                            params: Callable[[str], dict[str, Any]]) -> None:
    """Item, batch, transaction and PartiQL operations on a missing table:
    ResourceNotFoundException (400), "Requested resource not found" (no table name).
    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
    """
    code, message, status = error_of(getattr(ddb, operation), **params(new_name()))
    assert (code, message, status) == ("ResourceNotFoundException", NOT_FOUND, 400)


TABLE_CALLS: list[tuple[str, Callable[[str], dict[str, Any]]]] = [
    ("describe_table", lambda t: {"TableName": t}),
    ("delete_table", lambda t: {"TableName": t}),
    ("update_table", lambda t: {"TableName": t, "DeletionProtectionEnabled": True}),
    ("describe_time_to_live", lambda t: {"TableName": t}),
    ("update_time_to_live", lambda t: {"TableName": t, "TimeToLiveSpecification": {
        "Enabled": True, "AttributeName": "ttl"}}),
    ("describe_contributor_insights", lambda t: {"TableName": t}),
    ("describe_kinesis_streaming_destination", lambda t: {"TableName": t}),
]


@pytest.mark.parametrize(("operation", "params"), TABLE_CALLS, ids=[c[0] for c in TABLE_CALLS])
def test_table_operations_on_a_missing_table(ddb: Any, operation: str,
                                             params: Callable[[str], dict[str, Any]]) -> None:
    """Table-level operations on a missing table: ResourceNotFoundException (400) naming
    it, "Requested resource not found: Table: <name> not found".
    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTable.html
    """
    name = new_name()
    code, message, status = error_of(getattr(ddb, operation), **params(name))
    assert (code, status) == ("ResourceNotFoundException", 400)
    assert message == f"{NOT_FOUND}: Table: {name} not found"


def test_tag_operations_on_a_missing_table(ddb: Any, table: str) -> None:
    """Tags of a table ARN that names no table: ResourceNotFoundException (400);
    TagResource and ListTagsOfResource say "Requested resource not found: ResourcArn:
    <arn> not found" (DynamoDB's spelling), UntagResource "Requested resource not found".
    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TagResource.html
    """
    arn = ddb.describe_table(TableName=table)["Table"]["TableArn"] + "gone"
    named = f"{NOT_FOUND}: ResourcArn: {arn} not found"

    assert error_of(ddb.tag_resource, ResourceArn=arn, Tags=[{"Key": "k", "Value": "v"}]) == (
        "ResourceNotFoundException", named, 400)
    assert error_of(ddb.list_tags_of_resource, ResourceArn=arn) == (
        "ResourceNotFoundException", named, 400)
    assert error_of(ddb.untag_resource, ResourceArn=arn, TagKeys=["k"]) == (
        "ResourceNotFoundException", NOT_FOUND, 400)


def test_backup_operations_on_a_missing_table(ddb: Any) -> None:
    """Backup and continuous-backup operations on a missing table raise
    TableNotFoundException (400), "Table not found: <name>".
    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateBackup.html
    """
    name = new_name()
    assert error_of(ddb.create_backup, TableName=name, BackupName="bkp") == (
        "TableNotFoundException", f"Table not found: {name}", 400)
    assert error_of(ddb.describe_continuous_backups, TableName=name) == (
        "TableNotFoundException", f"Table not found: {name}", 400)


def test_switch_to_provisioned_needs_throughput(ddb: Any, make_table: Callable[..., str]) -> None:
    """UpdateTable to PROVISIONED without ProvisionedThroughput, or without one for every
    GSI, is a ValidationException (400) with UpdateTable's own text.
    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html
    """
    name = make_table(extra_attributes={"x": "S"}, GlobalSecondaryIndexes=[GSI])
    units = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}

    assert validation_message(ddb.update_table, TableName=name, BillingMode="PROVISIONED") == (
        "One or more parameter values were invalid: ProvisionedThroughput must be specified "
        "when BillingMode is PROVISIONED")
    assert validation_message(ddb.update_table, TableName=name, BillingMode="PROVISIONED",
                              ProvisionedThroughput=units) == (
        "One or more parameter values were invalid: ProvisionedThroughput must be specified "
        "for index: byx")
    desc = ddb.update_table(TableName=name, BillingMode="PROVISIONED", ProvisionedThroughput=units,
                            GlobalSecondaryIndexUpdates=[{"Update": {
                                "IndexName": "byx", "ProvisionedThroughput": units}}],
                            )["TableDescription"]
    assert desc["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"]["ReadCapacityUnits"] == 1


# -- counts --------------------------------------------------------------------------------


def test_item_count_is_exact_at_each_describe(ddb: Any, table: str) -> None:
    """DynamoDB refreshes ItemCount and TableSizeBytes about every six hours; cloudlet
    answers the exact values at every DescribeTable (and DeleteTable), for the table and
    each index.
    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html
    """
    assert ddb.describe_table(TableName=table)["Table"]["ItemCount"] == 0
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}})
    assert ddb.describe_table(TableName=table)["Table"]["ItemCount"] == 1
    ddb.delete_item(TableName=table, Key={"pk": {"S": "a"}})
    desc = ddb.describe_table(TableName=table)["Table"]
    assert (desc["ItemCount"], desc["TableSizeBytes"]) == (0, 0)
