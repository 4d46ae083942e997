"""EventBridge Schemas errors, named after their AWS codes.

https://docs.aws.amazon.com/eventbridge/latest/schema-reference/API_Errors.html (not every
page is published; the shapes are botocore's ``schemas`` model)
- Each error body carries ``Code`` (the code without ``Exception``: ``NotFound``,
  ``Conflict``, ...) and ``Message``, as the service answers; botocore copies both onto the
  parsed error (the SAM CLI reads ``Code == "Conflict"`` and "No change since the previous"
  from UpdateSchema's answer).
"""

from __future__ import annotations

from typing import Any, ClassVar

from cloudlet.server.errors import ClientError


class SchemasError(ClientError):
    message_key: ClassVar[str] = "Message"

    def __init__(self, message: str | None = None, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.fields.setdefault("Code", self.code.removesuffix("Exception"))


class BadRequestException(SchemasError):
    code = "BadRequestException"


class NotFoundException(SchemasError):
    code = "NotFoundException"
    status = 404


class ConflictException(SchemasError):
    code = "ConflictException"
    status = 409


class ForbiddenException(SchemasError):
    code = "ForbiddenException"
    status = 403


def registry_not_found(name: str) -> NotFoundException:
    return NotFoundException(f"Registry with name {name} does not exist.")


def schema_not_found(name: str) -> NotFoundException:
    return NotFoundException(f"Schema with name {name} does not exist.")


def version_not_found(name: str, version: str) -> NotFoundException:
    return NotFoundException(f"Schema with name {name} and version {version} does not exist.")
