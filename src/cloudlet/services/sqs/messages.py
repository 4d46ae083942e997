"""What a message is made of: its body, message attributes and system attributes, their
checks and the checksums SendMessage and ReceiveMessage answer.

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-attributes.html#sqs-attributes-md5-message-digest-calculation

- MD5OfMessageBody is the MD5 of the body's UTF-8 bytes. MD5OfMessageAttributes digests the
  attributes sorted by name, each as: name length (4 bytes, big endian) and name, data type
  length and data type, a transport byte (1: string, 2: binary), value length and value;
  all text in UTF-8. MD5OfMessageSystemAttributes digests the system attributes the same way.
- The body allows only ``#x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF``
  (InvalidMessageContents otherwise); a message is at most the queue's MaximumMessageSize,
  counting the body and every attribute's name, type and value.
- At most 10 message attributes; the type is String, Number or Binary with an optional
  ``.suffix``; names are letters, digits, ``_ - .``, at most 256, not starting with ``AWS.`` or
  ``Amazon.``, no ``..``, not starting or ending with ``.``.

A stored message's ``attributes`` document (``cloudlet.queue``) holds ``attrs`` (message
attributes in wire form: binary values base64), ``sys`` (AWSTraceHeader), the checksums, the
``sender``, the ``dedup`` id and ``source`` (the queue a dead-letter message came from).
"""

from __future__ import annotations

import base64
import hashlib
import re
import struct
from typing import Any

from cloudlet.services.sqs.errors import (
    InvalidMessageContents,
    InvalidParameterValue,
    MissingParameter,
)

MAX_ATTRIBUTES = 10
_INVALID_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NAME = re.compile(r"[A-Za-z0-9_.\-]{1,256}")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def md5_hex(data: bytes) -> str:
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def _sized(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def md5_of_attributes(attributes: dict[str, dict[str, Any]]) -> str | None:
    """The digest AWS computes over message (or system) attributes; None when there are none."""
    if not attributes:
        return None
    out = bytearray()
    for name in sorted(attributes):
        value = attributes[name]
        data_type = str(value.get("DataType", ""))
        out += _sized(name.encode()) + _sized(data_type.encode())
        if value.get("StringValue") is not None:
            out += b"\x01" + _sized(str(value["StringValue"]).encode())
        elif value.get("BinaryValue") is not None:
            out += b"\x02" + _sized(_binary(value["BinaryValue"]))
        elif value.get("StringListValues"):
            out += b"\x03" + b"".join(_sized(str(v).encode()) for v in value["StringListValues"])
        elif value.get("BinaryListValues"):
            out += b"\x04" + b"".join(_sized(_binary(v)) for v in value["BinaryListValues"])
    return md5_hex(bytes(out))


def _binary(value: Any) -> bytes:
    return value if isinstance(value, bytes) else base64.b64decode(value)


def check_body(body: str) -> None:
    if body == "":
        raise MissingParameter("The request must contain the parameter MessageBody.")
    bad = _INVALID_CHAR.search(body)
    if bad is not None:
        raise InvalidMessageContents(
            f"Invalid binary character '#x{ord(bad.group()):X}' was found in the message body,"
            " the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to "
            "#xFFFD | #x10000 to #x10FFFF")


def check_attributes(attributes: dict[str, dict[str, Any]], *, system: bool = False) -> int:
    """Raise AWS's error for the first bad attribute; the bytes they count toward the size."""
    kind = "system" if system else "user"
    if len(attributes) > MAX_ATTRIBUTES and not system:
        raise InvalidParameterValue(f"Number of message attributes [{len(attributes)}] exceeds "
                                    f"the allowed maximum [{MAX_ATTRIBUTES}].")
    size = 0
    for name, value in attributes.items():
        if not system:
            _check_name(name)
        data_type = str(value.get("DataType") or "")
        base = data_type.split(".", 1)[0]
        if base not in ("String", "Number", "Binary"):
            raise InvalidParameterValue(
                f"The type of message ({kind}) attribute '{name}' is invalid. You must use "
                "only the following supported type prefixes: Binary, Number, String.")
        if value.get("StringListValues") or value.get("BinaryListValues"):
            raise InvalidParameterValue(f"Message ({kind}) attribute '{name}' uses a list "
                                        "value, which is not supported.")
        text = value.get("StringValue")
        blob = value.get("BinaryValue")
        if base == "Binary":
            if blob is None or len(_binary(blob)) == 0:
                raise InvalidParameterValue(
                    f"The message ({kind}) attribute '{name}' must contain a non-empty message"
                    " attribute value for message attribute type 'Binary'.")
            size += len(_binary(blob))
        else:
            if text is None or text == "":
                raise InvalidParameterValue(
                    f"The message ({kind}) attribute '{name}' must contain a non-empty message"
                    f" attribute value for message attribute type '{base}'.")
            if base == "Number" and not _NUMBER.fullmatch(str(text).strip()):
                raise InvalidParameterValue(
                    f"Can't cast the value of message ({kind}) attribute '{name}' to a number.")
            if blob is not None:
                raise InvalidParameterValue(
                    f"Message ({kind}) attribute '{name}' must contain a non-empty message "
                    f"attribute value for message attribute type '{base}'.")
            check_text(f"message ({kind}) attribute '{name}'", str(text))
            size += len(str(text).encode())
        size += len(name.encode()) + len(data_type.encode())
    return size


def check_text(what: str, text: str) -> None:
    bad = _INVALID_CHAR.search(text)
    if bad is not None:
        raise InvalidParameterValue(f"Invalid non-alphanumeric character '#x{ord(bad.group()):X}'"
                                    f" was found in the {what}. Can only include alphanumeric "
                                    "and punctuation characters.")


def _check_name(name: str) -> None:
    lowered = name.lower()
    if lowered.startswith(("aws.", "amazon.")):
        raise InvalidParameterValue(
            "You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These "
            "strings are reserved for internal use.")
    if not _NAME.fullmatch(name) or ".." in name or name.startswith(".") or name.endswith("."):
        raise InvalidParameterValue(
            f"Message (user) attribute name '{name}' is invalid. The attribute name can "
            "contain only alphanumeric characters, hyphens (-), underscores (_) and periods (.)."
            " It must not start or end with a period and must not contain successive periods.")


def to_stored(attributes: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Attributes as kept in the queue's JSON document (binary values as base64 text)."""
    out: dict[str, dict[str, Any]] = {}
    for name, value in attributes.items():
        kept: dict[str, Any] = {"DataType": value["DataType"]}
        if value.get("BinaryValue") is not None:
            kept["BinaryValue"] = base64.b64encode(_binary(value["BinaryValue"])).decode()
        else:
            kept["StringValue"] = value.get("StringValue")
        out[name] = kept
    return out


def from_stored(attributes: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Stored attributes as the output shape has them (binary values as bytes)."""
    out: dict[str, dict[str, Any]] = {}
    for name, value in attributes.items():
        given = dict(value)
        if "BinaryValue" in given:
            given["BinaryValue"] = base64.b64decode(given["BinaryValue"])
        out[name] = given
    return out


def wanted(attributes: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """The message attributes ReceiveMessage's MessageAttributeNames select: ``All`` or
    ``.*``, exact names and ``prefix.*``."""
    if not names:
        return {}
    if "All" in names or ".*" in names:
        return dict(attributes)
    exact = {n for n in names if not n.endswith(".*")}
    prefixes = tuple(n[:-1] for n in names if n.endswith(".*"))
    return {k: v for k, v in attributes.items() if k in exact or (prefixes and k.startswith(prefixes))}
