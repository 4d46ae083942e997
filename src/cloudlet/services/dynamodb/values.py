"""AttributeValue helpers: validation, comparison and sizes.

Items are plain dicts in DynamoDB's JSON wire form, e.g. ``{"S": "x"}``,
``{"N": "1.5"}``, ``{"B": "<base64 text>"}``, ``{"SS": [...]}``, ``{"M": {...}}``,
``{"L": [...]}``, ``{"NULL": True}``, ``{"BOOL": True}``. Binary stays base64 text and
is decoded only to compare or measure it.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html

Binary text that is not base64 is a SerializationException, as on AWS.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from cloudlet.server.errors import SerializationException
from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.numbers import (
    format_number,
    normalize_number,
    number_size,
    parse_number,
)

AttributeValue = dict[str, Any]
Item = dict[str, AttributeValue]

TYPES = ("S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL")
SCALAR_TYPES = frozenset({"S", "N", "B"})
SET_TYPES = frozenset({"SS", "NS", "BS"})
SET_ELEMENT = {"SS": "S", "NS": "N", "BS": "B"}
MAX_NESTING = 32

EMPTY_VALUE = (
    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
)
MANY_TYPES = (
    "Supplied AttributeValue has more than one datatypes set, "
    "must contain exactly one of the supported datatypes"
)
INVALID = "One or more parameter values were invalid: "
NULL_NOT_TRUE = INVALID + "Null attribute value types must have the value of true"
NESTING = "Nesting Levels have exceeded supported limits"
_SET_NAMES = {"SS": "string", "NS": "number", "BS": "binary"}


def type_of(value: Mapping[str, Any]) -> str:
    """The type descriptor of a (valid) AttributeValue: "S", "N", "M", ..."""
    for key in value:
        return key
    raise ValidationException(EMPTY_VALUE)


def validate_value(value: Any, depth: int = 1) -> AttributeValue:
    """Check one AttributeValue as DynamoDB does and return its normalised form.

    Numbers are rewritten in canonical form, sets must be non-empty and free of
    duplicates, NULL must be true and documents may nest at most 32 levels.
    """
    if type(value) is dict and len(value) == 1 and depth <= MAX_NESTING:  # the common case
        if "S" in value and type(value["S"]) is str:
            return {"S": value["S"]}
        if "N" in value and type(value["N"]) is str:
            return {"N": normalize_number(value["N"])}
    if not isinstance(value, Mapping) or not value:
        raise ValidationException(EMPTY_VALUE)
    present = [key for key in value if key in TYPES]
    if len(value) > 1:
        raise ValidationException(MANY_TYPES)
    if not present:
        raise ValidationException(EMPTY_VALUE)
    kind = present[0]
    data = value[kind]
    if depth > MAX_NESTING:
        raise ValidationException(NESTING)
    if kind == "S":
        if not isinstance(data, str):
            raise ValidationException(EMPTY_VALUE)
        return {"S": data}
    if kind == "N":
        return {"N": normalize_number(data) if isinstance(data, str)
                else format_number(parse_number(data))}
    if kind == "B":
        if isinstance(data, bytes | bytearray):
            data = base64.b64encode(bytes(data)).decode("ascii")
        if not isinstance(data, str):
            raise ValidationException(EMPTY_VALUE)
        return {"B": _check_base64(data)}
    if kind == "BOOL":
        if not isinstance(data, bool):
            raise ValidationException(EMPTY_VALUE)
        return {"BOOL": data}
    if kind == "NULL":
        if data is not True:
            raise ValidationException(NULL_NOT_TRUE)
        return {"NULL": True}
    if kind in SET_TYPES:
        return {kind: _validate_set(kind, data)}
    if kind == "M":
        if not isinstance(data, Mapping):
            raise ValidationException(EMPTY_VALUE)
        return {"M": {str(k): validate_value(v, depth + 1) for k, v in data.items()}}
    if not isinstance(data, list):
        raise ValidationException(EMPTY_VALUE)
    return {"L": [validate_value(v, depth + 1) for v in data]}


def _check_base64(text: str) -> str:
    """Base64 text as sent; text that does not decode fails as AWS's JSON reader fails."""
    try:
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise SerializationException(
            f"Base64 encoded length is expected a multiple of 4 bytes but found: {len(text)}"
        ) from None
    return text


