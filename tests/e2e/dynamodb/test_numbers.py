"""Numbers: 38 digits of precision, range 1E-130 to 9.99...E+125, canonical form.
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.dynamodb.support import validation_message


@pytest.mark.parametrize(("given", "stored"), [
    ("1.50", "1.5"), ("-0", "0"), ("1e2", "100"), ("0.000", "0"), ("+5", "5"),
    ("12345678901234567890123456789012345678", "12345678901234567890123456789012345678"),
])
def test_numbers_are_normalised(ddb: Any, table: str, given: str, stored: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "n": {"N": given}})
    assert ddb.get_item(TableName=table, Key={"pk": {"S": "a"}})["Item"]["n"] == {"N": stored}


@pytest.mark.parametrize(("given", "fragment"), [
    ("123456789012345678901234567890123456789", "more than 38 significant digits"),
    ("1E+126", "Number overflow"),
    ("1E-131", "Number underflow"),
    ("1.2.3", "cannot be converted to a numeric value"),
])
def test_invalid_numbers(ddb: Any, table: str, given: str, fragment: str) -> None:
    message = validation_message(ddb.put_item, TableName=table,
                                 Item={"pk": {"S": "a"}, "n": {"N": given}})
    assert fragment in message


def test_number_keys_match_whatever_their_spelling(ddb: Any, make_table: Any) -> None:
    name = make_table(hash_type="N")
    ddb.put_item(TableName=name, Item={"pk": {"N": "100"}, "v": {"S": "x"}})
    assert ddb.get_item(TableName=name, Key={"pk": {"N": "1E2"}})["Item"]["v"] == {"S": "x"}


def test_exact_decimal_arithmetic(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "n": {"N": "0.1"}})
    resp = ddb.update_item(TableName=table, Key={"pk": {"S": "a"}}, UpdateExpression="ADD n :v",
                           ExpressionAttributeValues={":v": {"N": "0.2"}}, ReturnValues="UPDATED_NEW")
    assert resp["Attributes"]["n"] == {"N": "0.3"}
