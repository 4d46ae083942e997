"""Registries: create, describe, list (prefix, scope, paging), update, delete.

https://docs.aws.amazon.com/eventbridge/latest/schema-reference/v1-registries-name-registryname.html
"""

from __future__ import annotations

import uuid
from typing import Any

from tests.e2e.schemas.conftest import OPENAPI, error_of


def test_create_registry_answers_arn_description_and_tags(schemas: Any) -> None:
    name = f"reg-{uuid.uuid4().hex[:10]}"
    out = schemas.create_registry(RegistryName=name, Description="d", Tags={"team": "a"})
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert out["RegistryArn"] == f"arn:aws:schemas:us-east-1:000000000000:registry/{name}"
    assert (out["RegistryName"], out["Description"], out["Tags"]) == (name, "d", {"team": "a"})
    got = schemas.describe_registry(RegistryName=name)
    assert got["RegistryArn"] == out["RegistryArn"] and got["Tags"] == {"team": "a"}
    schemas.delete_registry(RegistryName=name)


def test_create_existing_registry_is_a_conflict(schemas: Any, registry: str) -> None:
    code, status, message, resp = error_of(schemas.create_registry, RegistryName=registry)
    assert (code, status) == ("ConflictException", 409)
    assert resp["Code"] == "Conflict" and registry in message


def test_missing_registry_is_not_found(schemas: Any) -> None:
    code, status, message, _ = error_of(schemas.describe_registry, RegistryName="nope-x")
    assert (code, status) == ("NotFoundException", 404)
    assert message == "Registry with name nope-x does not exist."
    for call in (schemas.update_registry, schemas.delete_registry, schemas.list_schemas):
        assert error_of(call, RegistryName="nope-x")[:2] == ("NotFoundException", 404)


def test_invalid_registry_name_is_a_bad_request(schemas: Any) -> None:
    code, status, _, resp = error_of(schemas.create_registry, RegistryName="a b")
    assert (code, status, resp["Code"]) == ("BadRequestException", 400, "BadRequest")


def test_update_registry_changes_description(schemas: Any, registry: str) -> None:
    out = schemas.update_registry(RegistryName=registry, Description="new")
    assert out["Description"] == "new"
    assert schemas.describe_registry(RegistryName=registry)["Description"] == "new"


def test_delete_registry_with_schemas_is_refused(schemas: Any, registry: str) -> None:
    schemas.create_schema(RegistryName=registry, SchemaName="s1", Type="OpenApi3",
                          Content=OPENAPI)
    code, status, _, _ = error_of(schemas.delete_registry, RegistryName=registry)
    assert (code, status) == ("BadRequestException", 400)
    schemas.delete_schema(RegistryName=registry, SchemaName="s1")
    schemas.delete_registry(RegistryName=registry)
    schemas.create_registry(RegistryName=registry)  # for the fixture's clean-up


def test_list_registries_by_prefix_scope_and_pages(schemas: Any) -> None:
    prefix = f"lst-{uuid.uuid4().hex[:6]}-"
    names = [f"{prefix}{i}" for i in range(5)]
    for name in names:
        schemas.create_registry(RegistryName=name)
    first = schemas.list_registries(RegistryNamePrefix=prefix, Limit=2)
    assert [r["RegistryName"] for r in first["Registries"]] == names[:2]
    pages = schemas.get_paginator("list_registries").paginate(
        RegistryNamePrefix=prefix, PaginationConfig={"PageSize": 2})
    assert [r["RegistryName"] for p in pages for r in p["Registries"]] == names
    local = schemas.list_registries(RegistryNamePrefix=prefix, Scope="LOCAL")["Registries"]
    assert len(local) == 5
    assert schemas.list_registries(RegistryNamePrefix=prefix, Scope="AWS")["Registries"] == []
    assert error_of(schemas.list_registries, NextToken="!!")[:2] == ("BadRequestException", 400)
    for name in names:
        schemas.delete_registry(RegistryName=name)


def test_not_supported_operations_answer_501(schemas: Any) -> None:
    code, status, message, _ = error_of(schemas.list_discoverers)
    assert status == 501 and "not supported" in message
    assert error_of(schemas.get_resource_policy)[1] == 501
