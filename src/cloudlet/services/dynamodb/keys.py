"""Order-preserving binary encoding of DynamoDB key values.

Key attributes are stored as SQLite BLOB columns, which compare with ``memcmp`` (a shorter
blob that is a prefix of a longer one sorts first). The encodings below make that bytewise
order equal to DynamoDB's order, so a Query's key condition is an index range scan:

- ``S``: the UTF-8 bytes (DynamoDB orders strings by their UTF-8 bytes).
  https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes
- ``B``: the raw bytes (DynamoDB orders binary as unsigned bytes).
- ``N``: a sign byte, an exponent byte and the significant digits. DynamoDB numbers have
  at most 38 significant digits and an adjusted exponent in [-130, 125], so the exponent
  fits one byte (``adjusted + 130``). Negative numbers invert exponent and digits and end
  with 0xFF, so a longer (more negative) mantissa sorts first.

A column holds values of one key type only (the attribute definition fixes it), so no type
tag is needed.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any

_ZERO = b"\x80"
_POSITIVE = 0xC0
_NEGATIVE = 0x40
_END = 0xFF
_EXP_OFFSET = 130
_DIGIT0 = 0x30


@lru_cache(maxsize=1 << 14)
def encode_number(text: str) -> bytes:
    """Encode a (valid) DynamoDB number so that byte order equals numeric order
    (remembered: the same key numbers come back request after request)."""
    value = Decimal(text)
    if value.is_zero():
        return _ZERO
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    mantissa = "".join(map(str, digits)).lstrip("0")
    adjusted = exponent + len(mantissa) - 1
    mantissa = mantissa.rstrip("0")
    exp_byte = adjusted + _EXP_OFFSET
    if not sign:
        return bytes((_POSITIVE, exp_byte)) + mantissa.encode("ascii")
    inverted = bytes(_DIGIT0 + 9 - (ord(c) - _DIGIT0) for c in mantissa)
    return bytes((_NEGATIVE, 255 - exp_byte)) + inverted + bytes((_END,))


def decode_number(data: bytes) -> str:
    """The canonical DynamoDB text of an encoded number."""
    if data == _ZERO:
        return "0"
    negative = data[0] == _NEGATIVE
    if negative:
        adjusted = 255 - data[1] - _EXP_OFFSET
        mantissa = "".join(chr(_DIGIT0 + 9 - (b - _DIGIT0)) for b in data[2:-1])
    else:
        adjusted = data[1] - _EXP_OFFSET
        mantissa = data[2:].decode("ascii")
    exponent = adjusted - len(mantissa) + 1
    value = Decimal(f"{'-' if negative else ''}{mantissa}E{exponent}")
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def encode_value(kind: str, value: dict[str, Any]) -> bytes:
    """Encode one S, N or B AttributeValue (wire form) whose type is ``kind``."""
    data = value[kind]
    if kind == "S":
        return data.encode("utf-8")  # type: ignore[no-any-return]
    if kind == "N":
        return encode_number(data)
    import base64

    return base64.b64decode(data)


def decode_value(kind: str, data: bytes) -> dict[str, Any]:
    """The wire-form AttributeValue of an encoded key value."""
    if kind == "S":
        return {"S": data.decode("utf-8")}
    if kind == "N":
        return {"N": decode_number(data)}
    import base64

    return {"B": base64.b64encode(data).decode("ascii")}


def prefix_end(prefix: bytes) -> bytes | None:
    """The smallest blob greater than every blob starting with ``prefix`` (None: no bound).

    ``begins_with(sk, :p)`` becomes ``sk >= prefix AND sk < prefix_end(prefix)``.
    """
    data = bytearray(prefix)
    while data:
        if data[-1] < 0xFF:
            data[-1] += 1
            return bytes(data)
        data.pop()
    return None
