"""AWS::ApiGatewayV2::*: an HTTP API from routes, integrations and an auto-deployed
``$default`` stage; quick create (Target); an OpenAPI Body; a named stage served from an
explicit Deployment; authorizers; updates served; WebSocket refused."""

from __future__ import annotations

import copy
import json
import uuid
from typing import Any

from tests.conftest import make_client
from tests.e2e.cloudformation_apigateway.conftest import answer, call
from tests.e2e.stacks import deploy, failure_reasons, remove
from tests.server import RunningServer

FN = {"Parameters": {"FunctionArn": {"Type": "String"}}}


def routed(route_key: str = "GET /items/{id}", **stage: Any) -> dict[str, Any]:
    return {**FN, "Resources": {
        "Api": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {
            "Name": "routed", "ProtocolType": "HTTP", "Description": "first",
            "CorsConfiguration": {"AllowOrigins": ["https://example.com"],
                                  "AllowMethods": ["GET"]},
            "Tags": {"team": "a"}}},
        "Integration": {"Type": "AWS::ApiGatewayV2::Integration", "Properties": {
            "ApiId": {"Ref": "Api"}, "IntegrationType": "AWS_PROXY",
            "IntegrationUri": {"Ref": "FunctionArn"}, "PayloadFormatVersion": "2.0"}},
        "Route": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {
            "ApiId": {"Ref": "Api"}, "RouteKey": route_key,
            "Target": {"Fn::Sub": "integrations/${Integration}"}}},
        "Stage": {"Type": "AWS::ApiGatewayV2::Stage", "Properties": {
            "ApiId": {"Ref": "Api"}, "StageName": "$default", "AutoDeploy": True,
            "StageVariables": {"color": "blue"}, **stage}},
    }, "Outputs": {
        "Endpoint": {"Value": {"Fn::GetAtt": ["Api", "ApiEndpoint"]}},
        "ApiIdAttr": {"Value": {"Fn::GetAtt": ["Api", "ApiId"]}},
        "RouteId": {"Value": {"Ref": "Route"}},
        "IntegrationId": {"Value": {"Ref": "Integration"}},
        "Stage": {"Value": {"Ref": "Stage"}},
        "Url": {"Value": {"Fn::Sub":
                          "https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/"}}}}


def test_routes_integration_and_default_stage(server: RunningServer, apigw2: Any,
                                              proxy_fn: str) -> None:
    stack = deploy(server, routed(), parameters={"FunctionArn": proxy_fn})
    api_id = stack.physical("Api")
    assert stack.outputs["ApiIdAttr"] == api_id
    assert stack.outputs["Endpoint"] == f"http://{api_id}.execute-api.localhost:{server.port}"
    assert stack.outputs["Stage"] == "$default"
    assert stack.outputs["Url"] == f"https://{api_id}.execute-api.us-east-1.amazonaws.com/"
    route = apigw2.get_route(ApiId=api_id, RouteId=stack.outputs["RouteId"])
    assert route["Target"] == f"integrations/{stack.outputs['IntegrationId']}"
    api = apigw2.get_api(ApiId=api_id)
    assert api["CorsConfiguration"]["AllowOrigins"] == ["https://example.com"]
    assert api["Tags"]["team"] == "a"

    got = answer(call(server, api_id, "/items/7", expect=200))
    assert (got["version"], got["params"], got["stageVariables"]) == (
        "2.0", {"id": "7"}, {"color": "blue"})
    remove(server, stack.name)
    assert api_id not in {a["ApiId"] for a in apigw2.get_apis()["Items"]}


