"""A Schemas client for the session server, and a fresh registry per test."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.server import RunningServer

OPENAPI = json.dumps({"openapi": "3.0.0", "info": {"version": "1.0.0", "title": "Event"},
                      "paths": {}, "components": {"schemas": {"Event": {"type": "object"}}}})


@pytest.fixture(scope="session")
def schemas(server: RunningServer) -> Any:
    return make_client(server, "schemas")


@pytest.fixture
def registry(schemas: Any) -> Iterator[str]:
    name = f"reg-{uuid.uuid4().hex[:10]}"
    schemas.create_registry(RegistryName=name)
    yield name
    for found in schemas.list_schemas(RegistryName=name)["Schemas"]:
        schemas.delete_schema(RegistryName=name, SchemaName=found["SchemaName"])
    schemas.delete_registry(RegistryName=name)


def error_of(call: Any, **params: Any) -> tuple[str, int, str, dict[str, Any]]:
    """The (code, status, message, response) of a call that must fail."""
    with pytest.raises(ClientError) as err:
        call(**params)
    resp = err.value.response
    return (resp["Error"]["Code"], resp["ResponseMetadata"]["HTTPStatusCode"],
            resp["Error"]["Message"], resp)
