"""JWT and Lambda authorizers of HTTP API routes.

https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from aws_lambda_powertools.utilities.parser.models import (
    ApiGatewayAuthorizerRequest,
    ApiGatewayAuthorizerRequestV2,
    APIGatewayProxyEventV2Model,
)
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.e2e.gateway_http.conftest import Call, auto_stage, lambda_integration, route

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
AUDIENCE = "my-client"


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    """A JWKS document on 127.0.0.1, as an OpenID issuer serves it."""
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key()))
    body = json.dumps({"keys": [{**jwk, "kid": "k1", "alg": "RS256", "use": "sig"}]}).encode()

    class Jwks(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status = 200 if self.path == "/.well-known/jwks.json" else 404
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Jwks)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def token(issuer: str, **claims: Any) -> str:
    now = int(time.time())
    body = {"iss": issuer, "aud": AUDIENCE, "sub": "user-1", "iat": now, "exp": now + 300,
            **claims}
    return jwt.encode(body, KEY, algorithm="RS256", headers={"kid": "k1"})


@pytest.fixture
def jwt_api(apigw2: Any, create_api: Any, handler_arn: str, issuer: str) -> str:
    api_id = str(create_api()["ApiId"])
    authorizer = apigw2.create_authorizer(
        ApiId=api_id, AuthorizerType="JWT", Name="jwt",
        IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Issuer": issuer, "Audience": [AUDIENCE]})["AuthorizerId"]
    integration = lambda_integration(apigw2, api_id, handler_arn)
    route(apigw2, api_id, "GET /me", integration, AuthorizationType="JWT",
          AuthorizerId=authorizer)
    route(apigw2, api_id, "GET /admin", integration, AuthorizationType="JWT",
          AuthorizerId=authorizer, AuthorizationScopes=["admin"])
    auto_stage(apigw2, api_id)
    return api_id


def _bearer(value: str) -> list[tuple[str, str]]:
    return [("Authorization", f"Bearer {value}")]


def test_valid_jwt_reaches_the_function_with_its_claims(call: Call, jwt_api: str,
                                                        issuer: str) -> None:
    answer = call(jwt_api, "GET", "/me", headers=_bearer(token(issuer, email_verified=True)))

    assert answer.status == 200
    event = answer.json()
    APIGatewayProxyEventV2Model.model_validate(event)
    claims = event["requestContext"]["authorizer"]["jwt"]["claims"]
    assert claims["sub"] == "user-1"
    assert claims["email_verified"] == "true"


def test_missing_jwt_is_401_unauthorized(call: Call, jwt_api: str) -> None:
    answer = call(jwt_api, "GET", "/me")

    assert answer.status == 401
    assert answer.json() == {"message": "Unauthorized"}


def test_jwt_for_another_audience_is_401(call: Call, jwt_api: str, issuer: str) -> None:
    answer = call(jwt_api, "GET", "/me", headers=_bearer(token(issuer, aud="someone-else")))

    assert answer.status == 401
    assert answer.json() == {"message": "Unauthorized"}


def test_expired_jwt_is_401_with_a_bearer_challenge(call: Call, jwt_api: str,
                                                    issuer: str) -> None:
    expired = token(issuer, iat=int(time.time()) - 600, exp=int(time.time()) - 60)

    answer = call(jwt_api, "GET", "/me", headers=_bearer(expired))

    assert answer.status == 401
    assert 'error_description="the token has expired"' in (answer.header("www-authenticate") or "")


def test_jwt_without_a_route_scope_is_403_forbidden(call: Call, jwt_api: str,
                                                    issuer: str) -> None:
    denied = call(jwt_api, "GET", "/admin", headers=_bearer(token(issuer, scope="read write")))
    allowed = call(jwt_api, "GET", "/admin", headers=_bearer(token(issuer, scope="read admin")))

    assert denied.status == 403
    assert denied.json() == {"message": "Forbidden"}
    assert allowed.status == 200
    assert allowed.json()["requestContext"]["authorizer"]["jwt"]["scopes"] == ["read", "admin"]


AUTHORIZER = """
    import json

    def handler(event, context):
        headers = event.get("headers") or {}
        who = headers.get("authorization", "")
        if who == "crash":
            raise RuntimeError("authorizer failing on purpose")
        allowed = who.startswith("allow")
        arn = event.get("routeArn") or event.get("methodArn")
        return {
            "isAuthorized": allowed,
            "principalId": who,
            "policyDocument": {"Version": "2012-10-17", "Statement": [{
                "Action": "execute-api:Invoke", "Effect": "Allow" if allowed else "Deny",
                "Resource": arn}]},
            "context": {"user": who, "invocation": context.aws_request_id,
                        "version": event["version"], "type": event["type"],
                        "event": json.dumps(event)},
        }
