"""Who may call a REST API made by a stack: ::Authorizer (TOKEN), ::ApiKey with
::UsagePlan and ::UsagePlanKey, ::RequestValidator with a ::Model, and a
::GatewayResponse; then updated in place (key disabled, plan limits, model schema)."""

from __future__ import annotations

import copy
import json
from typing import Any

from tests.e2e.cloudformation_apigateway.conftest import call, function_uri
from tests.e2e.stacks import deploy, remove
from tests.server import RunningServer

KEY = "cloudlet-test-key-0123456789"


def _mock_method(resource: str, verb: str, **props: Any) -> dict[str, Any]:
    return {"Type": "AWS::ApiGateway::Method", "Properties": {
        "RestApiId": {"Ref": "Api"}, "ResourceId": {"Ref": resource}, "HttpMethod": verb,
        "AuthorizationType": "NONE",
        "MethodResponses": [{"StatusCode": "200"}],
        "Integration": {"Type": "MOCK",
                        "RequestTemplates": {"application/json": '{"statusCode": 200}'},
                        "IntegrationResponses": [{"StatusCode": "200", "ResponseTemplates": {
                            "application/json": '{"ok": true}'}}]},
        **props}}


def _resource(part: str) -> dict[str, Any]:
    return {"Type": "AWS::ApiGateway::Resource", "Properties": {
        "RestApiId": {"Ref": "Api"}, "ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
        "PathPart": part}}


ITEM_SCHEMA = {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object",
               "required": ["name"], "properties": {"name": {"type": "string"}}}


def guarded() -> dict[str, Any]:
    return {"Parameters": {"AuthorizerArn": {"Type": "String"}}, "Resources": {
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "guarded"}},
        "Validator": {"Type": "AWS::ApiGateway::RequestValidator", "Properties": {
            "RestApiId": {"Ref": "Api"}, "Name": "body", "ValidateRequestBody": True}},
        "ItemModel": {"Type": "AWS::ApiGateway::Model", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ContentType": "application/json",
            "Schema": ITEM_SCHEMA}},
        "Items": _resource("items"),
        "PostItem": _mock_method("Items", "POST", ApiKeyRequired=True,
                                 RequestValidatorId={"Ref": "Validator"},
                                 RequestModels={"application/json": {"Ref": "ItemModel"}}),
        "Auth": {"Type": "AWS::ApiGateway::Authorizer", "Properties": {
            "RestApiId": {"Ref": "Api"}, "Name": "token", "Type": "TOKEN",
            "AuthorizerUri": function_uri({"Ref": "AuthorizerArn"}),
            "IdentitySource": "method.request.header.Authorization",
            "AuthorizerResultTtlInSeconds": 0}},
        "Secret": _resource("secret"),
        "GetSecret": _mock_method("Secret", "GET", AuthorizationType="CUSTOM",
                                  AuthorizerId={"Ref": "Auth"}),
        "Missing": {"Type": "AWS::ApiGateway::GatewayResponse", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ResponseType": "MISSING_AUTHENTICATION_TOKEN",
            "StatusCode": "404",
            "ResponseTemplates": {"application/json": '{"message": "nothing here"}'}}},
        "Deployment": {"Type": "AWS::ApiGateway::Deployment",
                       "DependsOn": ["PostItem", "GetSecret", "Missing"],
                       "Properties": {"RestApiId": {"Ref": "Api"}, "StageName": "api"}},
        "Key": {"Type": "AWS::ApiGateway::ApiKey", "DependsOn": ["Deployment"], "Properties": {
            "Enabled": True, "Value": KEY,
            "StageKeys": [{"RestApiId": {"Ref": "Api"}, "StageName": "api"}]}},
        "Plan": {"Type": "AWS::ApiGateway::UsagePlan", "DependsOn": ["Deployment"],
                 "Properties": {"UsagePlanName": "basic",
                                "ApiStages": [{"ApiId": {"Ref": "Api"}, "Stage": "api"}],
                                "Throttle": {"BurstLimit": 100, "RateLimit": 50.0},
                                "Quota": {"Limit": 1000, "Period": "DAY"}}},
        "PlanKey": {"Type": "AWS::ApiGateway::UsagePlanKey", "Properties": {
            "KeyId": {"Ref": "Key"}, "KeyType": "API_KEY", "UsagePlanId": {"Ref": "Plan"}}},
    }, "Outputs": {"KeyId": {"Value": {"Fn::GetAtt": ["Key", "APIKeyId"]}},
                   "Model": {"Value": {"Ref": "ItemModel"}}}}


