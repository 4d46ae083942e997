"""Helpers for the DynamoDB conformance tests."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError


def new_name(prefix: str = "t") -> str:
    return f"{prefix}{uuid.uuid4().hex[:12]}"


def create_table(ddb: Any, name: str | None = None, *, hash_key: str = "pk",
                 hash_type: str = "S", range_key: str | None = None, range_type: str = "S",
                 extra_attributes: dict[str, str] | None = None, **kwargs: Any) -> str:
    """Create a PAY_PER_REQUEST table and return its name."""
    name = name or new_name()
    attributes = {hash_key: hash_type}
    schema = [{"AttributeName": hash_key, "KeyType": "HASH"}]
    if range_key is not None:
        attributes[range_key] = range_type
        schema.append({"AttributeName": range_key, "KeyType": "RANGE"})
    attributes.update(extra_attributes or {})
    kwargs.setdefault("BillingMode", "PAY_PER_REQUEST")
    ddb.create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": k, "AttributeType": v}
                              for k, v in attributes.items()],
        KeySchema=schema,
        **kwargs,
    )
    return name


def error_of(call: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[str, str, int]:
    """Call and return the (code, message, HTTP status) of the ClientError it raises."""
    with pytest.raises(ClientError) as err:
        call(*args, **kwargs)
    resp = err.value.response
    return (resp["Error"]["Code"], resp["Error"].get("Message", ""),
            resp["ResponseMetadata"]["HTTPStatusCode"])


def validation_message(call: Callable[..., Any], *args: Any, **kwargs: Any) -> str:
    """The message of the ValidationException (400) that the call raises."""
    code, message, status = error_of(call, *args, **kwargs)
    assert (code, status) == ("ValidationException", 400), (code, message)
    return message
