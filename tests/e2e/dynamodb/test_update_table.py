"""UpdateTable: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html"""

from __future__ import annotations

from typing import Any

from tests.e2e.dynamodb.support import error_of, validation_message


def test_add_gsi_backfills_existing_items(ddb: Any, table: str) -> None:
    for i in range(5):
        item = {"pk": {"S": str(i)}}
        if i % 2 == 0:
            item["g"] = {"S": "even"}
        ddb.put_item(TableName=table, Item=item)
    desc = ddb.update_table(
        TableName=table, AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[{"Create": {
            "IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"}}}])["TableDescription"]
    assert [i["IndexName"] for i in desc["GlobalSecondaryIndexes"]] == ["byG"]
    resp = ddb.query(TableName=table, IndexName="byG", KeyConditionExpression="g = :g",
                     ExpressionAttributeValues={":g": {"S": "even"}})
    assert sorted(i["pk"]["S"] for i in resp["Items"]) == ["0", "2", "4"]
    ddb.put_item(TableName=table, Item={"pk": {"S": "9"}, "g": {"S": "even"}})
    resp = ddb.query(TableName=table, IndexName="byG", KeyConditionExpression="g = :g",
                     ExpressionAttributeValues={":g": {"S": "even"}})
    assert resp["Count"] == 4


def test_delete_gsi(ddb: Any, make_table: Any) -> None:
    name = make_table(extra_attributes={"g": "S"}, GlobalSecondaryIndexes=[{
        "IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "ALL"}}])
    desc = ddb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[
        {"Delete": {"IndexName": "byG"}}])["TableDescription"]
    assert desc["GlobalSecondaryIndexes"][0]["IndexStatus"] == "DELETING"
    after = ddb.describe_table(TableName=name)["Table"]
    assert "GlobalSecondaryIndexes" not in after
    assert after["AttributeDefinitions"] == [{"AttributeName": "pk", "AttributeType": "S"}]
    message = validation_message(ddb.query, TableName=name, IndexName="byG",
                                 KeyConditionExpression="g = :g",
                                 ExpressionAttributeValues={":g": {"S": "x"}})
    assert message == "The table does not have the specified index: byG"


def test_switch_billing_mode(ddb: Any, table: str) -> None:
    desc = ddb.update_table(TableName=table, BillingMode="PROVISIONED",
                            ProvisionedThroughput={"ReadCapacityUnits": 4,
                                                   "WriteCapacityUnits": 2})["TableDescription"]
    assert desc["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert desc["ProvisionedThroughput"]["ReadCapacityUnits"] == 4
    desc = ddb.update_table(TableName=table, BillingMode="PAY_PER_REQUEST")["TableDescription"]
    assert desc["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"


def test_same_throughput_is_rejected(ddb: Any, make_table: Any) -> None:
    name = make_table(BillingMode="PROVISIONED",
                      ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    message = validation_message(ddb.update_table, TableName=name, ProvisionedThroughput={
        "ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    assert message.startswith("The provisioned throughput for the table will not change.")


def test_enable_and_disable_stream(ddb: Any, table: str) -> None:
    desc = ddb.update_table(TableName=table, StreamSpecification={
        "StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})["TableDescription"]
    first = desc["LatestStreamArn"]
    assert desc["StreamSpecification"]["StreamViewType"] == "NEW_IMAGE"
    code, _, _ = error_of(ddb.update_table, TableName=table, StreamSpecification={
        "StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    assert code == "ValidationException"
    desc = ddb.update_table(TableName=table, StreamSpecification={"StreamEnabled": False})[
        "TableDescription"]
    assert "StreamSpecification" not in desc and desc["LatestStreamArn"] == first
    desc = ddb.update_table(TableName=table, StreamSpecification={
        "StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})["TableDescription"]
    assert desc["LatestStreamArn"] != first


def test_update_without_changes_is_rejected(ddb: Any, table: str) -> None:
    assert error_of(ddb.update_table, TableName=table)[0] == "ValidationException"


def _create(name: str, key: str) -> dict[str, Any]:
    return {"Create": {"IndexName": name,
                       "KeySchema": [{"AttributeName": key, "KeyType": "HASH"}],
                       "Projection": {"ProjectionType": "ALL"}}}


def test_two_index_creates_in_one_call_exceed_the_limit(ddb: Any, table: str) -> None:
    """One GSI Create or Delete per UpdateTable: LimitExceededException (400).
    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html
    """
    code, message, status = error_of(
        ddb.update_table, TableName=table,
        AttributeDefinitions=[{"AttributeName": "a", "AttributeType": "S"},
                              {"AttributeName": "b", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[_create("idx_a", "a"), _create("idx_b", "b")])
    assert (code, status) == ("LimitExceededException", 400)
    assert message == ("Subscriber limit exceeded: Only 1 online index can be created or "
                       "deleted simultaneously per table")
    assert "GlobalSecondaryIndexes" not in ddb.describe_table(TableName=table)["Table"]


def test_index_create_and_delete_in_one_call_exceed_the_limit(ddb: Any, make_table: Any) -> None:
    name = make_table(extra_attributes={"a": "S"}, GlobalSecondaryIndexes=[
        {"IndexName": "idx_a", "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}],
         "Projection": {"ProjectionType": "ALL"}}])
    code, _, status = error_of(
        ddb.update_table, TableName=name,
        AttributeDefinitions=[{"AttributeName": "b", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[_create("idx_b", "b"), {"Delete": {"IndexName": "idx_a"}}])
    assert (code, status) == ("LimitExceededException", 400)


def test_index_create_with_stream_change_is_rejected(ddb: Any, table: str) -> None:
    message = validation_message(
        ddb.update_table, TableName=table,
        AttributeDefinitions=[{"AttributeName": "a", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[_create("idx_a", "a")],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    assert message == "You cannot create or delete index while changing stream status"


def test_index_create_with_deletion_protection_is_rejected(ddb: Any, table: str) -> None:
    message = validation_message(
        ddb.update_table, TableName=table,
        AttributeDefinitions=[{"AttributeName": "a", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[_create("idx_a", "a")], DeletionProtectionEnabled=True)
    assert message == "DeletionProtection modification must be the only operation in the request"


def test_update_without_changes_message(ddb: Any, table: str) -> None:
    message = validation_message(ddb.update_table, TableName=table)
    assert message == ("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
                       "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is "
                       "required")