JSON = [("Content-Type", "application/json")]


def test_keys_validation_authorizer_and_gateway_response(server: RunningServer, apigw: Any,
                                                         authorizer_fn: str) -> None:
    params = {"AuthorizerArn": authorizer_fn}
    stack = deploy(server, guarded(), parameters=params)
    api_id = stack.physical("Api")
    key_id = stack.physical("Key")
    assert stack.outputs["KeyId"] == key_id
    assert apigw.get_api_key(apiKey=key_id, includeValue=True)["value"] == KEY
    assert [k["id"] for k in apigw.get_usage_plan_keys(
        usagePlanId=stack.physical("Plan"))["items"]] == [key_id]
    assert apigw.get_model(restApiId=api_id, modelName=stack.outputs["Model"])["name"].isalnum()

    good = json.dumps({"name": "pen"}).encode()
    assert call(server, api_id, "/api/items", "POST", headers=JSON, body=good).status == 403
    keyed = [*JSON, ("x-api-key", KEY)]
    reply = call(server, api_id, "/api/items", "POST", headers=keyed, body=good)
    assert (reply.status, reply.json()) == (200, {"ok": True})
    reply = call(server, api_id, "/api/items", "POST", headers=keyed, body=b'{"size": 1}')
    assert reply.status == 400
    assert reply.json()["message"] == "Invalid request body"

    assert call(server, api_id, "/api/secret").status == 401
    allowed = call(server, api_id, "/api/secret", headers=[("Authorization", "allow")],
                   expect=200, timeout=30)
    assert allowed.status == 200
    assert call(server, api_id, "/api/secret", headers=[("Authorization", "no")]).status == 403

    reply = call(server, api_id, "/api/nowhere")
    assert (reply.status, reply.json()) == (404, {"message": "nothing here"})

    # In place: the key disabled (served at once: keys are not part of a deployment), the
    # plan's limits, the model's schema.
    changed = copy.deepcopy(guarded())
    res = changed["Resources"]
    res["Key"]["Properties"]["Enabled"] = False
    res["Plan"]["Properties"]["Throttle"] = {"BurstLimit": 10, "RateLimit": 5.0}
    del res["Plan"]["Properties"]["Quota"]
    res["ItemModel"]["Properties"]["Schema"] = {"type": "object"}
    stack = deploy(server, changed, name=stack.name, update=True, parameters=params)
    assert stack.physical("Key") == key_id
    assert apigw.get_api_key(apiKey=key_id)["enabled"] is False
    plan = apigw.get_usage_plan(usagePlanId=stack.physical("Plan"))
    assert plan["throttle"] == {"burstLimit": 10, "rateLimit": 5.0}
    assert "quota" not in plan
    schema = apigw.get_model(restApiId=api_id, modelName=stack.outputs["Model"])["schema"]
    assert json.loads(schema) == {"type": "object"}
    assert call(server, api_id, "/api/items", "POST", headers=keyed, body=good).status == 403
    remove(server, stack.name)
    assert key_id not in {k["id"] for k in apigw.get_api_keys()["items"]}


def test_account_sets_the_cloudwatch_role(server: RunningServer, apigw: Any) -> None:
    role = "arn:aws:iam::000000000000:role/apigw-logs"
    stack = deploy(server, {"Resources": {"Account": {
        "Type": "AWS::ApiGateway::Account", "Properties": {"CloudWatchRoleArn": role}}},
        "Outputs": {"Id": {"Value": {"Fn::GetAtt": ["Account", "Id"]}}}})
    assert apigw.get_account()["cloudwatchRoleArn"] == role
    assert stack.outputs["Id"] == stack.physical("Account")
    remove(server, stack.name)
