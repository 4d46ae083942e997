"""REST APIs as the Serverless Framework compiles them (``http`` events), built with boto3
resource by resource as CloudFormation would create them, and called over HTTP.
https://www.serverless.com/framework/docs/providers/aws/events/apigateway
https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html

- ``ANY /{proxy+}`` with AWS_PROXY (``integrationHttpMethod: POST``).
- ``cors: true``: an OPTIONS method with a MOCK integration, the request template
  ``{statusCode:200}`` and ``method.response.header.Access-Control-Allow-*`` parameters.
- ``private: true``: ``apiKeyRequired`` and a usage plan with a key.
- ``integration: lambda``: the framework's default request template (macros, loops).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from cloudlet.testing import function_ready
from tests.conftest import make_client
from tests.e2e.gateway_rest.conftest import call, lambda_uri
from tests.e2e.lambda_.conftest import ROLE, python_zip
from tests.server import RunningServer

# lib/plugins/aws/package/compile/events/api-gateway/lib/method/integration.js
DEFAULT_TEMPLATE = """
#define( $loop )
  {
  #foreach($key in $map.keySet())
      #set( $k = $util.escapeJavaScript($key) )
      #set( $v = $util.escapeJavaScript($map.get($key)).replaceAll("\\\\'", "'") )
      "$k":
        "$v"
        #if( $foreach.hasNext ) , #end
  #end
  }