def test_route_stage_and_api_updates_are_served(server: RunningServer, apigw2: Any,
                                                proxy_fn: str) -> None:
    params = {"FunctionArn": proxy_fn}
    stack = deploy(server, routed(), parameters=params)
    api_id, route_id = stack.physical("Api"), stack.outputs["RouteId"]
    answer(call(server, api_id, "/items/1", expect=200))

    changed = routed("POST /orders", StageVariables={"color": "green"},
                     DefaultRouteSettings={"ThrottlingBurstLimit": 10,
                                           "ThrottlingRateLimit": 5.0})
    api_props = changed["Resources"]["Api"]["Properties"]
    api_props.update({"Name": "renamed", "Tags": {"team": "b"}})
    del api_props["CorsConfiguration"], api_props["Description"]
    stack = deploy(server, changed, name=stack.name, update=True, parameters=params)
    assert (stack.physical("Api"), stack.outputs["RouteId"]) == (api_id, route_id)

    got = answer(call(server, api_id, "/orders", "POST", body=b"x", expect=200))
    assert got["stageVariables"] == {"color": "green"}
    assert call(server, api_id, "/items/1").status == 404
    api = apigw2.get_api(ApiId=api_id)
    assert (api["Name"], api["Tags"]["team"]) == ("renamed", "b")
    assert "CorsConfiguration" not in api
    assert api.get("Description", "") == ""
    stage = apigw2.get_stage(ApiId=api_id, StageName="$default")
    assert stage["DefaultRouteSettings"]["ThrottlingBurstLimit"] == 10
    remove(server, stack.name)


def test_quick_create_with_target(server: RunningServer, apigw2: Any, proxy_fn: str) -> None:
    stack = deploy(server, {**FN, "Resources": {"Api": {
        "Type": "AWS::ApiGatewayV2::Api", "Properties": {
            "Name": "quick", "ProtocolType": "HTTP", "Target": {"Ref": "FunctionArn"}}}}},
                   parameters={"FunctionArn": proxy_fn})
    api_id = stack.physical("Api")
    got = answer(call(server, api_id, "/any/path", "PUT", body=b"", expect=200))
    assert (got["method"], got["path"]) == ("PUT", "/any/path")
    assert [s["StageName"] for s in apigw2.get_stages(ApiId=api_id)["Items"]] == ["$default"]

    stack = deploy(server, {**FN, "Resources": {"Api": {
        "Type": "AWS::ApiGatewayV2::Api", "Properties": {
            "Name": "quick", "ProtocolType": "HTTP", "Target": {"Ref": "FunctionArn"},
            "RouteKey": "GET /only"}}}}, name=stack.name, update=True,
                   parameters={"FunctionArn": proxy_fn})
    answer(call(server, api_id, "/only", expect=200))
    assert call(server, api_id, "/any/path", "PUT", body=b"").status == 404
    remove(server, stack.name)


HTTP_OPENAPI = {
    "openapi": "3.0.1", "info": {"title": "http-body", "version": "1"},
    "paths": {"/ping": {"get": {"x-amazon-apigateway-integration": {
        "type": "aws_proxy", "httpMethod": "POST", "uri": "${FunctionArn}",
        "payloadFormatVersion": "2.0"}}}},
}


def body_api(paths: list[str]) -> dict[str, Any]:
    doc = copy.deepcopy(HTTP_OPENAPI)
    method = doc["paths"].pop("/ping")
    doc["paths"] = {p: copy.deepcopy(method) for p in paths}
    return {**FN, "Resources": {
        "Api": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {
            "Body": {"Fn::Sub": json.dumps(doc)}, "FailOnWarnings": True}},
        "Stage": {"Type": "AWS::ApiGatewayV2::Stage", "Properties": {
            "ApiId": {"Ref": "Api"}, "StageName": "$default", "AutoDeploy": True}}}}


def test_openapi_body_imported_and_reimported(server: RunningServer, apigw2: Any,
                                              proxy_fn: str) -> None:
    params = {"FunctionArn": proxy_fn}
    stack = deploy(server, body_api(["/ping"]), parameters=params)
    api_id = stack.physical("Api")
    assert apigw2.get_api(ApiId=api_id)["Name"] == "http-body"
    assert answer(call(server, api_id, "/ping", expect=200))["path"] == "/ping"
    stack = deploy(server, body_api(["/ping", "/pong"]), name=stack.name, update=True,
                   parameters=params)
    assert stack.physical("Api") == api_id
    assert answer(call(server, api_id, "/pong", expect=200))["path"] == "/pong"
    remove(server, stack.name)


