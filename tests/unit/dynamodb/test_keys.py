"""keys.py: the byte order of encoded keys is DynamoDB's order."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from cloudlet.services.dynamodb.keys import (
    decode_number,
    decode_value,
    encode_number,
    encode_value,
    prefix_end,
)

NUMBERS = [
    "-9.9999999999999999999999999999999999999E+125", "-1E+20", "-100", "-10.5", "-10", "-2",
    "-1.55", "-1.5", "-1", "-0.5", "-1E-130", "0", "1E-130", "0.001", "0.5", "1", "1.5",
    "1.55", "2", "10", "10.5", "100", "12345678901234567890123456789012345678",
    "9.9999999999999999999999999999999999999E+125",
]


def test_number_byte_order_is_numeric_order() -> None:
    shuffled = NUMBERS[:]
    random.Random(7).shuffle(shuffled)
    by_bytes = sorted(shuffled, key=encode_number)
    assert [Decimal(n) for n in by_bytes] == sorted(Decimal(n) for n in NUMBERS)


def test_random_numbers_sort_like_decimals() -> None:
    rng = random.Random(1)
    values = []
    for _ in range(2000):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 38)))
        values.append(f"{rng.choice(['', '-'])}{digits}E{rng.randint(-90, 80)}")
    values = [v for v in values if Decimal(v) == 0 or -130 <= Decimal(v).adjusted() <= 125]
    by_bytes = [Decimal(v) for v in sorted(values, key=encode_number)]
    assert by_bytes == sorted(Decimal(v) for v in values)


@pytest.mark.parametrize("text", ["0", "1.5", "-1.5", "100", "-0.001", "1E+100", "-7E-120"])
def test_number_round_trip(text: str) -> None:
    assert Decimal(decode_number(encode_number(text))) == Decimal(text)


def test_equal_numbers_encode_equally() -> None:
    assert encode_number("1.50") == encode_number("1.5") == encode_number("15E-1")
    assert encode_number("-0") == encode_number("0")


def test_strings_order_by_utf8_bytes() -> None:
    values = ["", "a", "ab", "b", "\u00e9", "\uffee", "\U0001f600"]
    assert sorted(values, key=lambda s: encode_value("S", {"S": s})) == sorted(
        values, key=lambda s: s.encode())


def test_binary_round_trip() -> None:
    value = {"B": "AAH/"}
    assert encode_value("B", value) == b"\x00\x01\xff"
    assert decode_value("B", b"\x00\x01\xff") == value
    assert decode_value("S", "é".encode()) == {"S": "é"}


def test_prefix_end() -> None:
    assert prefix_end(b"ab") == b"ac"
    assert prefix_end(b"a\xff") == b"b"
    assert prefix_end(b"\xff\xff") is None
