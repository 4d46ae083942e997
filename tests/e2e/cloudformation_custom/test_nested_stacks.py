"""AWS::CloudFormation::Stack: a child stack from a template on cloudlet's S3.
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudformation-stack.html
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from tests.e2e.stacks import deploy, failure_reasons, remove
from tests.server import RunningServer

CHILD = {
    "Parameters": {"Suffix": {"Type": "String"}},
    "Resources": {"Topic": {"Type": "AWS::SNS::Topic",
                            "Properties": {"TopicName": {"Fn::Sub": "nested-${Suffix}"}}}},
    "Outputs": {"TopicArn": {"Value": {"Ref": "Topic"}},
                "Name": {"Value": {"Fn::GetAtt": ["Topic", "TopicName"]}}},
}


def upload(s3: Any, body: dict[str, Any]) -> tuple[str, str]:
    bucket = f"nested-{uuid.uuid4().hex[:10]}"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="child.json", Body=json.dumps(body).encode())
    return bucket, "child.json"


def parent(url: str, suffix: str) -> dict[str, Any]:
    return {
        "Resources": {"Child": {"Type": "AWS::CloudFormation::Stack", "Properties": {
            "TemplateURL": url, "Parameters": {"Suffix": suffix}}}},
        "Outputs": {"Arn": {"Value": {"Fn::GetAtt": ["Child", "Outputs.TopicArn"]}},
                    "Name": {"Value": {"Fn::GetAtt": ["Child", "Outputs.Name"]}},
                    "ChildId": {"Value": {"Ref": "Child"}}},
    }


def test_nested_stack_create_update_delete(server: RunningServer, cfn: Any, s3: Any) -> None:
    """The child is named {parent}-{logical}-{random}; its outputs are Outputs.X; a
    changed parameter updates it in place; deleting the parent deletes it."""
    bucket, key = upload(s3, CHILD)
    url = f"{server.url}/{bucket}/{key}"
    tag = uuid.uuid4().hex[:8]
    stack = deploy(server, parent(url, f"a-{tag}"), Tags=[{"Key": "team", "Value": "blue"}])
    child_id = stack.outputs["ChildId"]
    assert stack.physical("Child") == child_id
    child = cfn.describe_stacks(StackName=child_id)["Stacks"][0]
    assert child["StackName"].startswith(f"{stack.name}-Child-")
    assert child["StackStatus"] == "CREATE_COMPLETE"
    assert {"Key": "team", "Value": "blue"} in child.get("Tags", [])
    assert stack.outputs["Name"] == f"nested-a-{tag}"
    assert stack.outputs["Arn"].endswith(f":nested-a-{tag}")

    stack = deploy(server, parent(url, f"b-{tag}"), name=stack.name, update=True)
    assert stack.outputs["Name"] == f"nested-b-{tag}"
    assert stack.outputs["ChildId"] == child_id
    assert cfn.describe_stacks(StackName=child_id)["Stacks"][0]["StackStatus"] == (
        "UPDATE_COMPLETE")

    remove(server, stack.name)
    assert cfn.describe_stacks(StackName=child_id)["Stacks"][0]["StackStatus"] == (
        "DELETE_COMPLETE")


def test_virtual_hosted_template_url(server: RunningServer, s3: Any) -> None:
    """https://bucket.s3.amazonaws.com/key reads the object from cloudlet's S3."""
    bucket, key = upload(s3, CHILD)
    tag = uuid.uuid4().hex[:8]
    stack = deploy(server, parent(f"https://{bucket}.s3.amazonaws.com/{key}", tag))
    assert stack.outputs["Name"] == f"nested-{tag}"
    remove(server, stack.name)


def test_failing_child_fails_the_parent(server: RunningServer, cfn: Any, s3: Any) -> None:
    """A child that cannot be created fails the parent's resource, naming the child."""
    bad = {"Resources": {"Q": {"Type": "AWS::SQS::Queue",
                               "Properties": {"QueueName": "bad name!"}}}}
    bucket, key = upload(s3, bad)
    stack = deploy(server, {"Resources": {"Child": {"Type": "AWS::CloudFormation::Stack",
                                                    "Properties": {"TemplateURL":
                                                                   f"{server.url}/{bucket}/{key}"}}}},
                   expect="ROLLBACK_COMPLETE")
    reasons = failure_reasons(server, stack.name)
    assert any(r.startswith("Child: Embedded stack arn:aws:cloudformation:") and
               "was not successfully created" in r for r in reasons), reasons
