"""Tokens from cloudlet's pools in front of a function: an HTTP API JWT authorizer, a REST
API COGNITO_USER_POOLS authorizer, and STS AssumeRoleWithWebIdentity.

https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-integrate-with-cognito.html
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.conftest import make_client
from tests.e2e.apigateway_support import RestApi, http_apis, lambda_uri, session_function
from tests.e2e.cognito_idp.conftest import password_login
from tests.e2e.gateway_http.conftest import auto_stage, lambda_integration, request, route
from tests.e2e.gateway_rest.conftest import call
from tests.server import RunningServer

ECHO = """
    import json
    def handler(event, context):
        return {"statusCode": 200, "headers": {"Content-Type": "application/json"},
                "body": json.dumps(event)}
"""


@pytest.fixture(scope="module")
def echo_arn(server: RunningServer) -> Iterator[str]:
    for arn in session_function(server, ECHO, "cog"):
        make_client(server, "lambda").add_permission(
            FunctionName=arn, StatementId="apigateway", Action="lambda:InvokeFunction",
            Principal="apigateway.amazonaws.com")
        yield arn


@pytest.fixture
def id_token(idp: Any, client_id: str, confirmed_user: Callable[..., str]) -> str:
    confirmed_user("alice", "alice@example.com")
    return str(password_login(idp, client_id, "alice")["AuthenticationResult"]["IdToken"])


def test_http_api_jwt_authorizer_accepts_the_pools_id_token(
        server: RunningServer, pool_id: str, client_id: str, id_token: str,
        echo_arn: str) -> None:
    apigw2 = make_client(server, "apigatewayv2")
    for create in http_apis(apigw2):
        api_id = str(create()["ApiId"])
        authorizer = apigw2.create_authorizer(
            ApiId=api_id, AuthorizerType="JWT", Name="cognito",
            IdentitySource=["$request.header.Authorization"],
            JwtConfiguration={"Issuer": f"https://cognito-idp.us-east-1.amazonaws.com/{pool_id}",
                              "Audience": [client_id]})["AuthorizerId"]
        route(apigw2, api_id, "GET /me", lambda_integration(apigw2, api_id, echo_arn),
              AuthorizationType="JWT", AuthorizerId=authorizer)
        auto_stage(apigw2, api_id)

        without = request(server, api_id, "GET", "/me")
        with_token = request(server, api_id, "GET", "/me",
                             headers=[("Authorization", f"Bearer {id_token}")])

        assert without.status == 401
        assert with_token.status == 200, with_token.body
        claims = json.loads(with_token.body)["requestContext"]["authorizer"]["jwt"]["claims"]
        assert claims["cognito:username"] == "alice"
        assert claims["email"] == "alice@example.com"


def test_rest_api_cognito_authorizer_accepts_the_pools_id_token(
        server: RunningServer, idp: Any, pool_id: str, id_token: str, echo_arn: str) -> None:
    apigw = make_client(server, "apigateway")
    arn = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Arn"]
    api = RestApi(apigw, "cognito-rest")
    try:
        authorizer = apigw.create_authorizer(
            restApiId=api.id, name="pool", type="COGNITO_USER_POOLS", providerARNs=[arn],
            identitySource="method.request.header.Authorization")["id"]
        api.put_method("/pets", "GET", {"authorizationType": "COGNITO_USER_POOLS",
                                        "authorizerId": authorizer},
                       {"type": "AWS_PROXY", "integrationHttpMethod": "POST",
                        "uri": lambda_uri(echo_arn)})
        api.deploy()

        without = call(server, api.id, "test", "/pets")
        with_token = call(server, api.id, "test", "/pets",
                          headers=[("Authorization", id_token)])

        assert without.status == 401
        assert with_token.status == 200, with_token.body
        claims = json.loads(with_token.body)["requestContext"]["authorizer"]["claims"]
        assert claims["cognito:username"] == "alice"
        assert claims["token_use"] == "id"
    finally:
        api.delete()


def test_sts_accepts_the_pools_id_token_as_a_web_identity(
        server: RunningServer, pool_id: str, client_id: str, id_token: str) -> None:
    provider = f"cognito-idp.us-east-1.amazonaws.com/{pool_id}"
    iam, sts = make_client(server, "iam"), make_client(server, "sts")
    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
        "Principal": {"Federated": f"arn:aws:iam::000000000000:oidc-provider/{provider}"},
        "Condition": {"StringEquals": {f"{provider}:aud": client_id}}}]}
    role = iam.create_role(RoleName=f"web-{pool_id[-9:]}",
                           AssumeRolePolicyDocument=json.dumps(trust))["Role"]
    try:
        out = sts.assume_role_with_web_identity(
            RoleArn=role["Arn"], RoleSessionName="web-session", WebIdentityToken=id_token)
        assert out["Audience"] == client_id
        assert out["Provider"].endswith(provider)
        assert out["Credentials"]["AccessKeyId"]
    finally:
        iam.delete_role(RoleName=role["RoleName"])
