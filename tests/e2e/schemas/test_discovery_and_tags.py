"""GetDiscoveredSchema and tags on registries and schemas.

https://docs.aws.amazon.com/eventbridge/latest/schema-reference/v1-discover.html
https://docs.aws.amazon.com/eventbridge/latest/schema-reference/tags-resource-arn.html
"""

from __future__ import annotations

import json
from typing import Any

from tests.e2e.schemas.conftest import OPENAPI, error_of


def test_discovered_openapi_schema_has_the_events_types(schemas: Any) -> None:
    event = {"key1": "value1", "n": 3, "price": 1.5, "ok": True, "tags": ["a"],
             "detail": {"id": "x"}}
    doc = json.loads(schemas.get_discovered_schema(Events=[json.dumps(event)],
                                                   Type="OpenApi3")["Content"])
    assert doc["openapi"] == "3.0.0" and doc["info"]["title"] == "Event"
    root = doc["components"]["schemas"]["Event"]
    assert root["type"] == "object"
    assert root["required"] == sorted(event)
    props = root["properties"]
    assert props["key1"] == {"type": "string"} and props["n"] == {"type": "number"}
    assert props["price"] == {"type": "number", "format": "double"}
    assert props["ok"] == {"type": "boolean"}
    assert props["tags"] == {"type": "array", "items": {"type": "string"}}
    assert props["detail"] == {"$ref": "#/components/schemas/Detail"}
    assert doc["components"]["schemas"]["Detail"]["properties"] == {"id": {"type": "string"}}


def test_discovery_merges_events_and_drafts_json_schema(schemas: Any) -> None:
    events = [json.dumps({"a": 1, "b": "x"}), json.dumps({"a": 2})]
    doc = json.loads(schemas.get_discovered_schema(Events=events,
                                                   Type="JSONSchemaDraft4")["Content"])
    assert doc["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert doc["required"] == ["a"] and set(doc["properties"]) == {"a", "b"}
    assert error_of(schemas.get_discovered_schema, Events=["{nope"],
                    Type="OpenApi3")[:2] == ("BadRequestException", 400)


def test_tags_on_registries_and_schemas(schemas: Any, registry: str) -> None:
    arn = schemas.describe_registry(RegistryName=registry)["RegistryArn"]
    schemas.tag_resource(ResourceArn=arn, Tags={"a": "1", "b": "2"})
    schemas.untag_resource(ResourceArn=arn, TagKeys=["a"])
    assert schemas.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"b": "2"}
    schema_arn = schemas.create_schema(RegistryName=registry, SchemaName="s", Type="OpenApi3",
                                       Content=OPENAPI, Tags={"x": "y"})["SchemaArn"]
    schemas.tag_resource(ResourceArn=schema_arn, Tags={"z": "w"})
    assert schemas.list_tags_for_resource(ResourceArn=schema_arn)["Tags"] == \
        {"x": "y", "z": "w"}
    assert schemas.describe_schema(RegistryName=registry, SchemaName="s")["Tags"] == \
        {"x": "y", "z": "w"}


def test_tags_on_missing_or_invalid_resources(schemas: Any) -> None:
    missing = "arn:aws:schemas:us-east-1:000000000000:registry/ghost-r"
    assert error_of(schemas.list_tags_for_resource,
                    ResourceArn=missing)[:2] == ("NotFoundException", 404)
    assert error_of(schemas.tag_resource, ResourceArn="arn:aws:sqs:us-east-1:1:q",
                    Tags={"a": "b"})[:2] == ("BadRequestException", 400)
