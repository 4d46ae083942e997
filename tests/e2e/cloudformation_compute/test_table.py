"""AWS::DynamoDB::Table and ::GlobalTable through a stack: settings applied, GSIs added
and removed in place, replacement on a new name or key schema, deletion.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.stacks import deploy, failure_reasons, remove
from tests.server import RunningServer

KEY = [{"AttributeName": "pk", "KeyType": "HASH"}]
DEFS = [{"AttributeName": "pk", "AttributeType": "S"}]
BY_G = {"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "ALL"}}


def _table(**props: Any) -> dict[str, Any]:
    base = {"KeySchema": KEY, "AttributeDefinitions": DEFS, "BillingMode": "PAY_PER_REQUEST"}
    return {"Resources": {"T": {"Type": "AWS::DynamoDB::Table",
                                "Properties": {**base, **props}}},
            "Outputs": {"Name": {"Value": {"Ref": "T"}},
                        "Arn": {"Value": {"Fn::GetAtt": ["T", "Arn"]}}}}


def _gone(dynamodb: Any, name: str) -> bool:
    try:
        dynamodb.describe_table(TableName=name)
    except ClientError as error:
        return error.response["Error"]["Code"] == "ResourceNotFoundException"
    return False


def test_table_with_settings_is_usable(server: RunningServer, dynamodb: Any) -> None:
    """Ref is the table name, Arn its ARN, StreamArn the stream; TTL, PITR, tags and the
    stream are applied; items can be written at once."""
    template = _table(StreamSpecification={"StreamViewType": "NEW_AND_OLD_IMAGES"},
                      TimeToLiveSpecification={"AttributeName": "exp", "Enabled": True},
                      PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
                      Tags=[{"Key": "team", "Value": "a"}])
    template["Outputs"]["Stream"] = {"Value": {"Fn::GetAtt": ["T", "StreamArn"]}}
    stack = deploy(server, template)
    name = stack.outputs["Name"]
    table = dynamodb.describe_table(TableName=name)["Table"]
    assert table["TableStatus"] == "ACTIVE"
    assert stack.outputs["Arn"] == table["TableArn"]
    assert stack.outputs["Stream"] == table["LatestStreamArn"]
    assert dynamodb.describe_time_to_live(TableName=name)["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "ENABLED", "AttributeName": "exp"}
    backups = dynamodb.describe_continuous_backups(TableName=name)["ContinuousBackupsDescription"]
    assert backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"
    tags = {t["Key"]: t["Value"] for t in dynamodb.list_tags_of_resource(
        ResourceArn=table["TableArn"])["Tags"]}
    assert tags["team"] == "a" and tags["aws:cloudformation:stack-name"] == stack.name
    dynamodb.put_item(TableName=name, Item={"pk": {"S": "a"}})
    assert dynamodb.get_item(TableName=name, Key={"pk": {"S": "a"}})["Item"] == {"pk": {"S": "a"}}
    remove(server, stack.name)
    assert _gone(dynamodb, name)


def test_gsi_and_throughput_update_in_place(server: RunningServer, dynamodb: Any) -> None:
    """Adding a GSI and moving to provisioned billing keep the table (and its items);
    removing the GSI again does too."""
    stack = deploy(server, _table())
    name = stack.outputs["Name"]
    dynamodb.put_item(TableName=name, Item={"pk": {"S": "a"}, "g": {"S": "x"}})
    throughput = {"ReadCapacityUnits": 3, "WriteCapacityUnits": 2}
    deploy(server, _table(
        BillingMode="PROVISIONED", ProvisionedThroughput=throughput,
        AttributeDefinitions=[*DEFS, {"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{**BY_G, "ProvisionedThroughput": throughput}]),
        name=stack.name, update=True)
    table = dynamodb.describe_table(TableName=name)["Table"]
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 3
    assert [i["IndexName"] for i in table["GlobalSecondaryIndexes"]] == ["byG"]
    found = dynamodb.query(TableName=name, IndexName="byG", KeyConditionExpression="g = :g",
                           ExpressionAttributeValues={":g": {"S": "x"}})["Items"]
    assert [i["pk"]["S"] for i in found] == ["a"]
    back = deploy(server, _table(), name=stack.name, update=True)
    assert back.outputs["Name"] == name
    assert "GlobalSecondaryIndexes" not in dynamodb.describe_table(TableName=name)["Table"]
    assert dynamodb.get_item(TableName=name, Key={"pk": {"S": "a"}})["Item"]["g"] == {"S": "x"}
    remove(server, stack.name)


@pytest.mark.parametrize("change", ["TableName", "KeySchema"])
def test_new_name_or_key_schema_replaces_the_table(server: RunningServer, dynamodb: Any,
                                                   unique_name: str, change: str) -> None:
    """A changed TableName or KeySchema creates a new table and deletes the old one."""
    stack = deploy(server, _table(TableName=f"cfc-{unique_name}-a"))
    old = stack.outputs["Name"]
    if change == "TableName":
        template = _table(TableName=f"cfc-{unique_name}-b")
    else:
        template = _table(KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                          AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
    updated = deploy(server, template, name=stack.name, update=True)
    new = updated.outputs["Name"]
    assert new != old
    assert _gone(dynamodb, old)
    assert dynamodb.describe_table(TableName=new)["Table"]["TableStatus"] == "ACTIVE"
    remove(server, stack.name)


def test_global_table_in_one_region(server: RunningServer, dynamodb: Any) -> None:
    """A GlobalTable with a replica in the stack's region is a table there."""
    stack = deploy(server, {"Resources": {"G": {"Type": "AWS::DynamoDB::GlobalTable",
        "Properties": {"KeySchema": KEY, "AttributeDefinitions": DEFS,
                       "BillingMode": "PAY_PER_REQUEST",
                       "StreamSpecification": {"StreamViewType": "NEW_IMAGE"},
                       "Replicas": [{"Region": "us-east-1",
                                     "Tags": [{"Key": "r", "Value": "1"}]}]}}},
        "Outputs": {"Id": {"Value": {"Fn::GetAtt": ["G", "TableId"]}}}})
    table = dynamodb.describe_table(TableName=stack.physical("G"))["Table"]
    assert stack.outputs["Id"] == table["TableId"]
    remove(server, stack.name)