#end
{
  "body": $input.json("$"),
  "method": "$context.httpMethod",
  "principalId": "$context.authorizer.principalId",
  "stage": "$context.stage",
  "cognitoPoolClaims" : {
     "sub": "$context.authorizer.claims.sub"
  },
  #set( $map = $context.authorizer )
  "enhancedAuthContext": $loop,
  #set( $map = $input.params().header )
  "headers": $loop,
  #set( $map = $input.params().querystring )
  "query": $loop,
  #set( $map = $input.params().path )
  "path": $loop,
  #set( $map = $context.identity )
  "identity": $loop,
  #set( $map = $stageVariables )
  "stageVariables": $loop,
  "requestPath": "$context.resourcePath"
}
"""

CORS_HEADERS = {
    "method.response.header.Access-Control-Allow-Origin": "'*'",
    "method.response.header.Access-Control-Allow-Headers":
        "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,"
        "X-Amz-User-Agent,X-Amzn-Trace-Id'",
    "method.response.header.Access-Control-Allow-Methods": "'OPTIONS,GET'",
}


def proxy_method(apigw: Any, api: Any, path: str, verb: str, fn_arn: str, *,
                 key: bool = False) -> None:
    rid = api.resource(path)
    apigw.put_method(restApiId=api.id, resourceId=rid, httpMethod=verb,
                     authorizationType="NONE", apiKeyRequired=key, requestParameters={})
    apigw.put_integration(restApiId=api.id, resourceId=rid, httpMethod=verb,
                          type="AWS_PROXY", integrationHttpMethod="POST",
                          uri=lambda_uri(fn_arn))
    apigw.put_method_response(restApiId=api.id, resourceId=rid, httpMethod=verb,
                              statusCode="200")


def cors_method(apigw: Any, api: Any, path: str) -> None:
    rid = api.resource(path)
    apigw.put_method(restApiId=api.id, resourceId=rid, httpMethod="OPTIONS",
                     authorizationType="NONE", apiKeyRequired=False, requestParameters={})
    apigw.put_method_response(restApiId=api.id, resourceId=rid, httpMethod="OPTIONS",
                              statusCode="200",
                              responseParameters={k: True for k in CORS_HEADERS},
                              responseModels={})
    apigw.put_integration(restApiId=api.id, resourceId=rid, httpMethod="OPTIONS",
                          type="MOCK", requestTemplates={"application/json": "{statusCode:200}"},
                          contentHandling="CONVERT_TO_TEXT")
    apigw.put_integration_response(restApiId=api.id, resourceId=rid, httpMethod="OPTIONS",
                                   statusCode="200", responseParameters=CORS_HEADERS,
                                   responseTemplates={"application/json": ""})


@pytest.fixture
def sls_api(apigw: Any, new_api: Any, function_arn: str) -> Any:
    api = new_api(endpointConfiguration={"types": ["EDGE"]}, apiKeySource="HEADER")
    proxy_method(apigw, api, "/{proxy+}", "ANY", function_arn)
    proxy_method(apigw, api, "/items", "GET", function_arn)
    cors_method(apigw, api, "/items")
    api.deploy("dev")
    return api


def test_greedy_proxy_takes_every_path_and_method(server: RunningServer, sls_api: Any) -> None:
    reply = call(server, sls_api.id, "dev", "/a/b/c?x=1&x=2&blank=", "DELETE")
    assert reply.status == 200
    event = reply.json()
    assert event["resource"] == "/{proxy+}"
    assert event["pathParameters"] == {"proxy": "a/b/c"}
    assert event["httpMethod"] == "DELETE"
    assert event["queryStringParameters"] == {"x": "2", "blank": ""}
    assert event["multiValueQueryStringParameters"] == {"x": ["1", "2"], "blank": [""]}


def test_plus_in_the_query_string_is_a_space(server: RunningServer, sls_api: Any) -> None:
    """As on AWS (https://github.com/aws/aws-cdk/issues/19827): ``+`` decodes to a space,
    ``%2B`` to a plus."""
    reply = call(server, sls_api.id, "dev", "/q?sort=-+createdAt&email=a%2Bb%40c.d")
    assert reply.json()["queryStringParameters"] == {"sort": "- createdAt",
                                                     "email": "a+b@c.d"}


def test_greedy_proxy_does_not_take_the_root(server: RunningServer, sls_api: Any) -> None:
    reply = call(server, sls_api.id, "dev", "/")
    assert reply.status == 403
    assert reply.json() == {"message": "Missing Authentication Token"}


def test_literal_resource_wins_over_the_greedy_one(server: RunningServer,
                                                   sls_api: Any) -> None:
    reply = call(server, sls_api.id, "dev", "/items")
    assert reply.json()["resource"] == "/items"


def test_cors_true_options_answers_from_the_mock(server: RunningServer, sls_api: Any) -> None:
    reply = call(server, sls_api.id, "dev", "/items", "OPTIONS",
                 headers=[("Origin", "https://example.com")])
    assert reply.status == 200
    assert reply.header("Access-Control-Allow-Origin") == "*"
    assert reply.header("Access-Control-Allow-Methods") == "OPTIONS,GET"
    assert "X-Api-Key" in (reply.header("Access-Control-Allow-Headers") or "")
    assert reply.body == b""


def test_encoded_path_segment_reaches_the_function_decoded(server: RunningServer,
                                                           sls_api: Any) -> None:
    reply = call(server, sls_api.id, "dev", "/files/a%20b")
    event = reply.json()
    assert event["path"] == "/files/a b"
    assert event["pathParameters"] == {"proxy": "files/a b"}


def test_head_request_is_served_by_any(server: RunningServer, sls_api: Any) -> None:
    reply = call(server, sls_api.id, "dev", "/anything", "HEAD")
    assert reply.status == 200
    assert reply.header("Content-Type") == "application/json"
    assert reply.body == b""


@pytest.fixture
def private_api(server: RunningServer, apigw: Any, new_api: Any,
                function_arn: str) -> Iterator[tuple[Any, str]]:
    api = new_api()
    proxy_method(apigw, api, "/secret", "GET", function_arn, key=True)
    api.deploy("dev")
    key = apigw.create_api_key(name="sls" + uuid.uuid4().hex[:6], enabled=True)
    plan = apigw.create_usage_plan(name="sls" + uuid.uuid4().hex[:6],
                                   apiStages=[{"apiId": api.id, "stage": "dev"}])
    apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    yield api, str(key["value"])
    with contextlib.suppress(Exception):
        apigw.delete_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"])
        apigw.delete_usage_plan(usagePlanId=plan["id"])
        apigw.delete_api_key(apiKey=key["id"])


def test_private_true_needs_the_key(server: RunningServer,
                                    private_api: tuple[Any, str]) -> None:
    api, key = private_api
    refused = call(server, api.id, "dev", "/secret")
    assert refused.status == 403
    assert refused.json() == {"message": "Forbidden"}
    allowed = call(server, api.id, "dev", "/secret", headers=[("x-api-key", key)])
    assert allowed.status == 200


def test_lambda_integration_default_template_builds_the_event(
        server: RunningServer, apigw: Any, new_api: Any) -> None:
    api = new_api()
    rid = api.resource("/users/{id}")
    apigw.put_method(restApiId=api.id, resourceId=rid, httpMethod="POST",
                     authorizationType="NONE",
                     requestParameters={"method.request.path.id": True})
    # The template's output is observed through a function that returns its event.
    client = make_client(server, "lambda")
    name = "slsecho" + uuid.uuid4().hex[:6]
    arn = client.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE,
                                 Handler="app.handler", Code={"ZipFile": python_zip(
                                     "def handler(event, context):\n    return event\n")}
                                 )["FunctionArn"]
    function_ready(client, name)
    try:
        apigw.put_integration(restApiId=api.id, resourceId=rid, httpMethod="POST",
                              type="AWS", integrationHttpMethod="POST", uri=lambda_uri(arn),
                              passthroughBehavior="NEVER",
                              requestTemplates={"application/json": DEFAULT_TEMPLATE,
                                                "application/x-www-form-urlencoded":
                                                    DEFAULT_TEMPLATE})
        apigw.put_method_response(restApiId=api.id, resourceId=rid, httpMethod="POST",
                                  statusCode="200")
        apigw.put_integration_response(restApiId=api.id, resourceId=rid, httpMethod="POST",
                                       statusCode="200", selectionPattern="",
                                       responseTemplates={"application/json": ""})
        api.deploy("dev")
        reply = call(server, api.id, "dev", "/users/42?q=it's", "POST",
                     headers=[("Content-Type", "application/json"), ("X-Custom", "v1")],
                     body=b'{"name": "ann"}')
        assert reply.status == 200, reply.body
        event = reply.json()
        assert event["body"] == {"name": "ann"}
        assert event["method"] == "POST"
        assert event["stage"] == "dev"
        assert event["path"] == {"id": "42"}
        assert event["query"] == {"q": "it's"}
        assert event["headers"]["X-Custom"] == "v1"
        assert event["requestPath"] == "/users/{id}"
        assert event["enhancedAuthContext"] == {}
        assert event["stageVariables"] == {}
    finally:
        client.delete_function(FunctionName=name)
