"""ExpressionAttributeNames and ExpressionAttributeValues of one request.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeNames.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeValues.html
- Every name and value provided must be used by one of the request's expressions:
  call ``check_all_used()`` after compiling them all.
- Values are validated (and numbers normalised) when the context is built.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.values import AttributeValue, validate_expression_values


class ExpressionContext:
    """Placeholders of a request, recording which ones the expressions use."""

    __slots__ = ("names", "values", "used_names", "used_values")

    def __init__(
        self,
        names: Mapping[str, str] | None = None,
        values: Mapping[str, Any] | None = None,
    ) -> None:
        if names is not None and len(names) == 0:
            raise ValidationException("ExpressionAttributeNames must not be empty")
        if values is not None and len(values) == 0:
            raise ValidationException("ExpressionAttributeValues must not be empty")
        for key in names or {}:
            if not key.startswith("#"):
                raise ValidationException(
                    f'ExpressionAttributeNames contains invalid key: Syntax error; key: "{key}"'
                )
        for key in values or {}:
            if not key.startswith(":"):
                raise ValidationException(
                    f'ExpressionAttributeValues contains invalid key: Syntax error; key: "{key}"'
                )
        self.names: dict[str, str] = dict(names or {})
        self.values: dict[str, AttributeValue] = validate_expression_values(values or {})
        self.used_names: set[str] = set()
        self.used_values: set[str] = set()

    def name(self, placeholder: str) -> str | None:
        """The attribute name for ``#placeholder`` (None if undefined); marks it used."""
        found = self.names.get(placeholder)
        if found is not None:
            self.used_names.add(placeholder)
        return found

    def value(self, placeholder: str) -> AttributeValue | None:
        """The value for ``:placeholder`` (None if undefined); marks it used."""
        found = self.values.get(placeholder)
        if found is not None:
            self.used_values.add(placeholder)
        return found

    def check_all_used(self) -> None:
        """Raise DynamoDB's error for names or values no expression used."""
        unused = [n for n in self.names if n not in self.used_names]
        if unused:
            raise ValidationException(
                "Value provided in ExpressionAttributeNames unused in expressions: "
                f"keys: {{{', '.join(unused)}}}"
            )
        unused = [v for v in self.values if v not in self.used_values]
        if unused:
            raise ValidationException(
                "Value provided in ExpressionAttributeValues unused in expressions: "
                f"keys: {{{', '.join(unused)}}}"
            )
