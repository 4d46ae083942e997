"""Cognito user pool authorizers through the data plane (the token checks themselves are in
tests/unit/apigateway/test_cognito_authorizer.py, against a JWKS served in the test).

https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-integrate-with-cognito.html
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.e2e.gateway_protection.conftest import Api, get
from tests.server import RunningServer

NewApi = Callable[..., Api]
POOL_ARN = "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_Pool1"


def cognito_api(new_api: NewApi, apigw: Any) -> Api:
    api = new_api()
    out = apigw.create_authorizer(restApiId=api.id, name="pool", type="COGNITO_USER_POOLS",
                                  providerARNs=[POOL_ARN],
                                  identitySource="method.request.header.Authorization")
    api.method("/pets", "GET", authorizationType="COGNITO_USER_POOLS", authorizerId=out["id"])
    api.deploy()
    return api


def test_a_request_without_a_token_answers_401_unauthorized(
        server: RunningServer, new_api: NewApi, apigw: Any) -> None:
    api = cognito_api(new_api, apigw)

    reply = get(server, api)

    assert reply.status == 401
    assert reply.json() == {"message": "Unauthorized"}
    assert reply.header("x-amzn-ErrorType") == "UnauthorizedException"


def test_a_token_from_another_issuer_answers_401(
        server: RunningServer, new_api: NewApi, apigw: Any) -> None:
    api = cognito_api(new_api, apigw)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode({"iss": "https://issuer.example", "sub": "u", "exp": 4_000_000_000},
                       key, algorithm="RS256", headers={"kid": "k"})

    reply = get(server, api, headers={"Authorization": token})

    assert reply.status == 401


def test_a_token_that_is_no_jwt_answers_401(
        server: RunningServer, new_api: NewApi, apigw: Any) -> None:
    api = cognito_api(new_api, apigw)

    assert get(server, api, headers={"Authorization": "garbage"}).status == 401
