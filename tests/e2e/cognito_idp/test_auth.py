"""Signing in and the tokens Cognito issues.

https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable
from typing import Any

import jwt
import pytest
from botocore.exceptions import ClientError
from pycognito import Cognito

from tests.e2e.cognito_idp.conftest import FLOWS, PASSWORD, password_login
from tests.server import RunningServer

ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/{}"


def _error(err: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return err.value.response["Error"]["Code"], err.value.response["Error"]["Message"]


def _verify(server: RunningServer, pool_id: str, token: str, **kwargs: Any) -> dict[str, Any]:
    keys = jwt.PyJWKClient(f"{server.url}/{pool_id}/.well-known/jwks.json")
    claims: dict[str, Any] = jwt.decode(
        token, keys.get_signing_key_from_jwt(token).key, algorithms=["RS256"],
        issuer=ISSUER.format(pool_id), **kwargs)
    return claims


def test_password_sign_in_issues_tokens_that_verify_against_the_jwks(
        server: RunningServer, idp: Any, pool_id: str, client_id: str,
        confirmed_user: Callable[..., str]) -> None:
    confirmed_user("alice", "alice@example.com")
    idp.create_group(UserPoolId=pool_id, GroupName="admins")
    idp.admin_add_user_to_group(UserPoolId=pool_id, Username="alice", GroupName="admins")

    result = password_login(idp, client_id, "alice")["AuthenticationResult"]

    id_claims = _verify(server, pool_id, result["IdToken"], audience=client_id)
    assert id_claims["token_use"] == "id"
    assert id_claims["cognito:username"] == "alice"
    assert id_claims["email"] == "alice@example.com"
    assert id_claims["email_verified"] is True
    assert id_claims["cognito:groups"] == ["admins"]
    assert id_claims["exp"] - id_claims["iat"] == 3600
    for claim in ("sub", "auth_time", "jti", "origin_jti", "event_id"):
        assert claim in id_claims
    access = _verify(server, pool_id, result["AccessToken"])
    assert access["token_use"] == "access"
    assert access["client_id"] == client_id
    assert access["username"] == "alice"
    assert access["scope"] == "aws.cognito.signin.user.admin"
    assert access["cognito:groups"] == ["admins"]
    assert access["sub"] == id_claims["sub"]
    assert jwt.get_unverified_header(result["IdToken"])["kid"]
    config = jwt.PyJWKClient(f"{server.url}/{pool_id}/.well-known/jwks.json").fetch_data()
    assert config["keys"][0]["alg"] == "RS256"


def test_wrong_password_and_unknown_user(idp: Any, pool_id: str, client_id: str,
                                         confirmed_user: Callable[..., str]) -> None:
    confirmed_user("bob", "bob@example.com")
    hiding = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="hiding", ExplicitAuthFlows=FLOWS,
        PreventUserExistenceErrors="ENABLED")["UserPoolClient"]["ClientId"]

    with pytest.raises(ClientError) as wrong:
        password_login(idp, client_id, "bob", "Wr0ng!pass")
    with pytest.raises(ClientError) as unknown:
        password_login(idp, client_id, "nobody")
    with pytest.raises(ClientError) as hidden:
        password_login(idp, hiding, "nobody")

    assert _error(wrong) == ("NotAuthorizedException", "Incorrect username or password.")
    assert _error(unknown) == ("UserNotFoundException", "User does not exist.")
    assert _error(hidden) == ("NotAuthorizedException", "Incorrect username or password.")


def test_a_flow_the_client_does_not_allow_is_refused(idp: Any, pool_id: str) -> None:
    client_id = idp.create_user_pool_client(UserPoolId=pool_id,
                                            ClientName="srp-only")["UserPoolClient"]["ClientId"]
    with pytest.raises(ClientError) as err:
        password_login(idp, client_id, "x")
    assert _error(err) == ("InvalidParameterException",
                           "USER_PASSWORD_AUTH flow not enabled for this client")


def test_admin_created_user_must_set_a_new_password(idp: Any, pool_id: str,
                                                    client_id: str) -> None:
    idp.admin_create_user(UserPoolId=pool_id, Username="carl", TemporaryPassword="Temp0rary!",
                          MessageAction="SUPPRESS")
    first = idp.admin_initiate_auth(
        UserPoolId=pool_id, ClientId=client_id, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "carl", "PASSWORD": "Temp0rary!"})
    assert first["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert idp.admin_get_user(UserPoolId=pool_id,
                              Username="carl")["UserStatus"] == "FORCE_CHANGE_PASSWORD"

    with pytest.raises(ClientError) as err:
        idp.respond_to_auth_challenge(ClientId=client_id, ChallengeName="NEW_PASSWORD_REQUIRED",
                                      Session="not-a-session" * 3,
                                      ChallengeResponses={"USERNAME": "carl",
                                                          "NEW_PASSWORD": PASSWORD})
    assert _error(err) == ("NotAuthorizedException", "Invalid session for the user.")
    done = idp.respond_to_auth_challenge(
        ClientId=client_id, ChallengeName="NEW_PASSWORD_REQUIRED", Session=first["Session"],
        ChallengeResponses={"USERNAME": "carl", "NEW_PASSWORD": PASSWORD})

    assert done["AuthenticationResult"]["IdToken"]
    assert idp.admin_get_user(UserPoolId=pool_id, Username="carl")["UserStatus"] == "CONFIRMED"
    assert password_login(idp, client_id, "carl")["AuthenticationResult"]


def test_refresh_get_user_and_global_sign_out(idp: Any, client_id: str,
                                              confirmed_user: Callable[..., str]) -> None:
    confirmed_user("dora", "dora@example.com")
    result = password_login(idp, client_id, "dora")["AuthenticationResult"]

    again = idp.initiate_auth(ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                              AuthParameters={"REFRESH_TOKEN": result["RefreshToken"]})
    me = idp.get_user(AccessToken=again["AuthenticationResult"]["AccessToken"])

    assert "RefreshToken" not in again["AuthenticationResult"]
    assert me["Username"] == "dora"
    assert {"Name": "email", "Value": "dora@example.com"} in me["UserAttributes"]
    idp.global_sign_out(AccessToken=result["AccessToken"])
    with pytest.raises(ClientError) as err:
        idp.get_user(AccessToken=result["AccessToken"])
    assert _error(err) == ("NotAuthorizedException", "Access Token has been revoked")
    with pytest.raises(ClientError) as err:
        idp.initiate_auth(ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                          AuthParameters={"REFRESH_TOKEN": result["RefreshToken"]})
    assert _error(err) == ("NotAuthorizedException", "Invalid Refresh Token")


def test_a_client_with_a_secret_needs_secret_hash(idp: Any, pool_id: str,
                                                  confirmed_user: Callable[..., str]) -> None:
    confirmed_user("eve", "eve@example.com")
    client = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="s", GenerateSecret=True,
                                         ExplicitAuthFlows=FLOWS)["UserPoolClient"]
    cid = client["ClientId"]
    digest = hmac.new(client["ClientSecret"].encode(), f"eve{cid}".encode(), hashlib.sha256)

    with pytest.raises(ClientError) as err:
        password_login(idp, cid, "eve")
    ok = idp.initiate_auth(ClientId=cid, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={
        "USERNAME": "eve", "PASSWORD": PASSWORD,
        "SECRET_HASH": base64.b64encode(digest.digest()).decode()})

    assert _error(err) == ("NotAuthorizedException",
                           f"Client {cid} is configured with secret but SECRET_HASH was not"
                           " received")
    assert ok["AuthenticationResult"]["AccessToken"]


def test_pycognito_signs_in_with_srp(server: RunningServer, idp: Any, pool_id: str,
                                     client_id: str,
                                     confirmed_user: Callable[..., str]) -> None:
    """pycognito's USER_SRP_AUTH (PASSWORD_VERIFIER) against cloudlet. Its client is
    replaced by one pointed at cloudlet (with ``endpoint_url`` pycognito would expect the
    issuer to be that URL), and it is handed the pool's JWKS from cloudlet."""
    confirmed_user("fay", "fay@example.com")
    user = Cognito(pool_id, client_id, username="fay")
    user.client = idp
    user.pool_jwk = jwt.PyJWKClient(f"{server.url}/{pool_id}/.well-known/jwks.json").fetch_data()

    user.authenticate(password=PASSWORD)

    assert user.id_claims["cognito:username"] == "fay"
    assert user.access_claims["token_use"] == "access"
    with pytest.raises(ClientError) as err:
        bad = Cognito(pool_id, client_id, username="fay")
        bad.client = idp
        bad.authenticate(password="Wr0ng!pass")
    assert _error(err) == ("NotAuthorizedException", "Incorrect username or password.")
