"""AWS::SSM::Parameter through CloudFormation."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.stacks import deploy, failure_reasons, remove
from tests.server import RunningServer


def _template(value: str, tags: dict[str, str]) -> dict[str, Any]:
    return {"Resources": {"P": {"Type": "AWS::SSM::Parameter", "Properties": {
        "Type": "String", "Value": value, "Description": "d", "Tags": tags}}},
        "Outputs": {"Name": {"Value": {"Ref": "P"}},
                    "Value": {"Value": {"Fn::GetAtt": ["P", "Value"]}},
                    "Type": {"Value": {"Fn::GetAtt": ["P", "Type"]}}}}


def test_parameter_stack_creates_updates_deletes(server: RunningServer, ssm: Any) -> None:
    stack = deploy(server, _template("one", {"a": "1"}))
    name = stack.outputs["Name"]
    assert name.startswith("CFN-P-") and len(name) == len("CFN-P-") + 12
    assert (stack.outputs["Value"], stack.outputs["Type"]) == ("one", "String")
    assert ssm.get_parameter(Name=name)["Parameter"]["Value"] == "one"
    deploy(server, _template("two", {"b": "2"}), name=stack.name, update=True)
    got = ssm.get_parameter(Name=name)["Parameter"]
    assert (got["Value"], got["Version"]) == ("two", 2)
    tags = ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId=name)["TagList"]
    assert tags == [{"Key": "b", "Value": "2"}]
    remove(server, stack.name)
    with pytest.raises(ClientError):
        ssm.get_parameter(Name=name)


def test_secure_string_is_refused(server: RunningServer) -> None:
    stack = deploy(server, {"Resources": {"P": {"Type": "AWS::SSM::Parameter", "Properties": {
        "Type": "SecureString", "Value": "x"}}}}, expect="ROLLBACK_COMPLETE")
    assert any("SecureString" in r or "Type" in r for r in failure_reasons(server, stack.name))


def test_ssm_typed_stack_parameter_reads_parameter_store(server: RunningServer, ssm: Any,
                                                         base: str) -> None:
    ssm.put_parameter(Name=f"{base}/size", Value="large", Type="String")
    template = {
        "Parameters": {"Size": {"Type": "AWS::SSM::Parameter::Value<String>"}},
        "Resources": {"Copy": {"Type": "AWS::SSM::Parameter", "Properties": {
            "Type": "String", "Value": {"Ref": "Size"}}}},
        "Outputs": {"Value": {"Value": {"Fn::GetAtt": ["Copy", "Value"]}}}}
    stack = deploy(server, template, parameters={"Size": f"{base}/size"})
    assert stack.outputs["Value"] == "large"
