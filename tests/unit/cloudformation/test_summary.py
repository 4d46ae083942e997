"""summarize (ValidateTemplate / GetTemplateSummary) and required_capabilities."""

from __future__ import annotations

from cloudlet.cloudformation.template import parse_template, required_capabilities, summarize


def test_summary_members() -> None:
    t = parse_template("""
AWSTemplateFormatVersion: '2010-09-09'
Description: demo
Metadata: {Owner: me}
Parameters:
  Env: {Type: String, Default: dev, AllowedValues: [dev, prod], Description: stage}
  Secret: {Type: String, NoEcho: true}
Resources:
  R: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {}}}
  T: {Type: AWS::SNS::Topic}
""")
    s = summarize(t)
    assert s["Description"] == "demo"
    assert s["Parameters"] == [
        {"ParameterKey": "Env", "DefaultValue": "dev", "NoEcho": False, "Description": "stage",
         "ParameterType": "String", "ParameterConstraints": {"AllowedValues": ["dev", "prod"]}},
        {"ParameterKey": "Secret", "NoEcho": True, "ParameterType": "String",
         "ParameterConstraints": {}}]
    assert s["Capabilities"] == ["CAPABILITY_IAM"]
    assert s["CapabilitiesReason"] == ("The following resource(s) require capabilities: "
                                       "[AWS::IAM::Role]")
    assert s["ResourceTypes"] == ["AWS::IAM::Role", "AWS::SNS::Topic"]
    assert s["Version"] == "2010-09-09"
    assert s["Metadata"] == '{"Owner": "me"}'
    v = summarize(t, kind="validate")
    assert "ParameterType" not in v["Parameters"][0] and "ResourceTypes" not in v


def test_required_capabilities() -> None:
    assert required_capabilities({"Resources": {"T": {"Type": "AWS::SNS::Topic"}}}) == []
    named = {"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "r"}}}}
    assert required_capabilities(named) == ["CAPABILITY_NAMED_IAM"]
    macro = {"Transform": "AWS::Serverless-2016-10-31",
             "Resources": {"F": {"Type": "AWS::Serverless::Function"}}}
    assert required_capabilities(macro) == ["CAPABILITY_AUTO_EXPAND"]


def test_resource_types_inside_foreach_loops() -> None:
    t = {"Transform": "AWS::LanguageExtensions", "Resources": {
        "Fn::ForEach::L": ["X", ["a", "b"], {"Q${X}": {"Type": "AWS::SQS::Queue"}}],
        "T": {"Type": "AWS::SNS::Topic"}}}
    assert summarize(t)["ResourceTypes"] == ["AWS::SQS::Queue", "AWS::SNS::Topic"]
