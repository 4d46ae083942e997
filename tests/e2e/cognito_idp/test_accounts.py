"""Cognito with ``--auth on`` and several accounts: the admin calls are signed by the pool's
account; the calls made without credentials (InitiateAuth, GetUser) find the pool from the
app client id or the token alone, in whichever account and region own it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.e2e.auth.conftest import create_accounts
from tests.e2e.cognito_idp.conftest import PASSWORD
from tests.server import RunningServer, serving


@pytest.fixture(scope="module")
def signed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    yield from serving(tmp_path_factory, "cognito-auth", "--auth", "on")


def idp_of(server: RunningServer, account: dict[str, str] | None, region: str) -> Any:
    keys: dict[str, Any] = ({"aws_access_key_id": account["access_key_id"],
                             "aws_secret_access_key": account["secret_access_key"]}
                            if account else {})
    config = Config(retries={"max_attempts": 1},
                    **({} if account else {"signature_version": UNSIGNED}))
    return boto3.client("cognito-idp", endpoint_url=server.url, region_name=region,
                        config=config, **keys)


def test_unsigned_sign_in_finds_the_pool_of_another_account_and_region(
        signed_server: RunningServer) -> None:
    owner, other = create_accounts(signed_server.data_dir, "idp", "--count", "2")
    admin = idp_of(signed_server, owner, "eu-west-1")
    pool = admin.create_user_pool(PoolName="players")["UserPool"]
    assert pool["Id"].startswith("eu-west-1_")
    assert pool["Arn"].split(":")[4] == owner["account_id"]
    client_id = admin.create_user_pool_client(
        UserPoolId=pool["Id"], ClientName="web",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    admin.admin_create_user(UserPoolId=pool["Id"], Username="ann", MessageAction="SUPPRESS")
    admin.admin_set_user_password(UserPoolId=pool["Id"], Username="ann", Password=PASSWORD,
                                  Permanent=True)

    anonymous = idp_of(signed_server, None, "us-east-1")
    tokens = anonymous.initiate_auth(
        ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "ann", "PASSWORD": PASSWORD})["AuthenticationResult"]
    user = anonymous.get_user(AccessToken=tokens["AccessToken"])
    assert user["Username"] == "ann"

    # another account's admin does not see the pool
    with pytest.raises(ClientError) as err:
        idp_of(signed_server, other, "eu-west-1").describe_user_pool(UserPoolId=pool["Id"])
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
    # and an unsigned admin call is refused
    with pytest.raises(ClientError) as err:
        anonymous.list_user_pools(MaxResults=10)
    assert err.value.response["Error"]["Code"] == "MissingAuthenticationTokenException"