"""


@pytest.fixture(scope="module")
def authorizer_arn(make_function: Callable[..., str]) -> str:
    return make_function(AUTHORIZER)


def _lambda_api(apigw2: Any, create_api: Any, handler_arn: str, authorizer_arn: str,
                **authorizer: Any) -> str:
    api_id = str(create_api()["ApiId"])
    settings: dict[str, Any] = {"AuthorizerPayloadFormatVersion": "2.0",
                                "IdentitySource": ["$request.header.Authorization"],
                                **authorizer}
    authorizer_id = apigw2.create_authorizer(
        ApiId=api_id, AuthorizerType="REQUEST", Name="custom",
        AuthorizerUri=f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                      f"{authorizer_arn}/invocations", **settings)["AuthorizerId"]
    route(apigw2, api_id, "GET /secret", lambda_integration(apigw2, api_id, handler_arn),
          AuthorizationType="CUSTOM", AuthorizerId=authorizer_id)
    auto_stage(apigw2, api_id)
    return api_id


def _as(who: str) -> list[tuple[str, str]]:
    return [("Authorization", who)]


def test_simple_response_allows_and_passes_its_context(apigw2: Any, create_api: Any,
                                                       call: Call, handler_arn: str,
                                                       authorizer_arn: str) -> None:
    api_id = _lambda_api(apigw2, create_api, handler_arn, authorizer_arn,
                         EnableSimpleResponses=True)

    allowed = call(api_id, "GET", "/secret", headers=_as("allow-ann"))
    denied = call(api_id, "GET", "/secret", headers=_as("deny-bob"))

    assert allowed.status == 200
    context = allowed.json()["requestContext"]["authorizer"]["lambda"]
    assert context["user"] == "allow-ann"
    assert context["version"] == "2.0"
    assert context["type"] == "REQUEST"
    event = json.loads(context["event"])
    ApiGatewayAuthorizerRequestV2.model_validate(event)
    assert event["identitySource"] == ["allow-ann"]
    assert event["routeArn"] == (
        f"arn:aws:execute-api:us-east-1:000000000000:{api_id}/$default/GET/secret")
    assert denied.status == 403
    assert denied.json() == {"message": "Forbidden"}


def test_missing_identity_source_is_401_without_calling(apigw2: Any, create_api: Any,
                                                         call: Call, handler_arn: str,
                                                         authorizer_arn: str) -> None:
    api_id = _lambda_api(apigw2, create_api, handler_arn, authorizer_arn,
                         EnableSimpleResponses=True)

    answer = call(api_id, "GET", "/secret")

    assert answer.status == 401
    assert answer.json() == {"message": "Unauthorized"}


def test_iam_policy_response_with_payload_1_0(apigw2: Any, create_api: Any, call: Call,
                                              handler_arn: str, authorizer_arn: str) -> None:
    api_id = _lambda_api(apigw2, create_api, handler_arn, authorizer_arn,
                         AuthorizerPayloadFormatVersion="1.0")

    allowed = call(api_id, "GET", "/secret", headers=_as("allow-cy"))
    denied = call(api_id, "GET", "/secret", headers=_as("deny-dee"))

    assert allowed.status == 200
    context = allowed.json()["requestContext"]["authorizer"]["lambda"]
    assert context["version"] == "1.0"
    event = json.loads(context["event"])
    ApiGatewayAuthorizerRequest.model_validate(event)
    assert event["identitySource"] == "allow-cy"
    assert denied.status == 403


def test_answers_are_cached_by_identity_for_the_ttl(apigw2: Any, create_api: Any, call: Call,
                                                    handler_arn: str,
                                                    authorizer_arn: str) -> None:
    api_id = _lambda_api(apigw2, create_api, handler_arn, authorizer_arn,
                         EnableSimpleResponses=True, AuthorizerResultTtlInSeconds=300)

    def invocation(who: str) -> str:
        answer = call(api_id, "GET", "/secret", headers=_as(who))
        assert answer.status == 200
        return str(answer.json()["requestContext"]["authorizer"]["lambda"]["invocation"])

    first = invocation("allow-eve")
    assert invocation("allow-eve") == first
    assert invocation("allow-fay") != first
    apigw2.reset_authorizers_cache(ApiId=api_id, StageName="$default")
    assert invocation("allow-eve") != first


def test_failing_authorizer_is_500(apigw2: Any, create_api: Any, call: Call,
                                   handler_arn: str, authorizer_arn: str) -> None:
    api_id = _lambda_api(apigw2, create_api, handler_arn, authorizer_arn,
                         EnableSimpleResponses=True)

    answer = call(api_id, "GET", "/secret", headers=_as("crash"))

    assert answer.status == 500
    assert answer.json() == {"message": "Internal Server Error"}


def test_query_string_identity_source(apigw2: Any, create_api: Any, call: Call,
                                      handler_arn: str, authorizer_arn: str) -> None:
    api_id = _lambda_api(apigw2, create_api, handler_arn, authorizer_arn,
                         EnableSimpleResponses=True,
                         IdentitySource=["$request.querystring.key"])

    with_key = call(api_id, "GET", "/secret?key=k1", headers=_as("allow-gus"))
    without = call(api_id, "GET", "/secret", headers=_as("allow-gus"))

    assert with_key.status == 200
    event = json.loads(with_key.json()["requestContext"]["authorizer"]["lambda"]["event"])
    assert event["identitySource"] == ["k1"]
    assert without.status == 401
