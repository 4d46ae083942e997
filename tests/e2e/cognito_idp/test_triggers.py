"""Lambda triggers: PreSignUp and PreTokenGeneration.

https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-sign-up.html
https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jwt
import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.apigateway_support import session_function
from tests.e2e.cognito_idp.conftest import FLOWS, PASSWORD, password_login
from tests.server import RunningServer

PRE_SIGN_UP = """
    def handler(event, context):
        email = event["request"]["userAttributes"].get("email", "")
        if email.endswith("@blocked.example"):
            raise Exception("Email domain not allowed")
        assert event["triggerSource"] == "PreSignUp_SignUp"
        event["response"]["autoConfirmUser"] = True
        event["response"]["autoVerifyEmail"] = True
        return event
"""
PRE_TOKEN = """
    def handler(event, context):
        event["response"]["claimsOverrideDetails"] = {
            "claimsToAddOrOverride": {"tenant": "acme", "source": event["triggerSource"]},
            "claimsToSuppress": ["email"],
            "groupOverrideDetails": {"groupsToOverride": ["from-trigger"]},
        }
        return event
"""


@pytest.fixture(scope="module")
def functions(server: RunningServer) -> Iterator[dict[str, str]]:
    made = {}
    for name, source in (("PreSignUp", PRE_SIGN_UP), ("PreTokenGeneration", PRE_TOKEN)):
        made[name] = next(session_function(server, source, "cogt"))
    yield made
    lam = make_client(server, "lambda")
    for arn in made.values():
        lam.delete_function(FunctionName=arn)


@pytest.fixture
def trigger_pool(idp: Any, functions: dict[str, str]) -> Iterator[tuple[str, str]]:
    pool_id = idp.create_user_pool(PoolName="triggers", LambdaConfig=functions)["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="c",
                                            ExplicitAuthFlows=FLOWS)["UserPoolClient"]["ClientId"]
    yield pool_id, client_id
    idp.delete_user_pool(UserPoolId=pool_id)


def test_pre_sign_up_confirms_and_pre_token_generation_changes_claims(
        idp: Any, trigger_pool: tuple[str, str]) -> None:
    pool_id, client_id = trigger_pool
    out = idp.sign_up(ClientId=client_id, Username="tom", Password=PASSWORD,
                      UserAttributes=[{"Name": "email", "Value": "tom@example.com"}])

    assert out["UserConfirmed"] is True
    result = password_login(idp, client_id, "tom")["AuthenticationResult"]
    claims = jwt.decode(result["IdToken"], options={"verify_signature": False})
    access = jwt.decode(result["AccessToken"], options={"verify_signature": False})
    assert claims["tenant"] == "acme"
    assert claims["source"] == "TokenGeneration_Authentication"
    assert "email" not in claims
    assert claims["cognito:groups"] == ["from-trigger"]
    assert access["cognito:groups"] == ["from-trigger"]
    assert "tenant" not in access


def test_a_failing_pre_sign_up_refuses_the_sign_up(idp: Any,
                                                   trigger_pool: tuple[str, str]) -> None:
    pool_id, client_id = trigger_pool
    with pytest.raises(ClientError) as err:
        idp.sign_up(ClientId=client_id, Username="mallory", Password=PASSWORD,
                    UserAttributes=[{"Name": "email", "Value": "m@blocked.example"}])

    assert err.value.response["Error"]["Code"] == "UserLambdaValidationException"
    assert err.value.response["Error"]["Message"] == \
        "PreSignUp failed with error Email domain not allowed."
    with pytest.raises(ClientError):
        idp.admin_get_user(UserPoolId=pool_id, Username="mallory")
