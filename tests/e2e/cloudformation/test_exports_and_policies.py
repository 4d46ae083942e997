"""Exports and Fn::ImportValue, DeletionPolicy / UpdateReplacePolicy Retain, and
termination protection."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.stacks import deploy, remove, wait_settled
from tests.server import RunningServer


@pytest.fixture(scope="module")
def cfn(server: RunningServer) -> Any:
    return make_client(server, "cloudformation")


def exporter(name: str, value: Any) -> dict[str, Any]:
    return {"Resources": {"Q": {"Type": "AWS::SQS::Queue"}},
            "Outputs": {"Out": {"Value": value, "Export": {"Name": name}}}}


def test_exports_imports_and_in_use(server: RunningServer, cfn: Any, unique_name: str) -> None:
    export = f"{unique_name}-url"
    producer = deploy(server, exporter(export, {"Ref": "Q"}))
    url = producer.physical("Q")
    exports = {e["Name"]: e for e in cfn.list_exports()["Exports"]}
    assert exports[export]["Value"] == url
    assert exports[export]["ExportingStackId"] == producer.description["StackId"]

    consumer = deploy(server, {
        "Resources": {"T": {"Type": "AWS::SNS::Topic",
                            "Properties": {"DisplayName": {"Fn::ImportValue": export}}}},
        "Outputs": {"Seen": {"Value": {"Fn::ImportValue": export}}}})
    assert consumer.outputs["Seen"] == url
    assert cfn.list_imports(ExportName=export)["Imports"] == [consumer.name]

    duplicate = deploy(server, exporter(export, "other"), expect="ROLLBACK_COMPLETE")
    events = cfn.describe_stack_events(StackName=duplicate.name)["StackEvents"]
    reasons = [e.get("ResourceStatusReason", "") for e in events]
    assert f"Export with name {export} is already exported by stack {producer.name}" in \
        " ".join(reasons)

    changed = {**exporter(export, "changed")}
    deploy(server, changed, name=producer.name, update=True, expect="UPDATE_ROLLBACK_COMPLETE")
    reasons = [e.get("ResourceStatusReason", "") for e in
               cfn.describe_stack_events(StackName=producer.name)["StackEvents"]]
    assert f"Cannot update export {export} as it is in use by {consumer.name}" in reasons

    cfn.delete_stack(StackName=producer.name)
    held = wait_settled(server, producer.name)
    assert held.status == "UPDATE_ROLLBACK_COMPLETE"  # back to where it was
    assert held.description["StackStatusReason"] == \
        f"Export {export} cannot be deleted as it is in use by {consumer.name}"

    with pytest.raises(ClientError) as missing:
        cfn.create_stack(StackName="importer-missing", TemplateBody=json.dumps(
            {"Resources": {"T": {"Type": "AWS::SNS::Topic", "Properties": {
                "DisplayName": {"Fn::ImportValue": "no-such-export"}}}}}))
    assert missing.value.response["Error"]["Message"] == "No export named no-such-export found."

    remove(server, consumer.name)
    with pytest.raises(ClientError) as unused:
        cfn.list_imports(ExportName=export)
    assert unused.value.response["Error"]["Message"] == \
        f"Export '{export}' is not imported by any stack."
    remove(server, producer.name)
    assert export not in {e["Name"] for e in cfn.list_exports()["Exports"]}


def test_retain_policies(server: RunningServer, cfn: Any, unique_name: str) -> None:
    sqs = make_client(server, "sqs")
    template = {"Resources": {
        "Kept": {"Type": "AWS::SQS::Queue", "DeletionPolicy": "Retain"},
        "Renamed": {"Type": "AWS::SQS::Queue", "UpdateReplacePolicy": "Retain",
                    "Properties": {"QueueName": f"{unique_name}-1"}}}}
    stack = deploy(server, template)
    kept, first = stack.physical("Kept"), stack.physical("Renamed")
    template["Resources"]["Renamed"]["Properties"]["QueueName"] = f"{unique_name}-2"
    updated = deploy(server, template, name=stack.name, update=True)
    assert updated.physical("Renamed") != first
    sqs.get_queue_attributes(QueueUrl=first, AttributeNames=["QueueArn"])  # retained
    remove(server, stack.name)
    sqs.get_queue_attributes(QueueUrl=kept, AttributeNames=["QueueArn"])  # retained
    events = cfn.describe_stack_events(StackName=stack.description["StackId"])["StackEvents"]
    assert ("Kept", "DELETE_SKIPPED") in [(e["LogicalResourceId"], e["ResourceStatus"])
                                          for e in events]
    for url in (kept, first):
        sqs.delete_queue(QueueUrl=url)


def test_termination_protection(server: RunningServer, cfn: Any) -> None:
    stack = deploy(server, {"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}},
                   EnableTerminationProtection=True)
    assert stack.description["EnableTerminationProtection"] is True
    with pytest.raises(ClientError) as protected:
        cfn.delete_stack(StackName=stack.name)
    assert protected.value.response["Error"]["Message"] == (
        f"Stack [{stack.name}] cannot be deleted while TerminationProtection is enabled")
    cfn.update_termination_protection(StackName=stack.name, EnableTerminationProtection=False)
    remove(server, stack.name)


def test_retain_on_create_rollback(server: RunningServer, cfn: Any) -> None:
    template = {"Resources": {
        "Kept": {"Type": "AWS::SQS::Queue", "DeletionPolicy": "Retain"},
        "Bad": {"Type": "AWS::SNS::Topic", "DependsOn": "Kept",
                "Properties": {"TopicName": "not valid!"}}}}
    sqs = make_client(server, "sqs")
    kept = deploy(server, template, expect="ROLLBACK_COMPLETE").physical("Kept")
    sqs.get_queue_attributes(QueueUrl=kept, AttributeNames=["QueueArn"])  # retained
    sqs.delete_queue(QueueUrl=kept)
    gone = deploy(server, template, expect="ROLLBACK_COMPLETE",
                  RetainExceptOnCreate=True).physical("Kept")
    with pytest.raises(ClientError):
        sqs.get_queue_attributes(QueueUrl=gone, AttributeNames=["QueueArn"])


def test_stack_policies_are_refused(cfn: Any, unique_name: str) -> None:
    with pytest.raises(ClientError) as refused:
        cfn.create_stack(StackName=unique_name, StackPolicyBody="{}", TemplateBody=json.dumps(
            {"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}))
    assert refused.value.response["Error"]["Message"].startswith(
        "not supported: StackPolicyBody")
