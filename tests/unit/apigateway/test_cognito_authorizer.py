"""COGNITO_USER_POOLS authorizers (gateway/cognito_authorizer.py): tokens signed by a key made
in the test, the pool's JWKS served on the loopback interface (``jwt_verify.redirect``)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from cloudlet.config import Config
from cloudlet.server.http import Request
from cloudlet.server.state import ServerState
from cloudlet.services.apigateway.gateway import cognito_authorizer, jwt_verify
from cloudlet.services.apigateway.gateway.entry import ApiRef
from cloudlet.services.apigateway.gateway.errors import GatewayError
from cloudlet.services.apigateway.gateway.invocation import Invocation
from tests.unit.apigateway.jwks_support import NOW, FixedClock, Jwks

POOL = "us-east-1_AbCdEf"
POOL_ARN = f"arn:aws:cognito-idp:us-east-1:000000000000:userpool/{POOL}"
ISSUER = f"https://cognito-idp.us-east-1.amazonaws.com/{POOL}"
AUTHORIZER = {"id": "auth1", "type": "COGNITO_USER_POOLS", "providerARNs": [POOL_ARN],
              "identitySource": "method.request.header.Authorization"}


@pytest.fixture
def jwks() -> Iterator[Jwks]:
    found = Jwks()
    yield found
    found.server.shutdown()
    found.server.server_close()


@pytest.fixture
def key(jwks: Jwks) -> rsa.RSAPrivateKey:
    made = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwks.add(made, "k1", "RS256")
    return made


@pytest.fixture
def state(tmp_path: Path, jwks: Jwks) -> ServerState:
    made = ServerState(Config(data_dir=tmp_path), {}, clock=FixedClock())
    jwt_verify.redirect(made, ISSUER, jwks.issuer + "/.well-known/jwks.json")
    return made


def token(key: Any, **claims: Any) -> str:
    body = {"iss": ISSUER, "sub": "u1", "token_use": "id", "aud": "client1",
            "exp": NOW + 300, "cognito:groups": ["a", "b"], "email_verified": True, **claims}
    return jwt.encode(body, key, algorithm="RS256", headers={"kid": "k1"})


def invocation(state: ServerState, headers: dict[str, str],
               method: dict[str, Any] | None = None) -> Invocation:
    request = Request("GET", "/test/pets", "/test/pets", "", headers, b"",
                      host="abc.execute-api.localhost",
                      raw_headers=list(headers.items()), client=("127.0.0.1", 1))
    return Invocation(state=state, request=request,
                      api=ApiRef("abc", "REST", "000000000000", "us-east-1"),
                      stage_name="test", stage={}, snapshot={}, path="/pets",
                      request_id="r", extended_request_id="e", request_time_epoch=0,
                      method=method or {"authorizationType": "COGNITO_USER_POOLS"})


def authorize(inv: Invocation, authorizer: dict[str, Any] | None = None) -> None:
    asyncio.run(cognito_authorizer.authorize(inv, authorizer or AUTHORIZER))


def refused(inv: Invocation, authorizer: dict[str, Any] | None = None) -> GatewayError:
    with pytest.raises(GatewayError) as err:
        authorize(inv, authorizer)
    return err.value


def test_the_issuer_comes_from_the_pool_arn() -> None:
    assert cognito_authorizer.issuer_for(POOL_ARN) == ISSUER
    assert cognito_authorizer.issuer_for("arn:aws:lambda:x") is None


def test_a_valid_id_token_admits_and_sets_the_claims(state: ServerState,
                                                     key: rsa.RSAPrivateKey) -> None:
    inv = invocation(state, {"authorization": token(key)})

    authorize(inv)

    claims = inv.authorizer["claims"]
    assert claims["sub"] == "u1"
    assert claims["cognito:groups"] == "a,b"
    assert claims["email_verified"] == "true"


def test_a_bearer_prefix_is_accepted(state: ServerState, key: rsa.RSAPrivateKey) -> None:
    inv = invocation(state, {"authorization": "Bearer " + token(key)})

    authorize(inv)

    assert inv.authorizer["claims"]["sub"] == "u1"


def test_a_missing_token_is_401_unauthorized(state: ServerState) -> None:
    error = refused(invocation(state, {}))

    assert (error.status, error.message) == (401, "Unauthorized")


def test_an_expired_token_is_401_with_the_expired_message(state: ServerState,
                                                          key: rsa.RSAPrivateKey) -> None:
    error = refused(invocation(state, {"authorization": token(key, exp=NOW - 5)}))

    assert (error.status, error.message) == (401, "The incoming token has expired")


def test_a_token_of_another_pool_is_401(state: ServerState, key: rsa.RSAPrivateKey) -> None:
    other = token(key, iss="https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other")

    assert refused(invocation(state, {"authorization": other})).status == 401


def test_a_token_signed_by_another_key_is_401(state: ServerState, key: rsa.RSAPrivateKey) -> None:
    impostor = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    assert refused(invocation(state, {"authorization": token(impostor)})).status == 401


def test_the_validation_expression_must_match_the_audience(state: ServerState,
                                                           key: rsa.RSAPrivateKey) -> None:
    authorizer = {**AUTHORIZER, "identityValidationExpression": "client[0-9]"}
    authorize(invocation(state, {"authorization": token(key)}), authorizer)

    error = refused(invocation(state, {"authorization": token(key, aud="web")}), authorizer)

    assert error.status == 401


def test_scopes_need_an_access_token_granting_one(state: ServerState,
                                                 key: rsa.RSAPrivateKey) -> None:
    method = {"authorizationType": "COGNITO_USER_POOLS", "authorizationScopes": ["pets/read"]}
    access = token(key, token_use="access", scope="openid pets/read", aud=None)

    authorize(invocation(state, {"authorization": access}, method))
    assert refused(invocation(state, {"authorization": token(key)}, method)).status == 401
    wrong = token(key, token_use="access", scope="pets/write")
    assert refused(invocation(state, {"authorization": wrong}, method)).status == 401


def test_a_pool_whose_keys_cannot_be_fetched_is_500(state: ServerState, jwks: Jwks,
                                                   key: rsa.RSAPrivateKey) -> None:
    jwt_verify.redirect(state, ISSUER, jwks.issuer + "/nowhere")

    error = refused(invocation(state, {"authorization": token(key)}))

    assert (error.status, error.response_type) == (500, "AUTHORIZER_CONFIGURATION_ERROR")
