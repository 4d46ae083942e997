"""Lambda authorizers (TOKEN and REQUEST) in front of REST API methods.

https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.utilities.parser.models import (
    ApiGatewayAuthorizerRequest,
    ApiGatewayAuthorizerToken,
)

from tests.e2e.gateway_protection.conftest import Api, event_of, get
from tests.server import RunningServer

NewApi = Callable[..., Api]


def token_api(new_api: NewApi, authorizer_arn: str, **authorizer: Any) -> Api:
    api = new_api()
    authorizer.setdefault("authorizerResultTtlInSeconds", 0)
    auth_id = api.authorizer(authorizer_arn, **authorizer)
    api.method("/pets", "GET", authorizationType="CUSTOM", authorizerId=auth_id)
    api.method("/pets", "POST", authorizationType="CUSTOM", authorizerId=auth_id)
    api.deploy()
    return api


def test_an_allowing_token_authorizer_admits_and_passes_principal_and_context(
        server: RunningServer, new_api: NewApi, authorizer_arn: str) -> None:
    api = token_api(new_api, authorizer_arn)

    event = event_of(get(server, api, headers={"Authorization": "allow:alice"}))

    found = event["requestContext"]["authorizer"]
    assert found["principalId"] == "user-alice"
    assert found["who"] == "alice"
    assert found["n"] == "7" and found["ok"] == "true"
    assert "integrationLatency" in found


def test_a_missing_token_answers_401_without_calling_the_function(
        server: RunningServer, new_api: NewApi, authorizer_arn: str) -> None:
    api = token_api(new_api, authorizer_arn)

    reply = get(server, api)

    assert reply.status == 401
    assert reply.json() == {"message": "Unauthorized"}


def test_a_token_failing_the_validation_expression_answers_401(
        server: RunningServer, new_api: NewApi, authorizer_arn: str) -> None:
    api = token_api(new_api, authorizer_arn, identityValidationExpression="^allow:.*$")

    assert get(server, api, headers={"Authorization": "deny:x"}).status == 401
    assert get(server, api, headers={"Authorization": "allow:x"}).status == 200


def test_an_explicit_deny_answers_403_with_the_explicit_deny_message(
        server: RunningServer, new_api: NewApi, authorizer_arn: str) -> None:
    api = token_api(new_api, authorizer_arn)

    reply = get(server, api, headers={"Authorization": "deny:bob"})

    assert reply.status == 403
    assert reply.json() == {
        "message": "User is not authorized to access this resource with an explicit deny"}


def test_a_policy_without_an_allow_for_the_method_answers_403(
        server: RunningServer, new_api: NewApi, authorizer_arn: str) -> None:
    api = token_api(new_api, authorizer_arn)

    reply = get(server, api, headers={"Authorization": "other:bob"})
    allowed = get(server, api, method="POST", headers={"Authorization": "other:bob"})

    assert reply.status == 403
    assert reply.json() == {"message": "User is not authorized to access this resource"}
    assert allowed.status == 200


def test_the_function_failing_with_unauthorized_answers_401(
        server: RunningServer, new_api: NewApi, authorizer_arn: str) -> None:
    api = token_api(new_api, authorizer_arn)

    reply = get(server, api, headers={"Authorization": "unauthorized"})

    assert reply.status == 401
    assert reply.json() == {"message": "Unauthorized"}


def test_the_function_failing_otherwise_answers_500(
        server: RunningServer, new_api: NewApi, authorizer_arn: str) -> None:
    api = token_api(new_api, authorizer_arn)

    reply = get(server, api, headers={"Authorization": "fail"})

    assert reply.status == 500
    assert reply.header("x-amzn-ErrorType") in (None, "AuthorizerConfigurationException")


def test_an_answer_without_a_policy_answers_500(
        server: RunningServer, new_api: NewApi, authorizer_arn: str) -> None:
    api = token_api(new_api, authorizer_arn)

    assert get(server, api, headers={"Authorization": "bad"}).status == 500


def test_a_context_with_an_object_value_answers_500(
        server: RunningServer, new_api: NewApi, authorizer_arn: str) -> None:
    api = token_api(new_api, authorizer_arn)

    assert get(server, api, headers={"Authorization": "nested"}).status == 500


def test_the_token_event_has_type_token_and_method_arn(
        server: RunningServer, new_api: NewApi, authorizer_arn: str) -> None:
    api = token_api(new_api, authorizer_arn)

    event = event_of(get(server, api, "/pets?x=1", headers={"Authorization": "event:e"}))

    sent = json.loads(event["requestContext"]["authorizer"]["event"])
    ApiGatewayAuthorizerToken.model_validate(sent)
    assert sent == {"type": "TOKEN", "authorizationToken": "event:e",
                    "methodArn": f"arn:aws:execute-api:us-east-1:000000000000:{api.id}"
                                 "/test/GET/pets"}


def test_results_are_cached_for_the_ttl_per_token(
        server: RunningServer, new_api: NewApi, authorizer_arn: str) -> None:
    api = token_api(new_api, authorizer_arn, authorizerResultTtlInSeconds=300)

    def call_id(token: str) -> str:
        reply = get(server, api, headers={"Authorization": token})
        return str(event_of(reply)["requestContext"]["authorizer"]["call"])

    first = call_id("allow:a")
    assert call_id("allow:a") == first
    assert call_id("allow:b") != first


def test_a_ttl_of_zero_calls_the_function_every_time(
        server: RunningServer, new_api: NewApi, authorizer_arn: str) -> None:
    api = token_api(new_api, authorizer_arn, authorizerResultTtlInSeconds=0)

    ids = {event_of(get(server, api, headers={"Authorization": "allow:a"}))
           ["requestContext"]["authorizer"]["call"] for _ in range(2)}

    assert len(ids) == 2


def test_a_cached_policy_is_evaluated_against_each_method(
        server: RunningServer, new_api: NewApi, authorizer_arn: str) -> None:
    api = token_api(new_api, authorizer_arn, authorizerResultTtlInSeconds=300)

    assert get(server, api, method="POST", headers={"Authorization": "other:c"}).status == 200
    assert get(server, api, headers={"Authorization": "other:c"}).status == 403


def test_flushing_the_stage_authorizers_cache_calls_the_function_again(
        server: RunningServer, new_api: NewApi, authorizer_arn: str, apigw: Any) -> None:
    api = token_api(new_api, authorizer_arn, authorizerResultTtlInSeconds=300)
    headers = {"Authorization": "allow:f"}
    first = event_of(get(server, api, headers=headers))["requestContext"]["authorizer"]["call"]

    apigw.flush_stage_authorizers_cache(restApiId=api.id, stageName="test")

    again = event_of(get(server, api, headers=headers))["requestContext"]["authorizer"]["call"]
    assert again != first


def request_api(new_api: NewApi, authorizer_arn: str, identity: str) -> Api:
    api = new_api()
    auth_id = api.authorizer(authorizer_arn, type="REQUEST", identitySource=identity,
                             authorizerResultTtlInSeconds=0)
    api.method("/pets", "GET", authorizationType="CUSTOM", authorizerId=auth_id)
    api.deploy()
    return api


def test_a_request_authorizer_gets_the_request_event(
        server: RunningServer, new_api: NewApi, authorizer_arn: str) -> None:
    api = request_api(new_api, authorizer_arn,
                      "method.request.header.X-Token, method.request.querystring.q")

    event = event_of(get(server, api, "/pets?q=1", headers={"X-Token": "event:r"}))

    sent = json.loads(event["requestContext"]["authorizer"]["event"])
    ApiGatewayAuthorizerRequest.model_validate(sent)
    assert sent["type"] == "REQUEST"
    assert sent["methodArn"].endswith(f"{api.id}/test/GET/pets")
    assert sent["headers"]["X-Token"] == "event:r"
    assert sent["queryStringParameters"] == {"q": "1"}
    assert sent["resource"] == "/pets" and sent["httpMethod"] == "GET"
    assert "body" not in sent


def test_a_request_authorizer_with_an_identity_source_missing_answers_401(
        server: RunningServer, new_api: NewApi, authorizer_arn: str) -> None:
    api = request_api(new_api, authorizer_arn,
                      "method.request.header.X-Token, method.request.querystring.q")

    reply = get(server, api, "/pets", headers={"X-Token": "allow:r"})

    assert reply.status == 401
    assert reply.json() == {"message": "Unauthorized"}


def test_a_request_authorizer_reads_stage_variables_as_identity(
        server: RunningServer, new_api: NewApi, authorizer_arn: str, apigw: Any) -> None:
    api = request_api(new_api, authorizer_arn, "stageVariables.tier")
    assert get(server, api, headers={"X-Token": "allow:s"}).status == 401

    apigw.update_stage(restApiId=api.id, stageName="test", patchOperations=[
        {"op": "replace", "path": "/variables/tier", "value": "gold"}])

    assert get(server, api, headers={"X-Token": "allow:s"}).status == 200


def test_an_aws_iam_method_is_admitted_without_verification(
        server: RunningServer, new_api: NewApi) -> None:
    api = new_api()
    api.method("/pets", "GET", authorizationType="AWS_IAM")
    api.deploy()

    assert get(server, api).status == 200