def test_named_stage_from_explicit_deployment(server: RunningServer, apigw2: Any,
                                              proxy_fn: str) -> None:
    template = routed("GET /hi")
    resources = template["Resources"]
    del resources["Stage"], template["Outputs"]["Stage"]
    resources["Deployment"] = {"Type": "AWS::ApiGatewayV2::Deployment", "DependsOn": ["Route"],
                               "Properties": {"ApiId": {"Ref": "Api"}, "Description": "one"}}
    resources["Beta"] = {"Type": "AWS::ApiGatewayV2::Stage", "Properties": {
        "ApiId": {"Ref": "Api"}, "StageName": "beta", "DeploymentId": {"Ref": "Deployment"},
        "Tags": {"env": "beta"}}}
    resources["Jwt"] = {"Type": "AWS::ApiGatewayV2::Authorizer", "Properties": {
        "ApiId": {"Ref": "Api"}, "AuthorizerType": "JWT", "Name": "jwt",
        "IdentitySource": ["$request.header.Authorization"],
        "JwtConfiguration": {"Audience": ["app"], "Issuer": "https://issuer.example.com"}}}
    resources["Lam"] = {"Type": "AWS::ApiGatewayV2::Authorizer", "Properties": {
        "ApiId": {"Ref": "Api"}, "AuthorizerType": "REQUEST", "Name": "lam",
        "AuthorizerUri": {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:lambda:path/"
                                     "2015-03-31/functions/${FunctionArn}/invocations"},
        "AuthorizerPayloadFormatVersion": "2.0", "EnableSimpleResponses": True,
        "IdentitySource": ["$request.header.X-Token"]}}
    params = {"FunctionArn": proxy_fn}
    stack = deploy(server, template, parameters=params)
    api_id = stack.physical("Api")
    got = answer(call(server, api_id, "/beta/hi", expect=200))
    assert got["path"] in ("/beta/hi", "/hi")
    stage = apigw2.get_stage(ApiId=api_id, StageName="beta")
    assert stage["DeploymentId"] == stack.physical("Deployment")
    assert stage["Tags"]["env"] == "beta"
    authorizers = {a["Name"]: a for a in apigw2.get_authorizers(ApiId=api_id)["Items"]}
    assert authorizers["jwt"]["AuthorizerId"] == stack.physical("Jwt")
    assert authorizers["jwt"]["JwtConfiguration"]["Audience"] == ["app"]
    assert authorizers["lam"]["EnableSimpleResponses"] is True

    resources["Jwt"]["Properties"]["JwtConfiguration"]["Audience"] = ["app", "other"]
    resources["Deployment"]["Properties"]["Description"] = "two"
    stack = deploy(server, template, name=stack.name, update=True, parameters=params)
    assert apigw2.get_authorizer(ApiId=api_id, AuthorizerId=stack.physical("Jwt"))[
        "JwtConfiguration"]["Audience"] == ["app", "other"]
    assert apigw2.get_deployment(ApiId=api_id, DeploymentId=stack.physical("Deployment"))[
        "Description"] == "two"
    remove(server, stack.name)


def test_websocket_api_is_not_supported(server: RunningServer) -> None:
    stack = deploy(server, {"Resources": {"Api": {"Type": "AWS::ApiGatewayV2::Api",
                                                  "Properties": {
                                                      "Name": "ws", "ProtocolType": "WEBSOCKET",
                                                      "RouteSelectionExpression":
                                                          "$request.body.action"}}}},
                   expect="ROLLBACK_COMPLETE")
    reasons = failure_reasons(server, stack.name)
    assert any("not supported: WebSocket APIs" in r for r in reasons), reasons


def test_body_from_s3(server: RunningServer, proxy_fn: str) -> None:
    s3 = make_client(server, "s3")
    bucket = f"httpapi-body-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=bucket)
    doc = json.dumps(HTTP_OPENAPI).replace("${FunctionArn}", proxy_fn)
    s3.put_object(Bucket=bucket, Key="api.json", Body=doc.encode())
    stack = deploy(server, {"Resources": {
        "Api": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {
            "BodyS3Location": {"Bucket": bucket, "Key": "api.json"}}},
        "Stage": {"Type": "AWS::ApiGatewayV2::Stage", "Properties": {
            "ApiId": {"Ref": "Api"}, "StageName": "$default", "AutoDeploy": True}}}})
    assert answer(call(server, stack.physical("Api"), "/ping", expect=200))["path"] == "/ping"
    remove(server, stack.name)
