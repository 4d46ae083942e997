"""Schemas and versions: create, update (new versions), describe, list, search, delete.

https://docs.aws.amazon.com/eventbridge/latest/schema-reference/v1-registries-name-registryname-schemas-name-schemaname.html
"""

from __future__ import annotations

import json
from typing import Any

from tests.e2e.schemas.conftest import OPENAPI, error_of


def _content(title: str) -> str:
    doc = json.loads(OPENAPI)
    doc["info"]["title"] = title
    return json.dumps(doc)


def test_create_schema_is_version_1(schemas: Any, registry: str) -> None:
    out = schemas.create_schema(RegistryName=registry, SchemaName="Order@v1", Type="OpenApi3",
                                Content=OPENAPI, Description="orders", Tags={"k": "v"})
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert out["SchemaVersion"] == "1" and out["Type"] == "OpenApi3"
    assert out["SchemaArn"] == \
        f"arn:aws:schemas:us-east-1:000000000000:schema/{registry}/Order@v1"
    got = schemas.describe_schema(RegistryName=registry, SchemaName="Order@v1")
    assert (got["Content"], got["Description"], got["Tags"]) == (OPENAPI, "orders", {"k": "v"})
    assert got["VersionCreatedDate"] and got["LastModified"]


def test_create_existing_schema_is_a_conflict(schemas: Any, registry: str) -> None:
    schemas.create_schema(RegistryName=registry, SchemaName="s", Type="OpenApi3",
                          Content=OPENAPI)
    assert error_of(schemas.create_schema, RegistryName=registry, SchemaName="s",
                    Type="OpenApi3", Content=OPENAPI)[:2] == ("ConflictException", 409)


def test_content_must_match_its_type(schemas: Any, registry: str) -> None:
    for content, kind in (("not json", "OpenApi3"), ('{"components": {}}', "OpenApi3"),
                          ('{"openapi": "3.0.0"}', "OpenApi3"), ("[1]", "JSONSchemaDraft4")):
        code, status, _, _ = error_of(schemas.create_schema, RegistryName=registry,
                                      SchemaName="bad", Type=kind, Content=content)
        assert (code, status) == ("BadRequestException", 400), content
    draft4 = json.dumps({"$schema": "http://json-schema.org/draft-04/schema#",
                         "type": "object"})
    out = schemas.create_schema(RegistryName=registry, SchemaName="d4",
                                Type="JSONSchemaDraft4", Content=draft4)
    assert out["Type"] == "JSONSchemaDraft4"


def test_schema_in_missing_registry_is_not_found(schemas: Any) -> None:
    code, status, _, _ = error_of(schemas.create_schema, RegistryName="nope-y", SchemaName="s",
                                  Type="OpenApi3", Content=OPENAPI)
    assert (code, status) == ("NotFoundException", 404)


def test_missing_schema_and_version_are_not_found(schemas: Any, registry: str) -> None:
    code, status, message, resp = error_of(schemas.describe_schema, RegistryName=registry,
                                           SchemaName="ghost")
    assert (code, status, resp["Code"]) == ("NotFoundException", 404, "NotFound")
    assert message == "Schema with name ghost does not exist."
    for call in (schemas.delete_schema, schemas.list_schema_versions, schemas.update_schema):
        assert error_of(call, RegistryName=registry, SchemaName="ghost")[1] == 404
    schemas.create_schema(RegistryName=registry, SchemaName="s", Type="OpenApi3",
                          Content=OPENAPI)
    assert error_of(schemas.describe_schema, RegistryName=registry, SchemaName="s",
                    SchemaVersion="9")[:2] == ("NotFoundException", 404)


