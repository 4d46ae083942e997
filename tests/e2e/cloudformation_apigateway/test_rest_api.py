"""AWS::ApiGateway::RestApi built resource by resource (::Resource, ::Method,
::Deployment, ::Stage), and from an OpenAPI Body: deployed, served over HTTP, updated in
place, deleted."""

from __future__ import annotations

import copy
import json
import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.apigateway_support import error_of
from tests.e2e.cloudformation_apigateway.conftest import answer, call, function_uri
from tests.e2e.stacks import deploy, failure_reasons, remove
from tests.server import RunningServer

FN = {"Parameters": {"FunctionArn": {"Type": "String"}}}


def built_api(stage: str = "prod") -> dict[str, Any]:
    """GET /hello/{name} through a Lambda proxy integration, deployed to ``stage``."""
    return {**FN, "Resources": {
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {
            "Name": "built", "Description": "by resources",
            "EndpointConfiguration": {"Types": ["REGIONAL"]},
            "Tags": [{"Key": "team", "Value": "a"}]}},
        "Hello": {"Type": "AWS::ApiGateway::Resource", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
            "PathPart": "hello"}},
        "Name": {"Type": "AWS::ApiGateway::Resource", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ParentId": {"Ref": "Hello"}, "PathPart": "{name}"}},
        "GetName": {"Type": "AWS::ApiGateway::Method", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ResourceId": {"Ref": "Name"}, "HttpMethod": "GET",
            "AuthorizationType": "NONE",
            "Integration": {"Type": "AWS_PROXY", "IntegrationHttpMethod": "POST",
                            "Uri": function_uri({"Ref": "FunctionArn"})}}},
        "Deployment": {"Type": "AWS::ApiGateway::Deployment", "DependsOn": ["GetName"],
                       "Properties": {"RestApiId": {"Ref": "Api"}, "StageName": stage,
                                      "StageDescription": {
                                          "Description": "the stage",
                                          "Variables": {"color": "blue"},
                                          "MetricsEnabled": True}}},
    }, "Outputs": {
        "Url": {"Value": {"Fn::Sub":
                          "https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/"
                          + stage}},
        "Root": {"Value": {"Fn::GetAtt": ["Api", "RootResourceId"]}},
        "ApiIdAttr": {"Value": {"Fn::GetAtt": ["Api", "RestApiId"]}},
        "ResourceIdAttr": {"Value": {"Fn::GetAtt": ["Name", "ResourceId"]}},
        "DeploymentId": {"Value": {"Ref": "Deployment"}}}}


def test_built_api_serves_the_function_and_is_removed(server: RunningServer, apigw: Any,
                                                      proxy_fn: str) -> None:
    stack = deploy(server, built_api(), parameters={"FunctionArn": proxy_fn})
    api_id = stack.physical("Api")
    assert stack.outputs["Url"] == f"https://{api_id}.execute-api.us-east-1.amazonaws.com/prod"
    assert stack.outputs["ApiIdAttr"] == api_id
    api = apigw.get_rest_api(restApiId=api_id)
    assert api["rootResourceId"] == stack.outputs["Root"]
    assert api["endpointConfiguration"]["types"] == ["REGIONAL"]
    assert api["tags"]["team"] == "a"
    assert api["tags"]["aws:cloudformation:logical-id"] == "Api"
    resources = {r["path"]: r["id"] for r in apigw.get_resources(restApiId=api_id)["items"]}
    assert resources["/hello/{name}"] == stack.physical("Name")
    assert stack.outputs["ResourceIdAttr"] == stack.physical("Name")
    stage = apigw.get_stage(restApiId=api_id, stageName="prod")
    assert stage["deploymentId"] == stack.outputs["DeploymentId"]
    assert stage["description"] == "the stage"
    assert stage["variables"] == {"color": "blue"}
    assert stage["methodSettings"]["*/*"]["metricsEnabled"] is True

    got = answer(call(server, api_id, "/prod/hello/bob", expect=200))
    assert got["path"] == "/hello/bob"
    assert got["params"] == {"name": "bob"}
    assert got["stageVariables"] == {"color": "blue"}

    remove(server, stack.name)
    with pytest.raises(ClientError) as err:
        apigw.get_rest_api(restApiId=api_id)
    assert error_of(err) == ("NotFoundException", 404)


