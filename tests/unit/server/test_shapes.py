"""Model-driven validation: AWS's "N validation errors detected" texts, from the model."""

from __future__ import annotations

from datetime import datetime

import pytest

from cloudlet.server.errors import SerializationException, ValidationException
from cloudlet.server.models import load_model
from cloudlet.server.protocols.shapes import ShapeReader


def read(service: str, operation: str, value: object, opaque: frozenset[str] = frozenset()) -> dict:
    shape = load_model(service).operation_model(operation).input_shape
    return ShapeReader(opaque).read_input(shape, value)


def test_missing_required_member_is_reported_with_lower_camel_name() -> None:
    with pytest.raises(ValidationException) as err:
        read("dynamodb", "DescribeTable", {})
    assert err.value.message == (
        "1 validation error detected: Value null at 'tableName' failed to satisfy "
        "constraint: Member must not be null"
    )


def test_every_error_is_counted_and_joined() -> None:
    with pytest.raises(ValidationException) as err:
        read("dynamodb", "GetItem", {})
    assert err.value.message.startswith("2 validation errors detected: ")
    assert "at 'tableName'" in err.value.message and "at 'key'" in err.value.message


def test_enum_violation_lists_allowed_values() -> None:
    with pytest.raises(ValidationException) as err:
        read("dynamodb", "PutItem", {"TableName": "t", "Item": {}, "ReturnValues": "SOME"})
    assert "Value 'SOME' at 'returnValues' failed to satisfy constraint: " in err.value.message
    assert "Member must satisfy enum value set: [NONE, ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATED_NEW]" in err.value.message


def test_length_and_pattern_constraints() -> None:
    with pytest.raises(ValidationException) as err:
        read("dynamodb", "DescribeTable", {"TableName": ""})
    assert "Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1" in err.value.message
    with pytest.raises(ValidationException) as err:
        read("lambda", "CreateFunction", {"FunctionName": "f", "Role": "nope", "Code": {}})
    assert "Value 'nope' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:" in err.value.message


def test_numeric_range() -> None:
    with pytest.raises(ValidationException) as err:
        read("dynamodb", "Scan", {"TableName": "table", "Limit": 0})
    assert "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1" in err.value.message


def test_nested_list_members_are_numbered_from_one() -> None:
    with pytest.raises(ValidationException) as err:
        read("dynamodb", "CreateTable", {
            "TableName": "table",
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "BAD"}],
        })
    assert "at 'keySchema.1.member.keyType'" in err.value.message


def test_wrong_json_type_is_a_serialization_error() -> None:
    with pytest.raises(SerializationException) as err:
        read("dynamodb", "DescribeTable", {"TableName": 12})
    assert err.value.message == "NUMBER_VALUE can not be converted to String"


def test_blobs_are_decoded_and_timestamps_parsed() -> None:
    parsed = read("lambda", "CreateFunction", {
        "FunctionName": "f", "Role": "arn:aws:iam::123456789012:role/r",
        "Code": {"ZipFile": "aGVsbG8="},
    })
    assert parsed["Code"]["ZipFile"] == b"hello"
    parsed = read("logs", "GetLogEvents", {"logGroupName": "g", "logStreamName": "s", "startTime": 5})
    assert parsed["startTime"] == 5
    shape = load_model("dynamodbstreams").shape_for("Date")
    assert isinstance(ShapeReader(frozenset()).read(shape, 1.5, "x"), datetime)


def test_opaque_shapes_are_left_in_wire_form() -> None:
    parsed = read("dynamodb", "PutItem", {"TableName": "table", "Item": {"b": {"B": "aGk="}}},
                  frozenset({"AttributeValue"}))
    assert parsed["Item"]["b"] == {"B": "aGk="}


def test_map_value_lengths_are_reported_on_the_map_in_java_notation() -> None:
    requests = [{"PutRequest": {"Item": {}}}] * 26
    with pytest.raises(ValidationException) as err:
        read("dynamodb", "BatchWriteItem", {"RequestItems": {"tbl": requests}},
             frozenset({"AttributeValue"}))
    assert err.value.message.startswith(
        "1 validation error detected: Value '{tbl=[{PutRequest={Item={}}}, ")
    assert err.value.message.endswith(
        "' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: "
        "[Member must have length less than or equal to 25, "
        "Member must have length greater than or equal to 1]")


def test_scalar_list_members_are_reported_on_the_list_with_every_constraint() -> None:
    """AWS's form (recorded for Lambda's VpcConfig): a string that may be empty has no
    ``Member must not be null`` in the list."""
    with pytest.raises(ValidationException) as err:
        read("lambda", "CreateFunction", {
            "FunctionName": "f", "Role": "arn:aws:iam::123456789012:role/r", "Code": {},
            "VpcConfig": {"SubnetIds": ["nope"]}})
    assert err.value.message == (
        "1 validation error detected: Value '[nope]' at 'vpcConfig.subnetIds' failed to "
        "satisfy constraint: Member must satisfy constraint: [Member must have length less "
        "than or equal to 1024, Member must have length greater than or equal to 0, Member "
        "must satisfy regular expression pattern: subnet-[0-9a-z]*]")
