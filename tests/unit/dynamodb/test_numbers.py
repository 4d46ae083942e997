"""DynamoDB numbers: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html"""

import pytest

from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.numbers import (
    OVERFLOW,
    TOO_MANY_DIGITS,
    UNDERFLOW,
    add_numbers,
    normalize_number,
    number_size,
    subtract_numbers,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.50", "1.5"),
        ("1e2", "100"),
        ("-0", "0"),
        ("0.000", "0"),
        ("0e1000", "0"),
        ("+3", "3"),
        (".123", "0.123"),
        ("0001.23", "1.23"),
        ("1e+5", "100000"),
        ("-17.4E37", "-174" + "0" * 36),
        ("1e-130", "0." + "0" * 129 + "1"),
        (
            "9.9999999999999999999999999999999999999E+125",
            "99999999999999999999999999999999999999" + "0" * 88,
        ),
    ],
)
def test_normalises_to_canonical_text(text: str, expected: str) -> None:
    assert normalize_number(text) == expected


@pytest.mark.parametrize(
    "text", ["abc", "NaN", "Infinity", "-Infinity", " 1", "1 ", "1_000", "", "1e", "--1"]
)
def test_rejects_non_numbers(text: str) -> None:
    with pytest.raises(ValidationException) as err:
        normalize_number(text)
    assert err.value.message == f"The parameter cannot be converted to a numeric value: {text}"


@pytest.mark.parametrize("text", ["1e126", "11e125", "-1e126"])
def test_overflow(text: str) -> None:
    with pytest.raises(ValidationException, match="^" + OVERFLOW + "$"):
        normalize_number(text)


@pytest.mark.parametrize("text", ["1e-131", "0.9e-130", "-1e-131"])
def test_underflow(text: str) -> None:
    with pytest.raises(ValidationException, match="^" + UNDERFLOW + "$"):
        normalize_number(text)


def test_more_than_38_significant_digits() -> None:
    assert normalize_number("3.1415926535897932384626433832795028841")
    assert normalize_number("31415926535897932384626433832795028841e30")
    with pytest.raises(ValidationException) as err:
        normalize_number("3.14159265358979323846264338327950288419")
    assert err.value.message == TOO_MANY_DIGITS
    assert TOO_MANY_DIGITS == "Attempting to store more than 38 significant digits in a Number"


def test_trailing_zeros_do_not_count_as_significant() -> None:
    assert normalize_number("1" + "0" * 50) == "1" + "0" * 50


def test_exact_arithmetic() -> None:
    assert add_numbers("1", "10000000000000000000000") == "10000000000000000000001"
    assert subtract_numbers("10000000000000000000000", "1") == "9999999999999999999999"
    assert add_numbers("0.1", "0.2") == "0.3"
    assert subtract_numbers("5", "5") == "0"
    assert add_numbers("-1.5", "1") == "-0.5"


def test_arithmetic_overflow_and_imprecision() -> None:
    with pytest.raises(ValidationException, match="^" + OVERFLOW):
        add_numbers("9e125", "9e125")
    with pytest.raises(ValidationException, match="^" + OVERFLOW):
        subtract_numbers("9e125", "-9e125")
    # 1e50 + 1 needs 51 digits: DynamoDB reports it as an overflow.
    with pytest.raises(ValidationException, match="^" + OVERFLOW):
        add_numbers("1e50", "1")


def test_arithmetic_underflow() -> None:
    with pytest.raises(ValidationException, match="^" + UNDERFLOW):
        subtract_numbers("2e-130", "1.5e-130")


def test_number_size() -> None:
    assert number_size("0") == 1
    assert number_size("1") == 2
    assert number_size("12") == 2
    assert number_size("123") == 3
    assert number_size("-1") == 3
