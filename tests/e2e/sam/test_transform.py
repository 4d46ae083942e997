"""``cloudlet.templates.sam.transform`` on representative SAM templates (no server): what
each SAM construct becomes in CloudFormation."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from cloudlet.cloudformation.errors import TemplateError
from cloudlet.templates.sam import transform

ACCOUNT, REGION = "123456789012", "eu-west-1"
CODE = "s3://code-bucket/app.zip"


def _sam(resources: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"AWSTemplateFormatVersion": "2010-09-09",
            "Transform": "AWS::Serverless-2016-10-31", "Resources": resources, **extra}


def _fn(**props: Any) -> dict[str, Any]:
    return {"Type": "AWS::Serverless::Function",
            "Properties": {"CodeUri": CODE, "Handler": "app.handler", "Runtime": "python3.12",
                           **props}}


def _run(template: dict[str, Any], parameters: dict[str, str] | None = None) -> dict[str, Any]:
    return transform(template, parameters or {}, account=ACCOUNT, region=REGION)


def _types(out: dict[str, Any]) -> dict[str, str]:
    return {logical: r["Type"] for logical, r in out["Resources"].items()}


def test_function_becomes_function_and_role_with_basic_execution() -> None:
    source = _sam({"Hello": _fn(MemorySize=256)})
    out = _run(source)
    assert _types(out) == {"Hello": "AWS::Lambda::Function", "HelloRole": "AWS::IAM::Role"}
    fn = out["Resources"]["Hello"]["Properties"]
    assert fn["Code"] == {"S3Bucket": "code-bucket", "S3Key": "app.zip"}
    assert fn["Role"] == {"Fn::GetAtt": ["HelloRole", "Arn"]} and fn["MemorySize"] == 256
    role = out["Resources"]["HelloRole"]["Properties"]
    assert role["ManagedPolicyArns"] == [
        "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]
    assert "Transform" not in out
    assert source["Resources"]["Hello"]["Type"] == "AWS::Serverless::Function"


def test_globals_apply_to_every_function() -> None:
    out = _run(_sam({"A": _fn(), "B": _fn(Timeout=9)}, Globals={"Function": {
        "Timeout": 30, "Environment": {"Variables": {"STAGE": "dev"}}}}))
    a, b = out["Resources"]["A"]["Properties"], out["Resources"]["B"]["Properties"]
    assert (a["Timeout"], b["Timeout"]) == (30, 9)
    assert b["Environment"] == {"Variables": {"STAGE": "dev"}}


def test_api_event_makes_rest_api_stage_and_permission() -> None:
    out = _run(_sam({"F": _fn(Events={"Get": {"Type": "Api", "Properties": {
        "Path": "/items/{id}", "Method": "get"}}})}))
    types = _types(out)
    assert types["ServerlessRestApi"] == "AWS::ApiGateway::RestApi"
    assert types["ServerlessRestApiProdStage"] == "AWS::ApiGateway::Stage"
    assert "AWS::ApiGateway::Deployment" in types.values()
    permission = out["Resources"]["FGetPermissionProd"]["Properties"]
    assert permission["Principal"] == "apigateway.amazonaws.com"
    body = out["Resources"]["ServerlessRestApi"]["Properties"]["Body"]
    assert "get" in body["paths"]["/items/{id}"]


def test_http_api_event() -> None:
    out = _run(_sam({"F": _fn(Events={"Any": {"Type": "HttpApi"}})}))
    types = _types(out)
    assert types["ServerlessHttpApi"] == "AWS::ApiGatewayV2::Api"
    assert types["ServerlessHttpApiApiGatewayDefaultStage"] == "AWS::ApiGatewayV2::Stage"


@pytest.mark.parametrize(("event", "made", "policy"), [
    ({"Type": "SQS", "Properties": {"Queue": "arn:aws:sqs:eu-west-1:123456789012:q",
                                    "BatchSize": 5}},
     "AWS::Lambda::EventSourceMapping", "AWSLambdaSQSQueueExecutionRole"),
    ({"Type": "DynamoDB", "Properties": {
        "Stream": "arn:aws:dynamodb:eu-west-1:123456789012:table/t/stream/x",
        "StartingPosition": "TRIM_HORIZON"}},
     "AWS::Lambda::EventSourceMapping", "AWSLambdaDynamoDBExecutionRole"),
    ({"Type": "Kinesis", "Properties": {
        "Stream": "arn:aws:kinesis:eu-west-1:123456789012:stream/s",
        "StartingPosition": "LATEST"}},
     "AWS::Lambda::EventSourceMapping", "AWSLambdaKinesisExecutionRole"),
])
def test_stream_and_queue_events_map_and_grant(event: dict[str, Any], made: str,
                                               policy: str) -> None:
    out = _run(_sam({"F": _fn(Events={"E": event})}))
    assert _types(out)["FE"] == made
    arns = out["Resources"]["FRole"]["Properties"]["ManagedPolicyArns"]
    assert any(str(a).endswith(policy) for a in arns)


def test_sns_schedule_and_eventbridge_events() -> None:
    out = _run(_sam({"F": _fn(Events={
        "Topic": {"Type": "SNS", "Properties": {
            "Topic": "arn:aws:sns:eu-west-1:123456789012:t"}},
        "Tick": {"Type": "Schedule", "Properties": {"Schedule": "rate(5 minutes)"}},
        "Rule": {"Type": "EventBridgeRule", "Properties": {
            "Pattern": {"source": ["app.orders"]}}},
    })}))
    types = _types(out)
    assert types["FTopic"] == "AWS::SNS::Subscription"
    assert types["FTopicPermission"] == "AWS::Lambda::Permission"
    assert types["FTick"] == "AWS::Events::Rule"
    assert out["Resources"]["FTick"]["Properties"]["ScheduleExpression"] == "rate(5 minutes)"
    assert out["Resources"]["FRule"]["Properties"]["EventPattern"] == {"source": ["app.orders"]}


def test_s3_event_needs_bucket_in_template_and_sets_notification() -> None:
    out = _run(_sam({
        "Uploads": {"Type": "AWS::S3::Bucket"},
        "F": _fn(Events={"Put": {"Type": "S3", "Properties": {
            "Bucket": {"Ref": "Uploads"}, "Events": "s3:ObjectCreated:*"}}})}))
    bucket = out["Resources"]["Uploads"]
    config = bucket["Properties"]["NotificationConfiguration"]["LambdaConfigurations"][0]
    assert config["Event"] == "s3:ObjectCreated:*"
    assert "FPutPermission" in bucket["DependsOn"]


def test_policy_templates_and_managed_policy_names_expand() -> None:
    out = _run(_sam({"T": {"Type": "AWS::Serverless::SimpleTable"},
                     "F": _fn(Policies=["AmazonS3ReadOnlyAccess",
                                        {"DynamoDBCrudPolicy": {"TableName": {"Ref": "T"}}}])}))
    role = out["Resources"]["FRole"]["Properties"]
    assert "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" in role["ManagedPolicyArns"]
    inline = role["Policies"][0]["PolicyDocument"]["Statement"][0]
    assert "dynamodb:PutItem" in inline["Action"]
    table = out["Resources"]["T"]
    assert table["Type"] == "AWS::DynamoDB::Table"
    assert table["Properties"]["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]


def test_auto_publish_alias_makes_version_and_alias() -> None:
    out = _run(_sam({"F": _fn(AutoPublishAlias="live")}))
    types = _types(out)
    assert types["FAliaslive"] == "AWS::Lambda::Alias"
    version = next(k for k, t in types.items() if t == "AWS::Lambda::Version")
    alias = out["Resources"]["FAliaslive"]["Properties"]
    assert alias["FunctionVersion"] == {"Fn::GetAtt": [version, "Version"]}
    assert out["Resources"][version]["DeletionPolicy"] == "Retain"


def test_layer_version() -> None:
    out = _run(_sam({"Libs": {"Type": "AWS::Serverless::LayerVersion", "Properties": {
        "ContentUri": "s3://code-bucket/layer.zip", "CompatibleRuntimes": ["python3.12"]}},
        "F": _fn(Layers=[{"Ref": "Libs"}])}))
    layer = next(k for k, t in _types(out).items() if t == "AWS::Lambda::LayerVersion")
    assert out["Resources"][layer]["Properties"]["Content"] == {
        "S3Bucket": "code-bucket", "S3Key": "layer.zip"}
    assert out["Resources"]["F"]["Properties"]["Layers"] == [{"Ref": layer}]


def test_api_with_cognito_and_lambda_authorizers() -> None:
    out = _run(_sam({
        "Auth": _fn(),
        "MyApi": {"Type": "AWS::Serverless::Api", "Properties": {
            "StageName": "v1", "Auth": {"DefaultAuthorizer": "Token", "Authorizers": {
                "Token": {"FunctionArn": {"Fn::GetAtt": ["Auth", "Arn"]}}}}}},
        "F": _fn(Events={"Get": {"Type": "Api", "Properties": {
            "RestApiId": {"Ref": "MyApi"}, "Path": "/", "Method": "get"}}})}))
    body = out["Resources"]["MyApi"]["Properties"]["Body"]
    scheme = body["securityDefinitions"]["Token"]
    assert scheme["x-amazon-apigateway-authtype"] == "custom"
    assert body["paths"]["/"]["get"]["security"] == [{"Token": []}]
    assert _types(out)["MyApiTokenAuthorizerPermission"] == "AWS::Lambda::Permission"


def test_parameters_resolve_where_sam_needs_them() -> None:
    out = _run(_sam({"F": _fn(AutoPublishAlias={"Ref": "Alias"})},
                    Parameters={"Alias": {"Type": "String", "Default": "x"}}),
               {"Alias": "blue"})
    assert "FAliasblue" in out["Resources"]


def test_yaml_template_with_inline_code() -> None:
    template = yaml.safe_load("""
