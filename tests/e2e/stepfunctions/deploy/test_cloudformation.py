"""State machines deployed as CloudFormation resources (CreateStack, as a user would), then
run: the definition in each of its three forms, substitutions, generated names, in-place
updates and replacement, activities, versions and aliases."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import make_client
from tests.e2e.stacks import deploy, remove
from tests.e2e.stepfunctions.conftest import finished
from tests.server import RunningServer

ROLE = "arn:aws:iam::000000000000:role/sfn-role"
PASS = {"StartAt": "Greet", "States": {"Greet": {
    "Type": "Pass", "Parameters": {"greeting.$": "States.Format('${Word}, {}!', $.name)"},
    "End": True}}}


def _machine(props: dict[str, Any], extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"Resources": {"Machine": {"Type": "AWS::StepFunctions::StateMachine",
                                      "Properties": {"RoleArn": ROLE, **props}},
                          **(extra or {})},
            "Outputs": {"Arn": {"Value": {"Ref": "Machine"}},
                        "Name": {"Value": {"Fn::GetAtt": ["Machine", "Name"]}},
                        "Revision": {"Value": {"Fn::GetAtt": ["Machine",
                                                              "StateMachineRevisionId"]}}}}


def _run(sfn: Any, arn: str, value: Any) -> dict[str, Any]:
    started = sfn.start_execution(stateMachineArn=arn, input=json.dumps(value))
    return finished(sfn, started["executionArn"])


@pytest.fixture(scope="module")
def sfn(server: RunningServer) -> Any:
    return make_client(server, "stepfunctions")


def test_a_definition_object_with_substitutions_runs(server: RunningServer, sfn: Any) -> None:
    stack = deploy(server, _machine({"Definition": PASS,
                                     "DefinitionSubstitutions": {"Word": "Hello"},
                                     "Tags": [{"Key": "team", "Value": "sensors"}]}))
    arn = stack.outputs["Arn"]
    assert arn == stack.physical("Machine")
    name = stack.outputs["Name"]
    assert arn.endswith(f":stateMachine:{name}")
    assert name.startswith("Machine-") and len(name) == len("Machine-") + 12
    described = sfn.describe_state_machine(stateMachineArn=arn)
    assert described["type"] == "STANDARD" and described["roleArn"] == ROLE
    assert described["revisionId"] == stack.outputs["Revision"]
    tags = {t["key"]: t["value"] for t in sfn.list_tags_for_resource(resourceArn=arn)["tags"]}
    assert tags["team"] == "sensors"
    assert tags["aws:cloudformation:logical-id"] == "Machine"

    out = _run(sfn, arn, {"name": "Ada"})

    assert out["status"] == "SUCCEEDED", out
    assert out["output"] == {"greeting": "Hello, Ada!"}
    remove(server, stack.name)
    assert arn not in [m["stateMachineArn"] for m in sfn.list_state_machines()["stateMachines"]]


def test_definition_from_s3_and_string(server: RunningServer, sfn: Any,
                                       unique_name: str) -> None:
    s3 = make_client(server, "s3")
    s3.create_bucket(Bucket=unique_name)
    s3.put_object(Bucket=unique_name, Key="machine.asl.json",
                  Body=json.dumps({"StartAt": "P", "States": {"P": {
                      "Type": "Pass", "Result": "${Answer}", "End": True}}}).encode())
    template = _machine({"DefinitionS3Location": {"Bucket": unique_name,
                                                  "Key": "machine.asl.json"},
                         "DefinitionSubstitutions": {"Answer": "from s3"}},
                        {"Other": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {
                            "RoleArn": ROLE, "StateMachineType": "EXPRESS",
                            "StateMachineName": f"{unique_name}-string",
                            "DefinitionString": json.dumps(PASS).replace("${Word}", "Hi")}}})
    stack = deploy(server, template)

    assert _run(sfn, stack.outputs["Arn"], {})["output"] == "from s3"
    other = sfn.describe_state_machine(stateMachineArn=stack.physical("Other"))
    assert other["name"] == f"{unique_name}-string" and other["type"] == "EXPRESS"
    remove(server, stack.name)


def test_update_in_place_then_replace_on_rename(server: RunningServer, sfn: Any,
                                                unique_name: str) -> None:
    first = deploy(server, _machine({"Definition": PASS,
                                     "DefinitionSubstitutions": {"Word": "Hello"}}))
    arn = first.outputs["Arn"]

    changed = deploy(server, _machine({"Definition": PASS,
                                       "DefinitionSubstitutions": {"Word": "Goodbye"}}),
                     name=first.name, update=True)

    assert changed.outputs["Arn"] == arn
    assert changed.outputs["Revision"] != first.outputs["Revision"]
    assert _run(sfn, arn, {"name": "Ada"})["output"] == {"greeting": "Goodbye, Ada!"}

    renamed = deploy(server, _machine({"Definition": PASS, "StateMachineName": unique_name,
                                       "DefinitionSubstitutions": {"Word": "Hi"}}),
                     name=first.name, update=True)

    new_arn = renamed.outputs["Arn"]
    assert new_arn != arn and new_arn.endswith(f":stateMachine:{unique_name}")
    listed = [m["stateMachineArn"] for m in sfn.list_state_machines()["stateMachines"]]
    assert new_arn in listed and arn not in listed
    remove(server, first.name)


def test_a_bad_definition_fails_the_stack(server: RunningServer) -> None:
    stack = deploy(server, _machine({"DefinitionString": '{"StartAt": "Nowhere", "States": {}}'}),
                   expect="ROLLBACK_COMPLETE")
    assert stack.status == "ROLLBACK_COMPLETE"


def test_activity_version_and_alias(server: RunningServer, sfn: Any, unique_name: str) -> None:
    template = _machine({"Definition": PASS, "DefinitionSubstitutions": {"Word": "Hey"}}, {
        "Worker": {"Type": "AWS::StepFunctions::Activity",
                   "Properties": {"Name": f"{unique_name}-worker"}},
        "Version": {"Type": "AWS::StepFunctions::StateMachineVersion", "Properties": {
            "StateMachineArn": {"Ref": "Machine"}, "Description": "first",
            "StateMachineRevisionId": {"Fn::GetAtt": ["Machine", "StateMachineRevisionId"]}}},
        "Live": {"Type": "AWS::StepFunctions::StateMachineAlias", "Properties": {
            "Name": "live", "DeploymentPreference": {
                "Type": "ALL_AT_ONCE", "StateMachineVersionArn": {"Ref": "Version"}}}}})
    template["Outputs"]["Worker"] = {"Value": {"Fn::GetAtt": ["Worker", "Name"]}}
    stack = deploy(server, template)
    machine_arn = stack.outputs["Arn"]

    assert stack.outputs["Worker"] == f"{unique_name}-worker"
    assert sfn.describe_activity(activityArn=stack.physical("Worker"))["name"] == \
        f"{unique_name}-worker"
    version = stack.physical("Version")
    assert version == f"{machine_arn}:1"
    alias = stack.physical("Live")
    assert alias == f"{machine_arn}:live"
    assert sfn.describe_state_machine_alias(stateMachineAliasArn=alias)[
        "routingConfiguration"] == [{"stateMachineVersionArn": version, "weight": 100}]
    out = _run(sfn, alias, {"name": "Ada"})
    assert out["output"] == {"greeting": "Hey, Ada!"}
    remove(server, stack.name)
    with pytest.raises(sfn.exceptions.ActivityDoesNotExist):
        sfn.describe_activity(activityArn=stack.physical("Worker"))