def _validate_set(kind: str, data: Any) -> list[str]:
    if not isinstance(data, list) or not data:
        raise ValidationException(f"{INVALID}An {_SET_NAMES[kind]} set  may not be empty")
    if kind == "NS":
        numbers = [parse_number(x) for x in data]
        if len(set(numbers)) != len(numbers):
            raise _duplicates(data)
        return [format_number(n) for n in numbers]
    out: list[str] = []
    for x in data:
        if isinstance(x, bytes | bytearray):
            x = base64.b64encode(bytes(x)).decode("ascii")
        if not isinstance(x, str):
            raise ValidationException(EMPTY_VALUE)
        out.append(_check_base64(x) if kind == "BS" else x)
    keys = [_binary(x) for x in out] if kind == "BS" else out
    if len(set(keys)) != len(keys):
        raise _duplicates(data)
    return out


def _duplicates(data: list[Any]) -> ValidationException:
    listed = ", ".join(str(x) for x in data)
    return ValidationException(f"{INVALID}Input collection [{listed}] contains duplicates.")


def validate_item(item: Any) -> Item:
    """Validate every attribute of an item; return the normalised item."""
    if not isinstance(item, Mapping):
        raise ValidationException(EMPTY_VALUE)
    return {str(name): validate_value(value) for name, value in item.items()}


def validate_expression_values(values: Mapping[str, Any]) -> dict[str, AttributeValue]:
    """Validate ExpressionAttributeValues, wrapping errors as DynamoDB does."""
    out: dict[str, AttributeValue] = {}
    for key, value in values.items():
        try:
            out[key] = validate_value(value)
        except ValidationException as err:
            raise ValidationException(
                f"ExpressionAttributeValues contains invalid value: {err.message} for key {key}"
            ) from None
    return out


# -- comparison -------------------------------------------------------------------


def _binary(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=False)
    except (binascii.Error, ValueError):
        return text.encode("utf-8")


def binary_bytes(value: AttributeValue) -> bytes:
    """The raw bytes of a B value."""
    return _binary(value["B"])


def sort_key(value: AttributeValue) -> Any:
    """A Python value ordering like DynamoDB orders S (UTF-8 bytes), N and B.

    Python compares ``str`` by code point, which is the same order as UTF-8 bytes.
    """
    if "S" in value:
        return value["S"]
    if "N" in value:
        return Decimal(value["N"])
    if "B" in value:
        return _binary(value["B"])
    raise TypeError("only S, N and B values are ordered")


def _set_members(kind: str, data: list[str]) -> frozenset[Any]:
    if kind == "NS":
        return frozenset(Decimal(x) for x in data)
    if kind == "BS":
        return frozenset(_binary(x) for x in data)
    return frozenset(data)


