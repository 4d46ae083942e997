"""What the messaging and bucket pages read from their forms: message attributes, JSON
text, a multipart/form-data upload, and the console's own refusals (a form the page
cannot turn into a call)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

from cloudlet.console.view import Failed
from cloudlet.server.errors import ValidationException


def refuse(message: str) -> Failed:
    """A form the console cannot send, shown as the API shows a validation error."""
    return Failed(ValidationException(message))


def arn_name(arn: str) -> str:
    """The resource name at the end of an ARN (``arn:aws:sqs:r:a:name`` -> ``name``)."""
    return arn.rsplit(":", 1)[-1].rsplit("/", 1)[-1]


def message_attributes(text: str) -> dict[str, dict[str, str]]:
    """SQS/SNS MessageAttributes from ``name=value`` lines (``name:Number=1`` for another
    DataType; String otherwise)."""
    attributes: dict[str, dict[str, str]] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        name, _, value = line.partition("=")
        name, _, kind = name.strip().partition(":")
        attributes[name] = {"DataType": kind.strip() or "String", "StringValue": value.strip()}
    return attributes


def json_text(text: str, what: str) -> Any:
    """``text`` parsed as JSON; a refusal naming ``what`` when it is not JSON."""
    try:
        return json.loads(text)
    except ValueError as error:
        raise refuse(f"{what} is not valid JSON: {error}") from None


def whole_number(text: str, what: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise refuse(f"{what} must be a whole number.") from None


@dataclass(frozen=True, slots=True)
class Upload:
    filename: str
    content_type: str
    data: bytes


def multipart_form(content_type: str, body: bytes) -> tuple[dict[str, str], list[Upload]]:
    """A ``multipart/form-data`` body: its plain fields and its files (the standard
    library's email parser, which keeps each part's bytes as sent)."""
    if not content_type.lower().startswith("multipart/form-data"):
        raise refuse("The upload must be sent as multipart/form-data.")
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body)
    fields: dict[str, str] = {}
    files: list[Upload] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            if filename:
                files.append(Upload(filename, part.get_content_type(), data))
        elif isinstance(name, str):
            fields[name] = data.decode("utf-8", "replace")
    return fields, files
