"""DynamoDB items as the table pages show and read them: DynamoDB JSON (``{"S": "a"}``) or
plain JSON (``"a"``), and keys carried in a URL (``LastEvaluatedKey`` for paging, the key of
the item being edited).

An item from ``view.call`` is botocore's parsed shape: ``N`` as text, ``B`` (and ``BS``) as
``bytes``. Shown as DynamoDB JSON, binaries are base64 text, as on the wire (the API accepts
that text back). The plain form follows boto3's ``TypeDeserializer`` except that it stays
JSON: numbers are JSON numbers, sets become lists and binaries base64 text, so an item with
a set or a binary does not round-trip through it (``plain_safe`` says whether one does).

LIMITATIONS: a plain-form number too long for a double keeps its digits (it is written as
the number's text); a plain-form list never becomes a set.
"""

from __future__ import annotations

import base64
import binascii
import json
from decimal import Decimal
from typing import Any

Item = dict[str, Any]


class BadJson(ValueError):
    """Text the console could not read as the JSON it asked for (shown as its message)."""


def _b64(value: Any) -> str:
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return str(value)


def to_wire(value: dict[str, Any]) -> dict[str, Any]:
    """One attribute value as DynamoDB JSON (binaries base64)."""
    (kind, inner), = value.items()
    if kind == "B":
        return {"B": _b64(inner)}
    if kind == "BS":
        return {"BS": [_b64(v) for v in inner]}
    if kind == "M":
        return {"M": {k: to_wire(v) for k, v in inner.items()}}
    if kind == "L":
        return {"L": [to_wire(v) for v in inner]}
    return {kind: inner}


def item_to_wire(item: Item) -> Item:
    return {name: to_wire(value) for name, value in item.items()}


def _number(text: str) -> Any:
    number = Decimal(text)
    if number == number.to_integral_value() and "e" not in text.lower() and "." not in text:
        return int(number)
    as_float = float(number)
    return as_float if Decimal(repr(as_float)) == number else text


def to_plain(value: dict[str, Any]) -> Any:
    """One attribute value as plain JSON."""
    (kind, inner), = value.items()
    if kind == "N":
        return _number(inner)
    if kind == "NS":
        return [_number(v) for v in inner]
    if kind == "B":
        return _b64(inner)
    if kind == "BS":
        return [_b64(v) for v in inner]
    if kind == "NULL":
        return None
    if kind == "M":
        return {k: to_plain(v) for k, v in inner.items()}
    if kind == "L":
        return [to_plain(v) for v in inner]
    return inner  # S, SS, BOOL


def item_to_plain(item: Item) -> dict[str, Any]:
    return {name: to_plain(value) for name, value in item.items()}


def plain_safe(item: Item) -> bool:
    """Whether the item reads back the same from its plain form (no sets, no binaries)."""
    def safe(value: dict[str, Any]) -> bool:
        (kind, inner), = value.items()
        if kind in ("SS", "NS", "BS", "B"):
            return False
        if kind == "M":
            return all(safe(v) for v in inner.values())
        if kind == "L":
            return all(safe(v) for v in inner)
        return True
    return all(safe(v) for v in item.values())


def from_plain(value: Any) -> dict[str, Any]:
    """Plain JSON as an attribute value: text S, number N, true/false BOOL, null NULL,
    list L, object M."""
    if isinstance(value, bool):
        return {"BOOL": value}
    if value is None:
        return {"NULL": True}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, (int, float, Decimal)):
        return {"N": str(value)}
    if isinstance(value, list):
        return {"L": [from_plain(v) for v in value]}
    if isinstance(value, dict):
        return {"M": {str(k): from_plain(v) for k, v in value.items()}}
    raise BadJson(f"Cannot store a value of type {type(value).__name__}")


def show(item: Item, form: str) -> str:
    """The item as indented JSON in ``form`` ("ddb" or "plain")."""
    shown = item_to_plain(item) if form == "plain" else item_to_wire(item)
    return json.dumps(shown, indent=2, ensure_ascii=False)


def read_item(text: str, form: str) -> Item:
    """The textarea's item: a JSON object, in ``form``; DynamoDB JSON is handed to the API
    as written, so the API's own validation judges it."""
    try:
        parsed = json.loads(text, parse_float=Decimal) if form == "plain" else json.loads(text)
    except json.JSONDecodeError as error:
        raise BadJson(f"The item is not valid JSON: {error}") from None
    if not isinstance(parsed, dict):
        raise BadJson("The item must be a JSON object")
    if form == "plain":
        return {name: from_plain(value) for name, value in parsed.items()}
    return parsed


def encode_key(key: Item) -> str:
    """A key (``LastEvaluatedKey``, an item's key) as URL-safe text."""
    text = json.dumps(item_to_wire(key), separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(text.encode()).decode("ascii").rstrip("=")


def decode_key(token: str) -> Item:
    """``encode_key``'s text back as a key in DynamoDB JSON (binaries base64, which the
    API accepts); ``BadJson`` when it is not one."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        key = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadJson("The key in the URL is not valid") from None
    if not isinstance(key, dict) or not all(isinstance(v, dict) and len(v) == 1
                                            for v in key.values()):
        raise BadJson("The key in the URL is not valid")
    return key


def typed(value: str, kind: str) -> dict[str, Any]:
    """A key value typed into the query builder, as an attribute of ``kind`` (S, N or B:
    a binary as base64 text); the API judges the value."""
    return {kind: value}
