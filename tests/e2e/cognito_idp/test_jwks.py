"""The pools' JWKS and OpenID configuration on the edge port, and the redirect of their
issuers surviving a restart.

https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from tests.conftest import make_client
from tests.e2e.cognito_idp.conftest import FLOWS, PASSWORD, password_login
from tests.server import RunningServer


def _get(server: RunningServer, path: str, host: str | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(server.url + path, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as error:
        error.close()
        return error.code, None


def test_openid_configuration_and_the_host_form(server: RunningServer, pool_id: str) -> None:
    status, config = _get(server, f"/{pool_id}/.well-known/openid-configuration")
    host_status, keys = _get(server, f"/{pool_id}/.well-known/jwks.json",
                             host="cognito-idp.us-east-1.localhost")

    assert status == 200
    issuer = f"https://cognito-idp.us-east-1.amazonaws.com/{pool_id}"
    assert config["issuer"] == issuer
    assert config["jwks_uri"] == f"{issuer}/.well-known/jwks.json"
    assert host_status == 200
    assert keys["keys"][0]["kty"] == "RSA" and keys["keys"][0]["use"] == "sig"


def test_an_unknown_pool_has_no_jwks(server: RunningServer) -> None:
    status, _ = _get(server, "/us-east-1_NoSuchPool/.well-known/jwks.json")
    assert status == 404


@pytest.fixture
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Any:
    running = RunningServer(tmp_path_factory.mktemp("cognito-restart") / "data").start()
    yield running
    running.stop()


def test_tokens_of_existing_pools_verify_after_a_restart(own_server: RunningServer) -> None:
    idp = make_client(own_server, "cognito-idp")
    pool_id = idp.create_user_pool(PoolName="kept")["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="c",
                                            ExplicitAuthFlows=FLOWS)["UserPoolClient"]["ClientId"]
    idp.admin_create_user(UserPoolId=pool_id, Username="ann", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool_id, Username="ann", Password=PASSWORD,
                                Permanent=True)
    provider = f"cognito-idp.us-east-1.amazonaws.com/{pool_id}"
    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
        "Principal": {"Federated": f"arn:aws:iam::000000000000:oidc-provider/{provider}"}}]}
    role = make_client(own_server, "iam").create_role(
        RoleName="web", AssumeRolePolicyDocument=json.dumps(trust))["Role"]

    own_server.stop()
    own_server.start()

    token = password_login(make_client(own_server, "cognito-idp"), client_id,
                           "ann")["AuthenticationResult"]["IdToken"]
    out = make_client(own_server, "sts").assume_role_with_web_identity(
        RoleArn=role["Arn"], RoleSessionName="after-restart", WebIdentityToken=token)
    assert out["Audience"] == client_id