def test_global_table_replica_in_another_region_fails(server: RunningServer) -> None:
    stack = deploy(server, {"Resources": {"G": {"Type": "AWS::DynamoDB::GlobalTable",
        "Properties": {"KeySchema": KEY, "AttributeDefinitions": DEFS,
                       "BillingMode": "PAY_PER_REQUEST",
                       "StreamSpecification": {"StreamViewType": "NEW_IMAGE"},
                       "Replicas": [{"Region": "us-east-1"}, {"Region": "eu-west-1"}]}}}},
        expect="ROLLBACK_COMPLETE")
    assert "not supported: GlobalTable replicas outside us-east-1 (eu-west-1)" in " ".join(
        failure_reasons(server, stack.name))


def test_stream_ttl_protection_and_class_update_in_place(server: RunningServer,
                                                          dynamodb: Any) -> None:
    """A new stream view type (a new stream), a TTL on another attribute, deletion
    protection, table class and contributor insights change the same table."""
    stack = deploy(server, _table(StreamSpecification={"StreamViewType": "KEYS_ONLY"},
                                  TimeToLiveSpecification={"AttributeName": "a",
                                                           "Enabled": True}))
    name = stack.outputs["Name"]
    first = dynamodb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
    deploy(server, _table(StreamSpecification={"StreamViewType": "NEW_IMAGE"},
                          TimeToLiveSpecification={"AttributeName": "b", "Enabled": True},
                          DeletionProtectionEnabled=True, TableClass="STANDARD_INFREQUENT_ACCESS",
                          ContributorInsightsSpecification={"Enabled": True}),
           name=stack.name, update=True)
    table = dynamodb.describe_table(TableName=name)["Table"]
    assert table["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
    assert table["LatestStreamArn"] != first
    assert table["DeletionProtectionEnabled"] is True
    assert table["TableClassSummary"]["TableClass"] == "STANDARD_INFREQUENT_ACCESS"
    assert dynamodb.describe_time_to_live(TableName=name)["TimeToLiveDescription"][
        "AttributeName"] == "b"
    assert dynamodb.describe_contributor_insights(TableName=name)[
        "ContributorInsightsStatus"] == "ENABLED"
    deploy(server, _table(), name=stack.name, update=True)
    table = dynamodb.describe_table(TableName=name)["Table"]
    assert table["DeletionProtectionEnabled"] is False
    assert "StreamSpecification" not in table or not table["StreamSpecification"].get(
        "StreamEnabled")
    remove(server, stack.name)
    assert _gone(dynamodb, name)
