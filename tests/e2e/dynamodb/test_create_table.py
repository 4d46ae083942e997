"""CreateTable: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.dynamodb.support import create_table, error_of, new_name, validation_message

PK = {"AttributeName": "pk", "AttributeType": "S"}
SK = {"AttributeName": "sk", "AttributeType": "N"}
HASH = {"AttributeName": "pk", "KeyType": "HASH"}
RANGE = {"AttributeName": "sk", "KeyType": "RANGE"}


def _create(ddb: Any, **kwargs: Any) -> Any:
    kwargs.setdefault("TableName", new_name())
    kwargs.setdefault("BillingMode", "PAY_PER_REQUEST")
    return ddb.create_table(**kwargs)


def test_create_table_is_active_with_its_description(ddb: Any) -> None:
    name = new_name()
    desc = _create(ddb, TableName=name, AttributeDefinitions=[PK, SK],
                   KeySchema=[HASH, RANGE])["TableDescription"]
    assert desc["TableName"] == name
    assert desc["TableStatus"] == "ACTIVE"
    assert desc["KeySchema"] == [HASH, RANGE]
    assert desc["AttributeDefinitions"] == [PK, SK]
    assert desc["TableArn"] == f"arn:aws:dynamodb:us-east-1:000000000000:table/{name}"
    assert desc["ItemCount"] == 0 and desc["TableSizeBytes"] == 0
    assert desc["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert desc["ProvisionedThroughput"]["ReadCapacityUnits"] == 0
    assert len(desc["TableId"]) == 36
    ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1})


def test_create_table_provisioned_records_throughput(ddb: Any) -> None:
    desc = ddb.create_table(TableName=new_name(), AttributeDefinitions=[PK], KeySchema=[HASH],
                            ProvisionedThroughput={"ReadCapacityUnits": 5,
                                                   "WriteCapacityUnits": 3})["TableDescription"]
    assert desc["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert desc["ProvisionedThroughput"]["WriteCapacityUnits"] == 3
    assert "BillingModeSummary" not in desc


def test_create_existing_table_is_resource_in_use(ddb: Any, table: str) -> None:
    code, message, status = error_of(create_table, ddb, table)
    assert (code, status) == ("ResourceInUseException", 400)
    assert message == f"Table already exists: {table}"


def test_attribute_definitions_must_match_key_schema(ddb: Any) -> None:
    message = validation_message(_create, ddb, AttributeDefinitions=[PK, SK], KeySchema=[HASH])
    assert message == ("One or more parameter values were invalid: Number of attributes in "
                       "KeySchema does not exactly match number of attributes defined in "
                       "AttributeDefinitions")


def test_key_attribute_must_be_defined(ddb: Any) -> None:
    message = validation_message(
        _create, ddb, AttributeDefinitions=[{"AttributeName": "x", "AttributeType": "S"}],
        KeySchema=[HASH])
    assert message == ("One or more parameter values were invalid: Some index key attributes "
                       "are not defined in AttributeDefinitions. Keys: [pk], "
                       "AttributeDefinitions: [x]")


def test_first_key_must_be_hash(ddb: Any) -> None:
    message = validation_message(_create, ddb, AttributeDefinitions=[PK, SK],
                                 KeySchema=[{"AttributeName": "sk", "KeyType": "RANGE"},
                                            {"AttributeName": "pk", "KeyType": "HASH"}])
    assert message == "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"


def test_hash_and_range_must_differ(ddb: Any) -> None:
    message = validation_message(_create, ddb, AttributeDefinitions=[PK, SK],
                                 KeySchema=[HASH, {"AttributeName": "pk", "KeyType": "RANGE"}])
    assert message == ("Both the Hash Key and the Range Key element in the KeySchema have the "
                       "same name")


def test_provisioned_needs_throughput(ddb: Any) -> None:
    message = validation_message(ddb.create_table, TableName=new_name(),
                                 AttributeDefinitions=[PK], KeySchema=[HASH])
    assert message == ("One or more parameter values were invalid: ReadCapacityUnits and "
                       "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")


def test_pay_per_request_forbids_throughput(ddb: Any) -> None:
    message = validation_message(_create, ddb, AttributeDefinitions=[PK], KeySchema=[HASH],
                                 ProvisionedThroughput={"ReadCapacityUnits": 1,
                                                        "WriteCapacityUnits": 1})
    assert "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified" in message


def test_invalid_table_name_fails_model_validation(ddb: Any) -> None:
    message = validation_message(_create, ddb, TableName="a b",
                                 AttributeDefinitions=[PK], KeySchema=[HASH])
    assert message.startswith("1 validation error detected: Value 'a b' at 'tableName'")


def _gsi(name: str, attr: str = "g", projection: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"IndexName": name, "KeySchema": [{"AttributeName": attr, "KeyType": "HASH"}],
            "Projection": projection or {"ProjectionType": "ALL"}}


def test_create_table_with_indexes_describes_them(ddb: Any) -> None:
    name = new_name()
    desc = _create(
        ddb, TableName=name,
        AttributeDefinitions=[PK, SK, {"AttributeName": "g", "AttributeType": "S"},
                              {"AttributeName": "l", "AttributeType": "N"}],
        KeySchema=[HASH, RANGE],
        GlobalSecondaryIndexes=[_gsi("byG", projection={"ProjectionType": "INCLUDE",
                                                        "NonKeyAttributes": ["a"]})],
        LocalSecondaryIndexes=[{"IndexName": "byL",
                                "KeySchema": [HASH, {"AttributeName": "l", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "KEYS_ONLY"}}],
    )["TableDescription"]
    gsi = desc["GlobalSecondaryIndexes"][0]
    assert gsi["IndexName"] == "byG" and gsi["IndexStatus"] == "ACTIVE"
    assert gsi["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["a"]}
    assert gsi["IndexArn"] == f"{desc['TableArn']}/index/byG"
    assert gsi["ItemCount"] == 0
    lsi = desc["LocalSecondaryIndexes"][0]
    assert lsi["IndexName"] == "byL" and lsi["Projection"] == {"ProjectionType": "KEYS_ONLY"}


def test_unused_attribute_definition_is_rejected(ddb: Any) -> None:
    message = validation_message(
        _create, ddb, AttributeDefinitions=[PK, {"AttributeName": "g", "AttributeType": "S"},
                                            {"AttributeName": "x", "AttributeType": "S"}],
        KeySchema=[HASH], GlobalSecondaryIndexes=[_gsi("byG")])
    assert message == ("One or more parameter values were invalid: Some AttributeDefinitions "
                       "are not used. AttributeDefinitions: [pk, g, x], keys used: [pk, g]")


def test_duplicate_index_names_are_rejected(ddb: Any) -> None:
    message = validation_message(
        _create, ddb, AttributeDefinitions=[PK, {"AttributeName": "g", "AttributeType": "S"}],
        KeySchema=[HASH], GlobalSecondaryIndexes=[_gsi("byG"), _gsi("byG")])
    assert message == "One or more parameter values were invalid: Duplicate index name: byG"


def test_local_index_needs_table_range_key(ddb: Any) -> None:
    message = validation_message(
        _create, ddb, AttributeDefinitions=[PK, SK], KeySchema=[HASH],
        LocalSecondaryIndexes=[{"IndexName": "byS", "KeySchema": [HASH, RANGE],
                                "Projection": {"ProjectionType": "ALL"}}])
    assert "Table KeySchema does not have a range key" in message


def test_local_index_needs_table_hash_key(ddb: Any) -> None:
    message = validation_message(
        _create, ddb,
        AttributeDefinitions=[PK, SK, {"AttributeName": "o", "AttributeType": "S"}],
        KeySchema=[HASH, RANGE],
        LocalSecondaryIndexes=[{"IndexName": "byO", "KeySchema": [
            {"AttributeName": "o", "KeyType": "HASH"}, RANGE],
            "Projection": {"ProjectionType": "ALL"}}])
    assert "Index KeySchema does not have the same leading hash key as table KeySchema" in message


def test_non_key_attributes_only_with_include(ddb: Any) -> None:
    message = validation_message(
        _create, ddb, AttributeDefinitions=[PK, {"AttributeName": "g", "AttributeType": "S"}],
        KeySchema=[HASH], GlobalSecondaryIndexes=[_gsi("byG", projection={
            "ProjectionType": "ALL", "NonKeyAttributes": ["a"]})])
    assert message == ("One or more parameter values were invalid: ProjectionType is ALL, "
                       "but NonKeyAttributes is specified")


def test_at_most_20_global_indexes(ddb: Any) -> None:
    defs = [PK] + [{"AttributeName": f"g{i}", "AttributeType": "S"} for i in range(21)]
    message = validation_message(_create, ddb, AttributeDefinitions=defs, KeySchema=[HASH],
                                 GlobalSecondaryIndexes=[_gsi(f"ix{i}", f"g{i}")
                                                         for i in range(21)])
    assert "GlobalSecondaryIndex count exceeds the per-table limit of 20" in message


def test_20_global_indexes_are_allowed(ddb: Any) -> None:
    defs = [PK] + [{"AttributeName": f"g{i}", "AttributeType": "S"} for i in range(20)]
    desc = _create(ddb, AttributeDefinitions=defs, KeySchema=[HASH],
                   GlobalSecondaryIndexes=[_gsi(f"ix{i}", f"g{i}")
                                           for i in range(20)])["TableDescription"]
    assert len(desc["GlobalSecondaryIndexes"]) == 20


def test_at_most_5_local_indexes(ddb: Any) -> None:
    defs = [PK, SK] + [{"AttributeName": f"l{i}", "AttributeType": "S"} for i in range(6)]
    lsis = [{"IndexName": f"lx{i}", "KeySchema": [HASH, {"AttributeName": f"l{i}",
                                                         "KeyType": "RANGE"}],
             "Projection": {"ProjectionType": "KEYS_ONLY"}} for i in range(6)]
    message = validation_message(_create, ddb, AttributeDefinitions=defs,
                                 KeySchema=[HASH, RANGE], LocalSecondaryIndexes=lsis)
    assert "Number of LocalSecondaryIndexes exceeds per-table limit of 5" in message


@pytest.mark.parametrize("view", ["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"])
def test_create_table_with_stream(ddb: Any, view: str) -> None:
    desc = _create(ddb, AttributeDefinitions=[PK], KeySchema=[HASH],
                   StreamSpecification={"StreamEnabled": True,
                                        "StreamViewType": view})["TableDescription"]
    assert desc["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": view}
    assert desc["LatestStreamArn"] == f"{desc['TableArn']}/stream/{desc['LatestStreamLabel']}"


def test_create_table_with_tags(ddb: Any) -> None:
    desc = _create(ddb, AttributeDefinitions=[PK], KeySchema=[HASH],
                   Tags=[{"Key": "team", "Value": "a"}])["TableDescription"]
    tags = ddb.list_tags_of_resource(ResourceArn=desc["TableArn"])["Tags"]
    assert tags == [{"Key": "team", "Value": "a"}]


def test_index_key_must_be_defined(ddb: Any) -> None:
    """A GSI key attribute missing from AttributeDefinitions: ValidationException (400)."""
    message = validation_message(_create, ddb, AttributeDefinitions=[PK], KeySchema=[HASH],
                                 GlobalSecondaryIndexes=[_gsi("byG")])
    assert message.startswith("One or more parameter values were invalid: Some index key "
                              "attributes are not defined in AttributeDefinitions.")