Transform: AWS::Serverless-2016-10-31
Resources:
  Inline:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: "exports.handler = async () => 1;"
""")
    out = _run(template)
    assert out["Resources"]["Inline"]["Properties"]["Code"] == {
        "ZipFile": "exports.handler = async () => 1;"}


def test_invalid_template_fails_with_sams_message() -> None:
    with pytest.raises(TemplateError) as info:
        _run(_sam({"Bad": {"Type": "AWS::Serverless::Function", "Properties": {
            "CodeUri": CODE, "Runtime": "python3.12"}}}))
    assert str(info.value).startswith(
        "Transform AWS::Serverless-2016-10-31 failed with: Invalid Serverless Application"
        " Specification document. Number of errors found: 1. Resource with id [Bad] is"
        " invalid.")


def test_local_code_uri_is_refused() -> None:
    with pytest.raises(TemplateError) as info:
        _run(_sam({"F": _fn(CodeUri="src/")}))
    assert "s3://" in str(info.value) or "S3" in str(info.value)


def test_repository_application_is_not_supported() -> None:
    with pytest.raises(TemplateError) as info:
        _run(_sam({"App": {"Type": "AWS::Serverless::Application", "Properties": {
            "Location": {"ApplicationId": "arn:aws:serverlessrepo:us-east-1:1:applications/x",
                         "SemanticVersion": "1.0.0"}}}}))
    assert "not supported: AWS::Serverless::Application [App]" in str(info.value)


def test_application_with_template_url_becomes_nested_stack() -> None:
    out = _run(_sam({"App": {"Type": "AWS::Serverless::Application", "Properties": {
        "Location": "https://s3.amazonaws.com/bucket/app.yaml"}}}))
    assert _types(out) == {"App": "AWS::CloudFormation::Stack"}