def values_equal(left: AttributeValue | None, right: AttributeValue | None) -> bool:
    """DynamoDB equality: same type and same value; sets compare regardless of order."""
    if left is None or right is None:
        return False
    lt, rt = type_of(left), type_of(right)
    if lt != rt:
        return False
    a, b = left[lt], right[rt]
    if lt == "N":
        return bool(Decimal(a) == Decimal(b))
    if lt == "B":
        return _binary(a) == _binary(b)
    if lt in SET_TYPES:
        return _set_members(lt, a) == _set_members(lt, b)
    if lt == "M":
        if a.keys() != b.keys():
            return False
        return all(values_equal(a[k], b[k]) for k in a)
    if lt == "L":
        return len(a) == len(b) and all(values_equal(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def compare_values(left: AttributeValue | None, right: AttributeValue | None) -> int | None:
    """-1, 0 or 1 for two S, N or B values of the same type; None otherwise."""
    if left is None or right is None:
        return None
    lt, rt = type_of(left), type_of(right)
    if lt != rt or lt not in SCALAR_TYPES:
        return None
    a, b = sort_key(left), sort_key(right)
    return -1 if a < b else (1 if a > b else 0)


def set_contains(container: AttributeValue, element: AttributeValue) -> bool:
    """Whether a set holds ``element`` (the element type must match the set type)."""
    kind = type_of(container)
    if SET_ELEMENT.get(kind) != type_of(element):
        return False
    target = sort_key(element)
    return target in _set_members(kind, container[kind])


# -- sizes ------------------------------------------------------------------------


def size_function(value: AttributeValue | None) -> int | None:
    """What ``size(path)`` answers, or None where it is undefined.

    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html#Expressions.OperatorsAndFunctions.Functions
    S: length (counted, as DynamoDB does, in UTF-16 code units); B: bytes; sets, L, M:
    number of elements.
    """
    if value is None:
        return None
    kind = type_of(value)
    data = value[kind]
    if kind == "S":
        return len(data.encode("utf-16-le")) // 2
    if kind == "B":
        return len(_binary(data))
    if kind in SET_TYPES or kind in ("L", "M"):
        return len(data)
    return None


def value_size(value: AttributeValue) -> int:
    """Bytes a value counts for in an item.

    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
    - S: UTF-8 bytes; B: raw bytes; N: (significant digits / 2) + 1.
    - NULL and BOOL: 1 byte.
    - M and L: 3 bytes plus 1 byte per element, plus the elements (map keys count
      their UTF-8 length).
    - Sets: the sum of their elements.
    """
    kind = type_of(value)
    data = value[kind]
    if kind == "S":
        return len(data.encode("utf-8"))
    if kind == "N":
        return number_size(data)
    if kind == "B":
        return len(_binary(data))
    if kind in ("NULL", "BOOL"):
        return 1
    if kind == "SS":
        return sum(len(x.encode("utf-8")) for x in data)
    if kind == "NS":
        return sum(number_size(x) for x in data)
    if kind == "BS":
        return sum(len(_binary(x)) for x in data)
    if kind == "M":
        return 3 + sum(1 + len(k.encode("utf-8")) + value_size(v) for k, v in data.items())
    return 3 + sum(1 + value_size(v) for v in data)


def item_size(item: Mapping[str, AttributeValue]) -> int:
    """Size of an item: attribute name bytes plus value bytes, summed."""
    return sum(len(name.encode("utf-8")) + value_size(value) for name, value in item.items())


MAX_NAME_BYTES = 65535
NAME_TOO_LARGE = ("1 validation error detected: Attribute name is too large, must be less than "
                  "65536 bytes")


def check_attribute_names(item: Mapping[str, AttributeValue], size: int) -> None:
    """Attribute names (map keys included, at any depth) are at most 65,535 bytes.

    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
    ``size`` is the item's size: only an item bigger than the limit can break it, so the
    names of small items are not looked at.
    """
    if size <= MAX_NAME_BYTES:
        return
    for name, value in item.items():
        if len(name) * 4 > MAX_NAME_BYTES and len(name.encode("utf-8")) > MAX_NAME_BYTES:
            raise ValidationException(NAME_TOO_LARGE)
        _check_nested_names(value)


def _check_nested_names(value: AttributeValue) -> None:
    if "M" in value:
        check_attribute_names(value["M"], MAX_NAME_BYTES + 1)
    elif "L" in value:
        for element in value["L"]:
            _check_nested_names(element)


def clone(value: Any) -> Any:
    """A deep copy of a JSON-shaped value (faster than copy.deepcopy)."""
    if isinstance(value, dict):
        return {k: clone(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clone(v) for v in value]
    return value


def format_value(value: AttributeValue) -> str:
    """The short form DynamoDB prints in messages, e.g. ``{N:5}``."""
    kind = type_of(value)
    data = value[kind]
    if isinstance(data, list):
        data = "[" + ", ".join(str(x) for x in data) + "]"
    elif isinstance(data, bool):
        data = str(data).lower()
    return f"{{{kind}:{data}}}"
