"""The templates the Serverless Framework generates for ``http`` (REST API) and
``httpApi`` (HTTP API) events, with the function and its permission in the stack: they
deploy, serve the function over HTTP, take a redeploy (a new ``ApiGatewayDeployment<ts>``)
and are removed."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.apigateway_support import error_of
from tests.e2e.cloudformation_apigateway.conftest import PROXY_SOURCE, ROLE, answer, call
from tests.e2e.stacks import deploy, remove
from tests.server import RunningServer


def _join(*parts: Any) -> dict[str, Any]:
    return {"Fn::Join": ["", list(parts)]}


FUNCTION = {
    "HelloLambdaFunction": {"Type": "AWS::Lambda::Function", "Properties": {
        "Code": {"ZipFile": PROXY_SOURCE}, "Handler": "index.handler",
        "Runtime": "python3.12", "MemorySize": 1024, "Timeout": 6, "Role": ROLE}},
}


def _permission(source_arn: Any) -> dict[str, Any]:
    return {"Type": "AWS::Lambda::Permission", "Properties": {
        "FunctionName": {"Fn::GetAtt": ["HelloLambdaFunction", "Arn"]},
        "Action": "lambda:InvokeFunction", "Principal": "apigateway.amazonaws.com",
        "SourceArn": source_arn}}


_CORS = {"Origin": "'*'", "Methods": "'OPTIONS,GET'",
         "Headers": "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token'"}


def _cors_options(resource: str) -> dict[str, Any]:
    """``cors: true``: the OPTIONS method the framework adds, a MOCK answering preflights."""
    header = "method.response.header.Access-Control-Allow-"
    return {"Type": "AWS::ApiGateway::Method", "Properties": {
        "AuthorizationType": "NONE", "HttpMethod": "OPTIONS", "RequestParameters": {},
        "ResourceId": {"Ref": resource}, "RestApiId": {"Ref": "ApiGatewayRestApi"},
        "MethodResponses": [{"StatusCode": "200", "ResponseModels": {},
                             "ResponseParameters": {header + k: True for k in _CORS}}],
        "Integration": {
            "Type": "MOCK", "ContentHandling": "CONVERT_TO_TEXT",
            "RequestTemplates": {"application/json": "{statusCode:200}"},
            "IntegrationResponses": [{
                "StatusCode": "200", "ResponseTemplates": {"application/json": ""},
                "ResponseParameters": {header + k: v for k, v in _CORS.items()}}]}}}


def sls_http(deployment: str, path: str = "hello") -> dict[str, Any]:
    """``functions.hello.events: [{http: {method: get, path: <path>, cors: true}}]``
    compiled."""
    res = "ApiGatewayResource" + path.capitalize()
    method = f"ApiGatewayMethod{path.capitalize()}Get"
    options = f"ApiGatewayMethod{path.capitalize()}Options"
    return {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {
        **FUNCTION,
        "ApiGatewayRestApi": {"Type": "AWS::ApiGateway::RestApi", "Properties": {
            "Name": "dev-svc", "EndpointConfiguration": {"Types": ["EDGE"]}, "Policy": ""}},
        res: {"Type": "AWS::ApiGateway::Resource", "Properties": {
            "ParentId": {"Fn::GetAtt": ["ApiGatewayRestApi", "RootResourceId"]},
            "PathPart": path, "RestApiId": {"Ref": "ApiGatewayRestApi"}}},
        method: {"Type": "AWS::ApiGateway::Method", "DependsOn": ["HelloLambdaPermissionApiGateway"],
                 "Properties": {
                     "HttpMethod": "GET", "RequestParameters": {}, "ResourceId": {"Ref": res},
                     "RestApiId": {"Ref": "ApiGatewayRestApi"}, "ApiKeyRequired": False,
                     "AuthorizationType": "NONE",
                     "Integration": {"IntegrationHttpMethod": "POST", "Type": "AWS_PROXY",
                                     "Uri": _join("arn:", {"Ref": "AWS::Partition"},
                                                  ":apigateway:", {"Ref": "AWS::Region"},
                                                  ":lambda:path/2015-03-31/functions/",
                                                  {"Fn::GetAtt": ["HelloLambdaFunction", "Arn"]},
                                                  "/invocations")},
                     "MethodResponses": []}},
        options: _cors_options(res),
        deployment: {"Type": "AWS::ApiGateway::Deployment", "DependsOn": [method, options],
                     "Properties": {"RestApiId": {"Ref": "ApiGatewayRestApi"},
                                    "StageName": "dev"}},
        "HelloLambdaPermissionApiGateway": _permission(_join(
            "arn:", {"Ref": "AWS::Partition"}, ":execute-api:", {"Ref": "AWS::Region"}, ":",
            {"Ref": "AWS::AccountId"}, ":", {"Ref": "ApiGatewayRestApi"}, "/*/*")),
    }, "Outputs": {"ServiceEndpoint": {"Value": _join(
        "https://", {"Ref": "ApiGatewayRestApi"}, ".execute-api.", {"Ref": "AWS::Region"}, ".",
        {"Ref": "AWS::URLSuffix"}, "/dev")}}}


def test_sls_http_event_serves_redeploys_and_is_removed(server: RunningServer,
                                                        apigw: Any) -> None:
    stack = deploy(server, sls_http("ApiGatewayDeployment1700000000000"))
    api_id = stack.physical("ApiGatewayRestApi")
    assert stack.outputs["ServiceEndpoint"] == (
        f"https://{api_id}.execute-api.us-east-1.amazonaws.com/dev")
    assert answer(call(server, api_id, "/dev/hello", expect=200, timeout=30))["path"] == "/hello"
    preflight = call(server, api_id, "/dev/hello", "OPTIONS",
                     headers=[("Origin", "https://app.example"),
                              ("Access-Control-Request-Method", "GET")])
    assert preflight.status == 200
    assert preflight.header("Access-Control-Allow-Origin") == "*"
    assert preflight.header("Access-Control-Allow-Methods") == "OPTIONS,GET"

    # sls deploy again with another path: a new deployment logical id repoints the stage;
    # the old resource and method go, and so does the old deployment.
    stack = deploy(server, sls_http("ApiGatewayDeployment1700000099999", path="bye"),
                   name=stack.name, update=True)
    assert stack.physical("ApiGatewayRestApi") == api_id
    assert answer(call(server, api_id, "/dev/bye", expect=200, timeout=30))["path"] == "/bye"
    # As on AWS, the new deployment froze the API before the update's cleanup removed the
    # old path: it is gone from the API, and served until the next deployment.
    paths = {r["path"] for r in apigw.get_resources(restApiId=api_id)["items"]}
    assert paths == {"/", "/bye"}
    stage = apigw.get_stage(restApiId=api_id, stageName="dev")
    assert stage["deploymentId"] == stack.physical("ApiGatewayDeployment1700000099999")
    assert len(apigw.get_deployments(restApiId=api_id)["items"]) == 1

    remove(server, stack.name)
    with pytest.raises(ClientError) as err:
        apigw.get_rest_api(restApiId=api_id)
    assert error_of(err) == ("NotFoundException", 404)


def sls_http_api(route_key: str = "GET /hello") -> dict[str, Any]:
    """``functions.hello.events: [{httpApi: <route_key>}]`` compiled."""
    return {"Resources": {
        **FUNCTION,
        "HttpApi": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {
            "Name": "dev-svc", "ProtocolType": "HTTP"}},
        "HttpApiStage": {"Type": "AWS::ApiGatewayV2::Stage", "Properties": {
            "ApiId": {"Ref": "HttpApi"}, "StageName": "$default", "AutoDeploy": True,
            "DefaultRouteSettings": {"DetailedMetricsEnabled": False}}},
        "HelloLambdaPermissionHttpApi": _permission(_join(
            "arn:", {"Ref": "AWS::Partition"}, ":execute-api:", {"Ref": "AWS::Region"}, ":",
            {"Ref": "AWS::AccountId"}, ":", {"Ref": "HttpApi"}, "/*")),
        "HttpApiIntegrationHello": {"Type": "AWS::ApiGatewayV2::Integration", "Properties": {
            "ApiId": {"Ref": "HttpApi"}, "IntegrationType": "AWS_PROXY",
            "IntegrationUri": {"Fn::GetAtt": ["HelloLambdaFunction", "Arn"]},
            "PayloadFormatVersion": "2.0", "TimeoutInMillis": 30000}},
        "HttpApiRouteGetHello": {"Type": "AWS::ApiGatewayV2::Route",
                                 "DependsOn": "HttpApiIntegrationHello", "Properties": {
                                     "ApiId": {"Ref": "HttpApi"}, "RouteKey": route_key,
                                     "Target": {"Fn::Join": ["/", [
                                         "integrations", {"Ref": "HttpApiIntegrationHello"}]]}}},
    }, "Outputs": {
        "HttpApiId": {"Value": {"Ref": "HttpApi"}},
        "HttpApiUrl": {"Value": _join("https://", {"Ref": "HttpApi"}, ".execute-api.",
                                      {"Ref": "AWS::Region"}, ".", {"Ref": "AWS::URLSuffix"})}}}


def test_sls_http_api_event_serves_updates_and_is_removed(server: RunningServer,
                                                          apigw2: Any) -> None:
    stack = deploy(server, sls_http_api())
    api_id = stack.outputs["HttpApiId"]
    assert stack.outputs["HttpApiUrl"] == f"https://{api_id}.execute-api.us-east-1.amazonaws.com"
    got = answer(call(server, api_id, "/hello", expect=200, timeout=30))
    assert (got["version"], got["path"]) == ("2.0", "/hello")

    stack = deploy(server, sls_http_api("POST /hello"), name=stack.name, update=True)
    assert stack.physical("HttpApiRouteGetHello")
    assert answer(call(server, api_id, "/hello", "POST", body=b"{}", expect=200))[
        "method"] == "POST"
    assert call(server, api_id, "/hello").status == 404

    remove(server, stack.name)
    with pytest.raises(ClientError) as err:
        apigw2.get_api(ApiId=api_id)
    assert error_of(err) == ("NotFoundException", 404)
    gone = call(server, api_id, "/hello")
    assert (gone.status, json.loads(gone.body)) == (404, {"message": "Not Found"})
