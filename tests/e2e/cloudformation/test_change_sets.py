"""Change sets (CREATE and UPDATE, the Changes list) and ``aws cloudformation deploy``
(awscli v1, unchanged), including a second deploy with nothing to change."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.stacks import remove, wait_settled
from tests.server import RunningServer

AWS = str(Path(sys.executable).parent / "aws")


@pytest.fixture(scope="module")
def cfn(server: RunningServer) -> Any:
    return make_client(server, "cloudformation")


def queue(**props: Any) -> dict[str, Any]:
    return {"Type": "AWS::SQS::Queue", "Properties": props}


def test_create_then_update_change_set(server: RunningServer, cfn: Any,
                                       unique_name: str) -> None:
    first = {"Resources": {"Q": queue(VisibilityTimeout=30), "R": queue(QueueName=unique_name),
                           "Gone": queue()}}
    made = cfn.create_change_set(StackName=unique_name, ChangeSetName="first",
                                 ChangeSetType="CREATE", TemplateBody=json.dumps(first))
    assert made["Id"].startswith("arn:aws:cloudformation:us-east-1:000000000000:changeSet/first/")
    review = cfn.describe_stacks(StackName=unique_name)["Stacks"][0]
    assert review["StackStatus"] == "REVIEW_IN_PROGRESS"
    described = cfn.describe_change_set(ChangeSetName="first", StackName=unique_name)
    assert described["Status"] == "CREATE_COMPLETE"
    assert described["ExecutionStatus"] == "AVAILABLE"
    assert sorted((c["ResourceChange"]["Action"], c["ResourceChange"]["LogicalResourceId"])
                  for c in described["Changes"]) == [("Add", "Gone"), ("Add", "Q"), ("Add", "R")]
    cfn.execute_change_set(ChangeSetName=made["Id"])
    assert wait_settled(server, unique_name).status == "CREATE_COMPLETE"

    second = {"Resources": {"Q": queue(VisibilityTimeout=40),
                            "R": queue(QueueName=unique_name + "-2"),
                            "New": queue()}}
    cfn.create_change_set(StackName=unique_name, ChangeSetName="second",
                          TemplateBody=json.dumps(second), Description="two")
    listed = cfn.list_change_sets(StackName=unique_name)["Summaries"]
    assert [(s["ChangeSetName"], s["ExecutionStatus"]) for s in listed] == [
        ("first", "EXECUTE_COMPLETE"), ("second", "AVAILABLE")]
    changes = {c["ResourceChange"]["LogicalResourceId"]: c["ResourceChange"]
               for c in cfn.describe_change_set(ChangeSetName="second",
                                                StackName=unique_name)["Changes"]}
    assert changes["New"]["Action"] == "Add"
    assert changes["Gone"]["Action"] == "Remove"
    assert changes["Q"]["Action"] == "Modify" and changes["Q"]["Replacement"] == "False"
    assert changes["Q"]["Details"][0]["Target"] == {
        "Attribute": "Properties", "Name": "VisibilityTimeout", "RequiresRecreation": "Never"}
    assert changes["R"]["Replacement"] == "True"
    assert changes["R"]["Details"][0]["Target"]["RequiresRecreation"] == "Always"
    cfn.execute_change_set(ChangeSetName="second", StackName=unique_name)
    stack = wait_settled(server, unique_name)
    assert stack.status == "UPDATE_COMPLETE"
    assert set(stack.resources) == {"Q", "R", "New"}
    assert stack.description["ChangeSetId"].split("/")[1] == "second"

    # An executed change set's name can be used again (the aws CLI's names repeat
    # within a second); one still available cannot.
    third = {"Resources": {**second["Resources"], "More": queue()}}
    cfn.create_change_set(StackName=unique_name, ChangeSetName="second",
                          TemplateBody=json.dumps(third))
    with pytest.raises(ClientError) as taken:
        cfn.create_change_set(StackName=unique_name, ChangeSetName="second",
                              TemplateBody=json.dumps(third))
    assert taken.value.response["Error"]["Code"] == "AlreadyExistsException"
    cfn.delete_change_set(ChangeSetName="second", StackName=unique_name)
    with pytest.raises(ClientError) as missing:
        cfn.describe_change_set(ChangeSetName="nope", StackName=unique_name)
    assert missing.value.response["Error"]["Code"] == "ChangeSetNotFound"
    remove(server, unique_name)


def test_empty_change_set_fails_and_delete(server: RunningServer, cfn: Any,
                                           unique_name: str) -> None:
    body = json.dumps({"Resources": {"Q": queue()}})
    cfn.create_stack(StackName=unique_name, TemplateBody=body)
    wait_settled(server, unique_name)
    cfn.create_change_set(StackName=unique_name, ChangeSetName="same", TemplateBody=body)
    described = cfn.describe_change_set(ChangeSetName="same", StackName=unique_name)
    assert described["Status"] == "FAILED"
    assert described["StatusReason"] == (
        "The submitted information didn't contain changes. Submit different information "
        "to create a change set.")
    with pytest.raises(ClientError) as refused:
        cfn.execute_change_set(ChangeSetName="same", StackName=unique_name)
    assert refused.value.response["Error"]["Code"] == "InvalidChangeSetStatus"
    cfn.delete_change_set(ChangeSetName="same", StackName=unique_name)
    assert cfn.list_change_sets(StackName=unique_name)["Summaries"] == []
    with pytest.raises(ClientError) as imported:
        cfn.create_change_set(StackName=unique_name, ChangeSetName="imp", TemplateBody=body,
                              ChangeSetType="IMPORT")
    assert "not supported" in imported.value.response["Error"]["Message"]
    remove(server, unique_name)


def _aws(server: RunningServer, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
           "AWS_DEFAULT_REGION": "us-east-1"}
    return subprocess.run([AWS, "--endpoint-url", server.url, "cloudformation", *args],
                          capture_output=True, text=True, env=env, timeout=120)


def test_aws_cloudformation_deploy(server: RunningServer, cfn: Any, tmp_path: Path,
                                   unique_name: str) -> None:
    template = tmp_path / "t.yaml"
    template.write_text(
        "Parameters:\n  Timeout:\n    Type: Number\n    Default: 30\n"
        "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n"
        "      VisibilityTimeout: !Ref Timeout\n"
        "Outputs:\n  Url:\n    Value: !Ref Queue\n")
    first = _aws(server, "deploy", "--template-file", str(template), "--stack-name", unique_name)
    assert first.returncode == 0, first.stderr
    assert "Successfully created/updated stack" in first.stdout
    stack = wait_settled(server, unique_name)
    assert stack.status == "CREATE_COMPLETE"
    again = _aws(server, "deploy", "--template-file", str(template), "--stack-name", unique_name)
    assert again.returncode == 255, again.stderr  # as against AWS, without
    assert "No changes to deploy" in again.stderr  # --no-fail-on-empty-changeset
    assert stack.outputs["Url"] == stack.physical("Queue")
    remove(server, unique_name)