def test_each_content_change_is_a_new_version(schemas: Any, registry: str) -> None:
    schemas.create_schema(RegistryName=registry, SchemaName="s", Type="OpenApi3",
                          Content=_content("a"))
    assert schemas.update_schema(RegistryName=registry, SchemaName="s",
                                 Content=_content("b"))["SchemaVersion"] == "2"
    same = schemas.update_schema(RegistryName=registry, SchemaName="s", Description="x")
    assert same["SchemaVersion"] == "2" and same["Description"] == "x"
    assert schemas.update_schema(RegistryName=registry, SchemaName="s", Type="OpenApi3",
                                 Content=_content("c"))["SchemaVersion"] == "3"
    latest = schemas.describe_schema(RegistryName=registry, SchemaName="s")
    assert (latest["SchemaVersion"], latest["Content"]) == ("3", _content("c"))
    first = schemas.describe_schema(RegistryName=registry, SchemaName="s", SchemaVersion="1")
    assert first["Content"] == _content("a")
    versions = schemas.list_schema_versions(RegistryName=registry, SchemaName="s")
    assert [v["SchemaVersion"] for v in versions["SchemaVersions"]] == ["1", "2", "3"]


def test_update_without_change_is_a_conflict(schemas: Any, registry: str) -> None:
    schemas.create_schema(RegistryName=registry, SchemaName="s", Type="OpenApi3",
                          Content=OPENAPI)
    code, status, message, resp = error_of(schemas.update_schema, RegistryName=registry,
                                           SchemaName="s", Content=OPENAPI, Type="OpenApi3")
    assert (code, status, resp["Code"]) == ("ConflictException", 409, "Conflict")
    assert "No change since the previous" in message


def test_delete_schema_version_keeps_the_others(schemas: Any, registry: str) -> None:
    schemas.create_schema(RegistryName=registry, SchemaName="s", Type="OpenApi3",
                          Content=_content("a"))
    schemas.update_schema(RegistryName=registry, SchemaName="s", Content=_content("b"))
    out = schemas.delete_schema_version(RegistryName=registry, SchemaName="s",
                                        SchemaVersion="1")
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 204
    versions = schemas.list_schema_versions(RegistryName=registry, SchemaName="s")
    assert [v["SchemaVersion"] for v in versions["SchemaVersions"]] == ["2"]
    assert error_of(schemas.delete_schema_version, RegistryName=registry, SchemaName="s",
                    SchemaVersion="1")[:2] == ("NotFoundException", 404)
    assert error_of(schemas.delete_schema_version, RegistryName=registry, SchemaName="s",
                    SchemaVersion="2")[:2] == ("BadRequestException", 400)
    assert schemas.update_schema(RegistryName=registry, SchemaName="s",
                                 Content=_content("c"))["SchemaVersion"] == "3"


def test_list_schemas_by_prefix_with_pages(schemas: Any, registry: str) -> None:
    for name in ("a1", "a2", "a3", "b1"):
        schemas.create_schema(RegistryName=registry, SchemaName=name, Type="OpenApi3",
                              Content=OPENAPI)
    pages = schemas.get_paginator("list_schemas").paginate(
        RegistryName=registry, SchemaNamePrefix="a", PaginationConfig={"PageSize": 2})
    found = [s for p in pages for s in p["Schemas"]]
    assert [s["SchemaName"] for s in found] == ["a1", "a2", "a3"]
    assert found[0]["VersionCount"] == 1


def test_search_schemas_by_keyword(schemas: Any, registry: str) -> None:
    schemas.create_schema(RegistryName=registry, SchemaName="OrderPlaced", Type="OpenApi3",
                          Content=OPENAPI)
    schemas.create_schema(RegistryName=registry, SchemaName="other", Type="OpenApi3",
                          Content=_content("Shipment"))
    by_name = schemas.search_schemas(RegistryName=registry, Keywords="order")["Schemas"]
    assert [s["SchemaName"] for s in by_name] == ["OrderPlaced"]
    assert by_name[0]["SchemaVersions"][0]["SchemaVersion"] == "1"
    by_content = schemas.search_schemas(RegistryName=registry, Keywords="shipment")["Schemas"]
    assert [s["SchemaName"] for s in by_content] == ["other"]


def test_delete_schema(schemas: Any, registry: str) -> None:
    schemas.create_schema(RegistryName=registry, SchemaName="s", Type="OpenApi3",
                          Content=OPENAPI)
    out = schemas.delete_schema(RegistryName=registry, SchemaName="s")
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert error_of(schemas.describe_schema, RegistryName=registry,
                    SchemaName="s")[1] == 404
