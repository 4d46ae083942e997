"""PutItem: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.dynamodb.support import error_of, validation_message


def test_put_item_replaces_the_whole_item(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "x": {"N": "1"}})
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "y": {"S": "b"}})
    item = ddb.get_item(TableName=table, Key={"pk": {"S": "a"}})["Item"]
    assert item == {"pk": {"S": "a"}, "y": {"S": "b"}}


def test_put_item_with_false_condition_keeps_old_item(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"N": "1"}})
    code, message, status = error_of(
        ddb.put_item, TableName=table, Item={"pk": {"S": "a"}, "v": {"N": "2"}},
        ConditionExpression="attribute_not_exists(pk)")
    assert (code, status) == ("ConditionalCheckFailedException", 400)
    assert message == "The conditional request failed"
    assert ddb.get_item(TableName=table, Key={"pk": {"S": "a"}})["Item"]["v"] == {"N": "1"}


def test_condition_failure_returns_old_item_on_request(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"N": "1"}})
    from botocore.exceptions import ClientError

    with pytest.raises(ClientError) as err:
        ddb.put_item(TableName=table, Item={"pk": {"S": "a"}},
                     ConditionExpression="attribute_not_exists(pk)",
                     ReturnValuesOnConditionCheckFailure="ALL_OLD")
    assert err.value.response["Item"] == {"pk": {"S": "a"}, "v": {"N": "1"}}


def test_put_item_return_values_all_old(ddb: Any, table: str) -> None:
    first = ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"N": "1"}},
                         ReturnValues="ALL_OLD")
    assert "Attributes" not in first
    second = ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"N": "2"}},
                          ReturnValues="ALL_OLD")
    assert second["Attributes"] == {"pk": {"S": "a"}, "v": {"N": "1"}}


def test_put_item_return_values_all_new_is_invalid(ddb: Any, table: str) -> None:
    message = validation_message(ddb.put_item, TableName=table, Item={"pk": {"S": "a"}},
                                 ReturnValues="ALL_NEW")
    assert message == "ReturnValues can only be ALL_OLD or NONE"


def test_put_item_legacy_expected(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"N": "1"}})
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"N": "2"}},
                 Expected={"v": {"Value": {"N": "1"}}})
    code, _, _ = error_of(ddb.put_item, TableName=table, Item={"pk": {"S": "a"}},
                          Expected={"v": {"Value": {"N": "1"}}})
    assert code == "ConditionalCheckFailedException"


def test_missing_key_attribute(ddb: Any, table: str) -> None:
    message = validation_message(ddb.put_item, TableName=table, Item={"x": {"S": "a"}})
    assert message == "One or more parameter values were invalid: Missing the key pk in the item"


def test_key_of_wrong_type(ddb: Any, table: str) -> None:
    message = validation_message(ddb.put_item, TableName=table, Item={"pk": {"N": "1"}})
    assert message == ("One or more parameter values were invalid: Type mismatch for key pk "
                       "expected: S actual: N")


def test_empty_string_key(ddb: Any, table: str) -> None:
    message = validation_message(ddb.put_item, TableName=table, Item={"pk": {"S": ""}})
    assert message == ("One or more parameter values are not valid. The AttributeValue for a key "
                       "attribute cannot contain an empty string value. Key: pk")


def test_empty_strings_and_binaries_allowed_in_non_key_attributes(ddb: Any, table: str) -> None:
    item = {"pk": {"S": "a"}, "s": {"S": ""}, "b": {"B": b""}}
    ddb.put_item(TableName=table, Item=item)
    assert ddb.get_item(TableName=table, Key={"pk": {"S": "a"}})["Item"] == item


def test_unknown_table(ddb: Any) -> None:
    code, message, status = error_of(ddb.put_item, TableName="nothere",
                                     Item={"pk": {"S": "a"}})
    assert (code, status) == ("ResourceNotFoundException", 400)


def test_item_over_400kb_is_rejected(ddb: Any, table: str) -> None:
    message = validation_message(ddb.put_item, TableName=table,
                                 Item={"pk": {"S": "a"}, "big": {"S": "x" * (400 * 1024)}})
    assert message == "Item size has exceeded the maximum allowed size"


def test_item_just_under_400kb_is_stored(ddb: Any, table: str) -> None:
    big = "x" * (400 * 1024 - 2 - 3 - 1)
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "big": {"S": big}})
    item = ddb.get_item(TableName=table, Key={"pk": {"S": "a"}})["Item"]
    assert len(item["big"]["S"]) == len(big)


def test_hash_key_over_2048_bytes(ddb: Any, table: str) -> None:
    message = validation_message(ddb.put_item, TableName=table, Item={"pk": {"S": "k" * 2049}})
    assert message == ("One or more parameter values were invalid: Size of hashkey has exceeded "
                       "the maximum size limit of2048 bytes")


def test_range_key_over_1024_bytes(ddb: Any, make_table: Callable[..., str]) -> None:
    name = make_table(range_key="sk")
    message = validation_message(ddb.put_item, TableName=name,
                                 Item={"pk": {"S": "a"}, "sk": {"S": "k" * 1025}})
    assert message == ("One or more parameter values were invalid: Aggregated size of all range "
                       "keys has exceeded the size limit of 1024 bytes")


def test_index_key_of_wrong_type(ddb: Any, make_table: Callable[..., str]) -> None:
    name = make_table(extra_attributes={"g": "S"}, GlobalSecondaryIndexes=[{
        "IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "ALL"}}])
    message = validation_message(ddb.put_item, TableName=name,
                                 Item={"pk": {"S": "a"}, "g": {"N": "1"}})
    assert message == ("One or more parameter values were invalid: Type mismatch for Index Key g "
                       "Expected: S Actual: N IndexName: byG")
    message = validation_message(ddb.put_item, TableName=name,
                                 Item={"pk": {"S": "a"}, "g": {"S": ""}})
    assert message == ("One or more parameter values are not valid. A value specified for a "
                       "secondary index key is not supported. The AttributeValue for a key "
                       "attribute cannot contain an empty string value. IndexName: byG, "
                       "IndexKey: g")


def test_invalid_attribute_values(ddb: Any, table: str) -> None:
    message = validation_message(ddb.put_item, TableName=table,
                                 Item={"pk": {"S": "a"}, "n": {"N": "abc"}})
    assert "The parameter cannot be converted to a numeric value" in message
    message = validation_message(ddb.put_item, TableName=table,
                                 Item={"pk": {"S": "a"}, "s": {"SS": ["x", "x"]}})
    assert "contains duplicates" in message
    message = validation_message(ddb.put_item, TableName=table,
                                 Item={"pk": {"S": "a"}, "s": {"SS": []}})
    assert "may not be empty" in message


def test_nesting_deeper_than_32_levels_is_rejected(ddb: Any, table: str) -> None:
    value: dict[str, Any] = {"S": "leaf"}
    for _ in range(32):
        value = {"M": {"a": value}}
    message = validation_message(ddb.put_item, TableName=table, Item={"pk": {"S": "a"}, "d": value})
    assert message == "Nesting Levels have exceeded supported limits"


def test_unused_expression_attribute_values(ddb: Any, table: str) -> None:
    message = validation_message(ddb.put_item, TableName=table, Item={"pk": {"S": "a"}},
                                 ConditionExpression="attribute_not_exists(pk)",
                                 ExpressionAttributeValues={":x": {"S": "y"}})
    assert message == ("Value provided in ExpressionAttributeValues unused in expressions: "
                       "keys: {:x}")


def test_sets_documents_and_nulls_round_trip(ddb: Any, table: str) -> None:
    item = {"pk": {"S": "a"}, "ss": {"SS": ["x", "y"]}, "ns": {"NS": ["1", "2.5"]},
            "bs": {"BS": [b"\x00", b"\x01"]}, "m": {"M": {"l": {"L": [{"NULL": True},
                                                                     {"BOOL": False}]}}}}
    ddb.put_item(TableName=table, Item=item)
    got = ddb.get_item(TableName=table, Key={"pk": {"S": "a"}})["Item"]
    assert sorted(got["ss"]["SS"]) == ["x", "y"]
    assert sorted(got["ns"]["NS"]) == ["1", "2.5"]
    assert sorted(got["bs"]["BS"]) == [b"\x00", b"\x01"]
    assert got["m"] == item["m"]


def test_attribute_name_over_64kb_is_rejected(ddb: Any, table: str) -> None:
    """Attribute names are at most 65,535 bytes.
    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
    """
    code, _, status = error_of(ddb.put_item, TableName=table,
                               Item={"pk": {"S": "a"}, "n" * 65536: {"S": "v"}})
    assert (code, status) == ("ValidationException", 400)


def test_map_key_over_64kb_is_rejected(ddb: Any, table: str) -> None:
    """The limit holds for the keys of maps, at any depth."""
    doc = {"M": {"inner": {"L": [{"M": {"n" * 65536: {"S": "v"}}}]}}}
    message = validation_message(ddb.put_item, TableName=table,
                                 Item={"pk": {"S": "a"}, "doc": doc})
    assert message == ("1 validation error detected: Attribute name is too large, must be less "
                       "than 65536 bytes")


def test_attribute_name_of_65535_bytes_is_allowed(ddb: Any, table: str) -> None:
    name = "n" * 65535
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, name: {"S": "v"}})
    item = ddb.get_item(TableName=table, Key={"pk": {"S": "a"}})["Item"]
    assert name in item