def test_api_name_description_and_tags_update_in_place(server: RunningServer, apigw: Any,
                                                       proxy_fn: str) -> None:
    template = built_api()
    stack = deploy(server, template, parameters={"FunctionArn": proxy_fn})
    api_id = stack.physical("Api")
    changed = copy.deepcopy(template)
    props = changed["Resources"]["Api"]["Properties"]
    props.update({"Name": "renamed", "BinaryMediaTypes": ["image/png"],
                  "Tags": [{"Key": "team", "Value": "b"}]})
    del props["Description"]
    stack = deploy(server, changed, name=stack.name, update=True,
                   parameters={"FunctionArn": proxy_fn})
    assert stack.physical("Api") == api_id
    api = apigw.get_rest_api(restApiId=api_id)
    assert api["name"] == "renamed"
    assert "description" not in api
    assert api["binaryMediaTypes"] == ["image/png"]
    assert api["tags"]["team"] == "b"
    answer(call(server, api_id, "/prod/hello/x", expect=200))
    remove(server, stack.name)


LOG_GROUP = "arn:aws:logs:us-east-1:000000000000:log-group:api-logs"


def mock_api(message: str, deployment: str = "Deployment") -> dict[str, Any]:
    """GET /mock answering ``message`` from a MOCK integration, with a Stage resource."""
    return {"Resources": {
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "mocked"}},
        "Mock": {"Type": "AWS::ApiGateway::Resource", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
            "PathPart": "mock"}},
        "GetMock": {"Type": "AWS::ApiGateway::Method", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ResourceId": {"Ref": "Mock"}, "HttpMethod": "GET",
            "AuthorizationType": "NONE",
            "MethodResponses": [{"StatusCode": "200",
                                 "ResponseParameters": {"method.response.header.X-Said": True}}],
            "Integration": {
                "Type": "MOCK", "RequestTemplates": {"application/json": '{"statusCode": 200}'},
                "IntegrationResponses": [{
                    "StatusCode": "200",
                    "ResponseParameters": {"method.response.header.X-Said": "'yes'"},
                    "ResponseTemplates": {"application/json":
                                          f'{{"said": "{message}", '
                                          f'"stage": "$stageVariables.color"}}'}}]}}},
        deployment: {"Type": "AWS::ApiGateway::Deployment", "DependsOn": ["GetMock"],
                     "Properties": {"RestApiId": {"Ref": "Api"}, "Description": "first"}},
        "Stage": {"Type": "AWS::ApiGateway::Stage", "Properties": {
            "RestApiId": {"Ref": "Api"}, "StageName": "live",
            "DeploymentId": {"Ref": deployment}, "Variables": {"color": "red"},
            "MethodSettings": [{"ResourcePath": "/~1mock", "HttpMethod": "GET",
                                "ThrottlingBurstLimit": 50, "ThrottlingRateLimit": 20}],
            "TracingEnabled": True,
            "AccessLogSetting": {"DestinationArn": LOG_GROUP, "Format": "$context.requestId"},
            "Tags": [{"Key": "env", "Value": "test"}]}},
    }, "Outputs": {"Stage": {"Value": {"Ref": "Stage"}}}}


def test_mock_method_and_stage_update_in_place(server: RunningServer, apigw: Any) -> None:
    stack = deploy(server, mock_api("hello"))
    api_id = stack.physical("Api")
    assert stack.outputs["Stage"] == "live"
    reply = call(server, api_id, "/live/mock", headers=[("Content-Type", "application/json")])
    assert reply.status == 200
    assert reply.json() == {"said": "hello", "stage": "red"}
    assert reply.header("X-Said") == "yes"
    stage = apigw.get_stage(restApiId=api_id, stageName="live")
    assert stage["tracingEnabled"] is True
    assert stage["methodSettings"]["~1mock/GET"]["throttlingBurstLimit"] == 50
    assert stage["tags"]["env"] == "test"
    assert stage["accessLogSettings"] == {"destinationArn": LOG_GROUP,
                                          "format": "$context.requestId"}

    # The method changes in place; a new deployment (new logical id) serves it; the
    # stage's variables change in place.
    changed = mock_api("again", deployment="Deployment2")
    changed["Resources"]["Stage"]["Properties"]["Variables"] = {"color": "green"}
    del changed["Resources"]["Stage"]["Properties"]["AccessLogSetting"]
    method_id = stack.physical("GetMock")
    stack = deploy(server, changed, name=stack.name, update=True)
    assert stack.physical("Api") == api_id
    assert stack.physical("GetMock") == method_id
    assert "Deployment" not in stack.resources
    reply = call(server, api_id, "/live/mock", headers=[("Content-Type", "application/json")])
    assert reply.json() == {"said": "again", "stage": "green"}
    deployments = apigw.get_deployments(restApiId=api_id)["items"]
    assert [d["id"] for d in deployments] == [stack.physical("Deployment2")]
    assert "accessLogSettings" not in apigw.get_stage(restApiId=api_id, stageName="live")
    remove(server, stack.name)


