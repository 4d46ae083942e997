"""AWS::EventSchemas::Registry and ::Schema through CloudFormation."""

from __future__ import annotations

import json
from typing import Any

from tests.e2e.schemas.conftest import OPENAPI
from tests.e2e.stacks import deploy, remove
from tests.server import RunningServer


def _template(title: str, description: str) -> dict[str, Any]:
    content = json.loads(OPENAPI)
    content["info"]["title"] = title
    return {"Resources": {
        "Reg": {"Type": "AWS::EventSchemas::Registry", "Properties": {
            "Description": description, "Tags": [{"Key": "team", "Value": "a"}]}},
        "Sch": {"Type": "AWS::EventSchemas::Schema", "Properties": {
            "RegistryName": {"Fn::GetAtt": ["Reg", "RegistryName"]}, "SchemaName": "Order",
            "Type": "OpenApi3", "Content": json.dumps(content)}}},
        "Outputs": {"RegRef": {"Value": {"Ref": "Reg"}},
                    "RegName": {"Value": {"Fn::GetAtt": ["Reg", "RegistryName"]}},
                    "SchRef": {"Value": {"Ref": "Sch"}},
                    "SchVersion": {"Value": {"Fn::GetAtt": ["Sch", "SchemaVersion"]}},
                    "SchName": {"Value": {"Fn::GetAtt": ["Sch", "SchemaName"]}}}}


def test_registry_and_schema_stack_creates_updates_deletes(server: RunningServer,
                                                          schemas: Any) -> None:
    stack = deploy(server, _template("a", "first"))
    name = stack.outputs["RegName"]
    assert stack.outputs["RegRef"] == \
        f"arn:aws:schemas:us-east-1:000000000000:registry/{name}"
    assert stack.outputs["SchRef"] == \
        f"arn:aws:schemas:us-east-1:000000000000:schema/{name}/Order"
    assert (stack.outputs["SchVersion"], stack.outputs["SchName"]) == ("1", "Order")
    registry = schemas.describe_registry(RegistryName=name)
    assert registry["Description"] == "first" and registry["Tags"]["team"] == "a"

    updated = deploy(server, _template("b", "second"), name=stack.name, update=True)
    assert updated.outputs["SchVersion"] == "2"
    assert schemas.describe_registry(RegistryName=name)["Description"] == "second"
    got = schemas.describe_schema(RegistryName=name, SchemaName="Order")
    assert json.loads(got["Content"])["info"]["title"] == "b"

    remove(server, stack.name)
    assert not schemas.list_registries(RegistryNamePrefix=name)["Registries"]
