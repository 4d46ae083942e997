"""What a schema's Content must be, by its Type, and how names and pages are checked.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-schema.html
- ``OpenApi3``: a JSON object with an ``openapi`` version string ("3.x") and a
  ``components`` object (EventBridge keeps its schemas under ``components.schemas``);
- ``JSONSchemaDraft4``: a JSON object (a JSON Schema document);
- anything else is BadRequestException. The model already limits Content to 100,000
  characters.
- Registry names have 1 to 64 letters, digits, dots, hyphens and underscores; schema names
  1 to 385 of those or ``@`` (AWS's documented patterns for CloudFormation's
  AWS::EventSchemas types).
- Lists page with an opaque ``NextToken`` (an offset here) and ``Limit`` (default 100).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Sequence
from typing import Any, TypeVar

from cloudlet.server.paging import offset_page
from cloudlet.services.schemas.errors import BadRequestException

T = TypeVar("T")

REGISTRY_NAME = re.compile(r"[.\-_A-Za-z0-9]{1,64}")
SCHEMA_NAME = re.compile(r"[.\-_A-Za-z0-9@]{1,385}")
DEFAULT_LIMIT = 100
MAX_TAGS = 50


def checked_registry_name(name: str) -> str:
    if not REGISTRY_NAME.fullmatch(name):
        raise BadRequestException(
            f"Invalid RegistryName {name}: it must be 1 to 64 characters of"
            " [.\\-_A-Za-z0-9]+.")
    return name


def checked_schema_name(name: str) -> str:
    if not SCHEMA_NAME.fullmatch(name):
        raise BadRequestException(
            f"Invalid SchemaName {name}: it must be 1 to 385 characters of"
            " [.\\-_A-Za-z0-9@]+.")
    return name


def checked_content(content: str, schema_type: str) -> str:
    """``content`` when it is a valid document of ``schema_type``; BadRequestException."""
    try:
        doc = json.loads(content)
    except ValueError as error:
        raise BadRequestException(f"Invalid content: the schema is not valid JSON: {error}"
                                  ) from None
    if not isinstance(doc, dict):
        raise BadRequestException("Invalid content: the schema must be a JSON object.")
    if schema_type == "OpenApi3":
        version = doc.get("openapi")
        if not isinstance(version, str) or not version.startswith("3."):
            raise BadRequestException(
                "Invalid content: an OpenApi3 schema needs an \"openapi\" version 3.x.")
        if not isinstance(doc.get("components"), dict):
            raise BadRequestException(
                "Invalid content: an OpenApi3 schema needs a \"components\" object.")
    return content


def checked_tags(tags: dict[str, str]) -> dict[str, str]:
    if len(tags) > MAX_TAGS:
        raise BadRequestException(f"A resource can have at most {MAX_TAGS} tags.")
    for key in tags:
        if key.lower().startswith("aws:"):
            raise BadRequestException("Tag keys beginning with aws: are reserved.")
    return tags


def page(items: Sequence[T], req: dict[str, Any]) -> tuple[list[T], str | None]:
    """One page of ``items`` after ``req['NextToken']``, and the token of the next."""
    start = 0
    token = req.get("NextToken")
    if token:
        try:
            start = int(base64.urlsafe_b64decode(token.encode()).decode())
        except (ValueError, binascii.Error):
            raise BadRequestException("Invalid NextToken.") from None
    limit = req.get("Limit") or DEFAULT_LIMIT
    if limit < 1:
        raise BadRequestException("Limit must be at least 1.")
    found, after = offset_page(items, start, limit)
    return found, (None if after is None
                   else base64.urlsafe_b64encode(str(after).encode()).decode())