OPENAPI = {
    "openapi": "3.0.1", "info": {"title": "from-body", "version": "1"},
    "paths": {"/items": {"get": {"x-amazon-apigateway-integration": {
        "type": "aws_proxy", "httpMethod": "POST", "uri": "${Uri}"}}}},
}


def body_api(paths: list[str], deployment: str = "Deployment") -> dict[str, Any]:
    """A REST API imported from an OpenAPI Body holding ``paths``."""
    doc = copy.deepcopy(OPENAPI)
    method = doc["paths"].pop("/items")
    doc["paths"] = {p: copy.deepcopy(method) for p in paths}
    body = {"Fn::Sub": [json.dumps(doc),
                        {"Uri": function_uri({"Ref": "FunctionArn"})}]}
    return {**FN, "Resources": {
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {
            "Body": body, "Parameters": {"endpointConfigurationTypes": "REGIONAL"}}},
        deployment: {"Type": "AWS::ApiGateway::Deployment", "Properties": {
            "RestApiId": {"Ref": "Api"}, "StageName": "v1"}},
    }}


def test_openapi_body_imported_and_put_again(server: RunningServer, apigw: Any,
                                             proxy_fn: str) -> None:
    stack = deploy(server, body_api(["/items"]), parameters={"FunctionArn": proxy_fn})
    api_id = stack.physical("Api")
    assert apigw.get_rest_api(restApiId=api_id)["name"] == "from-body"
    assert answer(call(server, api_id, "/v1/items", expect=200))["path"] == "/items"

    stack = deploy(server, body_api(["/items", "/orders"], deployment="Deployment2"),
                   name=stack.name, update=True, parameters={"FunctionArn": proxy_fn})
    assert stack.physical("Api") == api_id
    assert answer(call(server, api_id, "/v1/orders", expect=200))["path"] == "/orders"
    paths = {r["path"] for r in apigw.get_resources(restApiId=api_id)["items"]}
    assert paths == {"/", "/items", "/orders"}
    remove(server, stack.name)


def test_body_from_s3_with_name_override(server: RunningServer, apigw: Any,
                                         proxy_fn: str) -> None:
    s3 = make_client(server, "s3")
    bucket = f"apigw-body-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=bucket)
    doc = copy.deepcopy(OPENAPI)
    doc["paths"]["/items"]["get"]["x-amazon-apigateway-integration"]["uri"] = (
        f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{proxy_fn}/invocations")
    s3.put_object(Bucket=bucket, Key="api.json", Body=json.dumps(doc).encode())
    stack = deploy(server, {"Resources": {
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {
            "BodyS3Location": {"Bucket": bucket, "Key": "api.json"}, "Name": "overridden"}},
        "Deployment": {"Type": "AWS::ApiGateway::Deployment", "Properties": {
            "RestApiId": {"Ref": "Api"}, "StageName": "s3"}}}})
    api_id = stack.physical("Api")
    assert apigw.get_rest_api(restApiId=api_id)["name"] == "overridden"
    assert answer(call(server, api_id, "/s3/items", expect=200))["method"] == "GET"
    remove(server, stack.name)


def test_api_without_name_or_body_fails(server: RunningServer) -> None:
    stack = deploy(server, {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi",
                                                  "Properties": {"Description": "x"}}}},
                   expect="ROLLBACK_COMPLETE")
    reasons = failure_reasons(server, stack.name)
    assert any(r.startswith("Api: ") and "Name" in r for r in reasons), reasons


def test_failed_method_rolls_the_api_back(server: RunningServer, apigw: Any) -> None:
    name = f"rollback-{uuid.uuid4().hex[:8]}"
    template = mock_api("x")
    template["Resources"]["Api"]["Properties"]["Name"] = name
    template["Resources"]["GetMock"]["Properties"]["AuthorizationType"] = "CUSTOM"
    stack = deploy(server, template, expect="ROLLBACK_COMPLETE")
    reasons = failure_reasons(server, stack.name)
    assert any(r.startswith("GetMock: ") for r in reasons), reasons
    assert name not in {a["name"] for a in apigw.get_rest_apis(limit=500)["items"]}
