"""Template evaluation through the CloudFormation API: parameters (incl. SSM types),
conditions, intrinsics and ForEach in a real deploy, and AWS's ValidationError texts."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.stacks import deploy, remove, template_body
from tests.server import RunningServer

TEMPLATE = """
Transform: AWS::LanguageExtensions
Parameters:
  Env: {Type: String, AllowedValues: [dev, prod], Default: dev}
  Names: {Type: CommaDelimitedList, Default: "alpha,beta"}
  Greeting: {Type: 'AWS::SSM::Parameter::Value<String>'}
Mappings:
  Sizes: {dev: {Retention: 60}, prod: {Retention: 3600}}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Fn::ForEach::Topics:
    - Name
    - !Ref Names
    - Topic${Name}:
        Type: AWS::SNS::Topic
        Properties:
          TopicName: !Sub "${AWS::StackName}-${Name}"
          DisplayName: !If [IsProd, !Ref AWS::NoValue, !Ref Greeting]
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      MessageRetentionPeriod: !FindInMap [Sizes, !Ref Env, Retention]
  ProdOnly:
    Type: AWS::SQS::Queue
    Condition: IsProd
Outputs:
  Joined: {Value: !Join [",", [!GetAtt Topicalpha.TopicName, !Select [1, !Ref Names]]]}
  Region: {Value: !Sub "${AWS::Region}/${AWS::AccountId}/${AWS::Partition}"}
  Count: {Value: !Length [1, 2, 3]}
  Json: {Value: !ToJsonString {a: !Ref Env}}
  Zones: {Value: !Join ["|", !GetAZs ""]}
"""


@pytest.fixture(scope="module")
def greeting(server: RunningServer) -> str:
    ssm = make_client(server, "ssm")
    name = f"/eval/{uuid.uuid4().hex[:8]}/greeting"
    ssm.put_parameter(Name=name, Value="hello from ssm", Type="String")
    return name


def refused(server: RunningServer, template: dict[str, Any] | str,
            parameters: dict[str, str] | None = None) -> str:
    cfn = make_client(server, "cloudformation")
    with pytest.raises(ClientError) as err:
        cfn.create_stack(StackName=f"bad-{uuid.uuid4().hex[:8]}",
                         TemplateBody=template_body(template),
                         Parameters=[{"ParameterKey": k, "ParameterValue": v}
                                     for k, v in (parameters or {}).items()],
                         Capabilities=["CAPABILITY_AUTO_EXPAND"])
    error = err.value.response["Error"]
    assert error["Code"] == "ValidationError"
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    return str(error["Message"])


def test_template_features_in_a_real_deploy(server: RunningServer, greeting: str) -> None:
    stack = deploy(server, TEMPLATE, parameters={"Greeting": greeting})
    sns = make_client(server, "sns")
    arn = stack.physical("Topicalpha")
    attributes = sns.get_topic_attributes(TopicArn=arn)["Attributes"]
    assert attributes["DisplayName"] == "hello from ssm"
    assert "ProdOnly" not in stack.resources and "Topicbeta" in stack.resources
    sqs = make_client(server, "sqs")
    queue = sqs.get_queue_attributes(QueueUrl=stack.physical("Queue"),
                                     AttributeNames=["MessageRetentionPeriod"])
    assert queue["Attributes"]["MessageRetentionPeriod"] == "60"
    assert stack.outputs == {
        "Joined": f"{stack.name}-alpha,beta", "Region": "us-east-1/000000000000/aws",
        "Count": "3", "Json": '{"a":"dev"}', "Zones": "us-east-1a|us-east-1b|us-east-1c"}
    params = {p["ParameterKey"]: p for p in stack.description["Parameters"]}
    assert params["Greeting"]["ResolvedValue"] == "hello from ssm"
    remove(server, stack.name)


def test_parameter_errors_are_validation_errors(server: RunningServer, greeting: str) -> None:
    assert refused(server, TEMPLATE, {"Greeting": greeting, "Env": "qa"}) == (
        "Parameter 'Env' must be one of AllowedValues")
    assert refused(server, TEMPLATE) == "Parameters: [Greeting] must have values"
    assert refused(server, TEMPLATE, {"Greeting": "/eval/missing"}) == (
        "Unable to fetch parameters [/eval/missing] from parameter store for this account.")


def test_reference_errors_are_validation_errors(server: RunningServer) -> None:
    assert refused(server, {"Resources": {"A": {"Type": "AWS::SNS::Topic", "Properties": {
        "DisplayName": {"Ref": "Nowhere"}}}}}) == (
        "Template format error: Unresolved resource dependencies [Nowhere] in the Resources "
        "block of the template")
    assert refused(server, {"Resources": {
        "A": {"Type": "AWS::SNS::Topic", "DependsOn": "B"},
        "B": {"Type": "AWS::SNS::Topic", "DependsOn": "A"}}}) == (
        "Circular dependency between resources: [A, B]")
    assert refused(server, "Resources:\n  A: {Type: AWS::SNS::Topic\n").startswith(
        "Template format error: YAML not well-formed.")
