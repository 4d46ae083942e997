"""Templates: GetTemplate stages, ValidateTemplate, GetTemplateSummary, TemplateURL on
cloudlet's S3, capabilities, and transforms (SAM, unsupported macros)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.stacks import deploy, remove, wait_settled
from tests.server import RunningServer

YAML = """\
Description: a queue
Parameters:
  Timeout:
    Type: Number
    Default: 30
    Description: seconds
Resources:
  Q:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: !Ref Timeout
"""


@pytest.fixture(scope="module")
def cfn(server: RunningServer) -> Any:
    return make_client(server, "cloudformation")


def test_get_template_stages(server: RunningServer, cfn: Any) -> None:
    stack = deploy(server, YAML)
    original = cfn.get_template(StackName=stack.name)
    assert original["TemplateBody"] == YAML
    assert original["StagesAvailable"] == ["Original", "Processed"]
    processed = cfn.get_template(StackName=stack.name, TemplateStage="Processed")
    assert processed["TemplateBody"]["Resources"]["Q"]["Properties"] == {
        "VisibilityTimeout": {"Ref": "Timeout"}}
    assert stack.description["Description"] == "a queue"
    summary = cfn.get_template_summary(StackName=stack.name)
    assert summary["ResourceTypes"] == ["AWS::SQS::Queue"]
    remove(server, stack.name)


def test_validate_and_summary(cfn: Any) -> None:
    valid = cfn.validate_template(TemplateBody=YAML)
    assert valid["Description"] == "a queue"
    assert valid["Parameters"][0]["ParameterKey"] == "Timeout"
    assert valid["Parameters"][0]["DefaultValue"] == "30"
    summary = cfn.get_template_summary(TemplateBody=YAML)
    assert summary["Parameters"][0]["ParameterType"] == "Number"
    with pytest.raises(ClientError) as bad:
        cfn.validate_template(TemplateBody="Resources: [")
    assert bad.value.response["Error"]["Code"] == "ValidationError"
    assert bad.value.response["Error"]["Message"].startswith("Template format error")


def test_template_url_forms(server: RunningServer, cfn: Any, unique_name: str) -> None:
    s3 = make_client(server, "s3")
    s3.create_bucket(Bucket=unique_name)
    s3.put_object(Bucket=unique_name, Key="dir/t.yaml", Body=YAML.encode())
    for n, url in enumerate((f"{server.url}/{unique_name}/dir/t.yaml",
                             f"https://{unique_name}.s3.amazonaws.com/dir/t.yaml",
                             f"https://s3.amazonaws.com/{unique_name}/dir/t.yaml")):
        cfn.create_stack(StackName=f"{unique_name}-{n}", TemplateURL=url)
        assert wait_settled(server, f"{unique_name}-{n}").status == "CREATE_COMPLETE"
        remove(server, f"{unique_name}-{n}")
    with pytest.raises(ClientError) as missing:
        cfn.create_stack(StackName=unique_name,
                         TemplateURL=f"{server.url}/{unique_name}/nope.yaml")
    assert missing.value.response["Error"]["Code"] == "ValidationError"


def test_capabilities_required(cfn: Any, unique_name: str) -> None:
    role = {"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}}}}}
    with pytest.raises(ClientError) as refused:
        cfn.create_stack(StackName=unique_name, TemplateBody=json.dumps(role))
    assert refused.value.response["Error"]["Code"] == "InsufficientCapabilitiesException"
    assert refused.value.response["Error"]["Message"] == "Requires capabilities : [CAPABILITY_IAM]"


def test_unsupported_transform(cfn: Any, unique_name: str) -> None:
    with pytest.raises(ClientError) as refused:
        cfn.create_stack(StackName=unique_name, Capabilities=["CAPABILITY_AUTO_EXPAND"],
                         TemplateBody=json.dumps({"Transform": "MyMacro", "Resources": {
                             "Q": {"Type": "AWS::SQS::Queue"}}}))
    assert refused.value.response["Error"]["Message"].startswith(
        "not supported: Transform MyMacro")


def test_sam_transform(server: RunningServer, cfn: Any) -> None:
    template = {"Transform": "AWS::Serverless-2016-10-31", "Resources": {
        "Table": {"Type": "AWS::Serverless::SimpleTable"}}}
    with pytest.raises(ClientError) as refused:
        cfn.create_stack(StackName="sam-no-expand", TemplateBody=json.dumps(template))
    assert refused.value.response["Error"]["Message"] == \
        "Requires capabilities : [CAPABILITY_AUTO_EXPAND]"
    stack = deploy(server, template)
    assert stack.resources["Table"]["ResourceType"] == "AWS::DynamoDB::Table"
    processed = cfn.get_template(StackName=stack.name, TemplateStage="Processed")
    assert "Transform" not in processed["TemplateBody"]
    original = cfn.get_template(StackName=stack.name)["TemplateBody"]
    assert original["Transform"] == "AWS::Serverless-2016-10-31"
    remove(server, stack.name)
