"""TestInvokeMethod (boto3 ``test_invoke_method``): a Lambda proxy method answered with the
function's status and body and the event in the execution log; a Lambda custom
integration's mapping templates; a MOCK; authorizers skipped; bad ids as AWS words them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.apigateway.conftest import add_mock_method, error_of
from tests.e2e.apigateway_support import lambda_uri, session_function
from tests.server import RunningServer

ECHO = '''import json
def handler(event, context):
    if "httpMethod" not in event:  # a custom integration: the template's output
        return {"got": event}
    return {"statusCode": 207, "headers": {"x-echo": "yes"},
            "body": json.dumps({"path": event["path"], "body": event["body"],
                                "id": (event["pathParameters"] or {}).get("id")})}
'''


@pytest.fixture(scope="module")
def echo(server: RunningServer) -> Iterator[str]:
    yield from session_function(server, ECHO, "testinvoke-")


def _event(log: str) -> dict[str, Any]:
    found = re.search(r"Endpoint request body after transformations: (.*)$", log, re.M)
    assert found, log
    event: dict[str, Any] = json.loads(found[1])
    return event


def _resource(apigw: Any, api: dict[str, Any], *parts: str) -> str:
    parent = api["rootResourceId"]
    for part in parts:
        parent = apigw.create_resource(restApiId=api["id"], parentId=parent, pathPart=part)["id"]
    return str(parent)


def test_a_lambda_proxy_method_answers_the_functions_status_and_body_and_logs_the_event(
        apigw: Any, api: dict[str, Any], echo: str) -> None:
    one = _resource(apigw, api, "items", "{id}")
    apigw.put_method(restApiId=api["id"], resourceId=one, httpMethod="POST",
                     authorizationType="NONE", apiKeyRequired=True)
    apigw.put_integration(restApiId=api["id"], resourceId=one, httpMethod="POST",
                          type="AWS_PROXY", integrationHttpMethod="POST", uri=lambda_uri(echo))
    # not deployed: TestInvokeMethod runs the API as it is; the API key is not asked for
    out = apigw.test_invoke_method(
        restApiId=api["id"], resourceId=one, httpMethod="POST",
        pathWithQueryString="/items/42?q=a&q=b", body='{"name": "x"}',
        headers={"X-Probe": "hello"}, multiValueHeaders={"X-Many": ["1", "2"]},
        stageVariables={"env": "test"})
    assert out["status"] == 207
    assert json.loads(out["body"]) == {"path": "/items/42", "body": '{"name": "x"}', "id": "42"}
    assert out["headers"]["x-echo"] == "yes"
    assert out["multiValueHeaders"]["x-echo"] == ["yes"]
    assert isinstance(out["latency"], int)
    log = out["log"]
    assert log.startswith("Execution log for request ")
    assert "HTTP Method: POST, Resource Path: /items/{id}" in log
    assert "Method request path: {id=42}" in log
    assert "Method request headers: {X-Probe=hello, X-Many=1,2}" in log
    assert ("Endpoint request URI: https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/"
            f"{echo}/invocations") in log
    assert "Method completed with status: 207" in log
    assert re.search(r"^\w{3} \w{3} \d\d \d\d:\d\d:\d\d UTC \d{4} : Successfully completed", log,
                     re.M)
    event = _event(log)
    assert event["resource"] == "/items/{id}" and event["path"] == "/items/42"
    assert event["httpMethod"] == "POST" and event["body"] == '{"name": "x"}'
    assert event["headers"] == {"X-Probe": "hello", "X-Many": "2"}
    assert event["multiValueHeaders"] == {"X-Probe": ["hello"], "X-Many": ["1", "2"]}
    assert event["multiValueQueryStringParameters"] == {"q": ["a", "b"]}
    assert event["stageVariables"] == {"env": "test"}
    context = event["requestContext"]
    assert context["stage"] == "test-invoke-stage"
    assert context["identity"]["sourceIp"] == "test-invoke-source-ip"
    assert context["identity"]["apiKey"] == "test-invoke-api-key"
    assert context["domainName"] == "testPrefix.testDomainName"
    assert "Endpoint response body before transformations: {\"statusCode\": 207" in log


def test_a_custom_lambda_integration_logs_the_mapping_templates_output(
        apigw: Any, api: dict[str, Any], echo: str) -> None:
    items = _resource(apigw, api, "items")
    apigw.put_method(restApiId=api["id"], resourceId=items, httpMethod="GET",
                     authorizationType="NONE")
    apigw.put_integration(
        restApiId=api["id"], resourceId=items, httpMethod="GET", type="AWS",
        integrationHttpMethod="POST", uri=lambda_uri(echo),
        requestTemplates={"application/json":
                          '{"who": "$input.params(\'who\')", "stage": "$context.stage"}'})
    apigw.put_method_response(restApiId=api["id"], resourceId=items, httpMethod="GET",
                              statusCode="200")
    apigw.put_integration_response(
        restApiId=api["id"], resourceId=items, httpMethod="GET", statusCode="200",
        responseTemplates={"application/json": '{"mapped": $input.json(\'$.got\')}'})
    out = apigw.test_invoke_method(restApiId=api["id"], resourceId=items, httpMethod="GET",
                                   pathWithQueryString="/items?who=ann",
                                   headers={"Content-Type": "application/json"})
    assert out["status"] == 200
    assert json.loads(out["body"]) == {"mapped": {"who": "ann", "stage": "test-invoke-stage"}}
    assert _event(out["log"]) == {"who": "ann", "stage": "test-invoke-stage"}
    assert "Method response body after transformations: {\"mapped\"" in out["log"]


def test_a_mock_integration_and_an_authorizer_skipped(
        apigw: Any, api: dict[str, Any], echo: str) -> None:
    authorizer = apigw.create_authorizer(
        restApiId=api["id"], name="never", type="TOKEN", authorizerUri=lambda_uri(echo),
        identitySource="method.request.header.Authorization")["id"]
    add_mock_method(apigw, api["id"], api["rootResourceId"])
    apigw.update_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                        patchOperations=[
                            {"op": "replace", "path": "/authorizationType", "value": "CUSTOM"},
                            {"op": "replace", "path": "/authorizerId", "value": authorizer}])
    apigw.put_method_response(restApiId=api["id"], resourceId=api["rootResourceId"],
                              httpMethod="GET", statusCode="200")
    apigw.put_integration_response(restApiId=api["id"], resourceId=api["rootResourceId"],
                                   httpMethod="GET", statusCode="200",
                                   responseTemplates={"application/json": '{"ok": true}'})
    out = apigw.test_invoke_method(restApiId=api["id"], resourceId=api["rootResourceId"],
                                   httpMethod="GET")
    assert out["status"] == 200 and json.loads(out["body"]) == {"ok": True}
    assert "Endpoint request" not in out["log"]
    assert "Method completed with status: 200" in out["log"]


def test_unknown_ids_answer_not_found_as_aws_words_it(apigw: Any, api: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as err:
        apigw.test_invoke_method(restApiId=api["id"], resourceId="nosuch", httpMethod="GET")
    assert error_of(err) == ("NotFoundException", 404)
    assert err.value.response["Error"]["Message"] == "Invalid Resource identifier specified"
    with pytest.raises(ClientError) as err:
        apigw.test_invoke_method(restApiId=api["id"], resourceId=api["rootResourceId"],
                                 httpMethod="PUT")
    assert err.value.response["Error"]["Message"] == "Invalid Method identifier specified"
    with pytest.raises(ClientError) as err:
        apigw.test_invoke_method(restApiId="nosuchapi0", resourceId="x", httpMethod="GET")
    assert error_of(err) == ("NotFoundException", 404)


GATE = '''def handler(event, context):
    token = event.get("authorizationToken") or (event.get("headers") or {}).get("X-Key")
    if token == "deny-me":
        raise Exception("Unauthorized")
    return {"principalId": "user-" + str(token), "policyDocument": {
        "Version": "2012-10-17", "Statement": [{"Action": "execute-api:Invoke",
        "Effect": "Allow", "Resource": event["methodArn"]}]}}
'''


@pytest.fixture(scope="module")
def gate(server: RunningServer) -> Iterator[str]:
    yield from session_function(server, GATE, "testinvoke-gate-")


def test_invoke_authorizer_token_and_request(apigw: Any, api: dict[str, Any], gate: str) -> None:
    token = apigw.create_authorizer(restApiId=api["id"], name="tok", type="TOKEN",
                                    authorizerUri=lambda_uri(gate),
                                    identityValidationExpression="[a-z-]+")["id"]
    out = apigw.test_invoke_authorizer(restApiId=api["id"], authorizerId=token,
                                       headers={"Authorization": "ann"})
    assert out["clientStatus"] == 200 and out["principalId"] == "user-ann"
    policy = json.loads(out["policy"])
    assert policy["Statement"][0]["Resource"] == (
        f"arn:aws:execute-api:us-east-1:000000000000:{api['id']}/ESTestInvoke-stage/GET/")
    assert '"authorizationToken":"ann"' in out["log"]
    assert "Successfully completed authorizer execution" in out["log"]
    # no token, a token the expression refuses, the function saying Unauthorized: 401
    assert apigw.test_invoke_authorizer(restApiId=api["id"], authorizerId=token)[
        "clientStatus"] == 401
    assert apigw.test_invoke_authorizer(restApiId=api["id"], authorizerId=token,
                                        headers={"Authorization": "B4D"})["clientStatus"] == 401
    denied = apigw.test_invoke_authorizer(restApiId=api["id"], authorizerId=token,
                                          headers={"Authorization": "deny-me"})
    assert denied["clientStatus"] == 401 and "principalId" not in denied
    request = apigw.create_authorizer(restApiId=api["id"], name="req", type="REQUEST",
                                      authorizerUri=lambda_uri(gate),
                                      identitySource="method.request.header.X-Key")["id"]
    out = apigw.test_invoke_authorizer(restApiId=api["id"], authorizerId=request,
                                       headers={"X-Key": "bob"}, pathWithQueryString="/a?b=c")
    assert out["clientStatus"] == 200 and out["principalId"] == "user-bob"
    event = _event(out["log"])
    assert event["type"] == "REQUEST" and event["path"] == "/a"
    assert event["queryStringParameters"] == {"b": "c"}
    with pytest.raises(ClientError) as err:
        apigw.test_invoke_authorizer(restApiId=api["id"], authorizerId="nosuch")
    assert error_of(err) == ("NotFoundException", 404)
    assert err.value.response["Error"]["Message"] == "Invalid Authorizer identifier specified"
