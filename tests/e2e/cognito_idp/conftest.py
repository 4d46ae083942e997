"""Fixtures for the Cognito user pool tests: a client, fresh pools and app clients, and
the codes cloudlet writes to the server log instead of emailing them."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.conftest import make_client
from tests.server import RunningServer

PASSWORD = "Passw0rd!"
FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH",
         "ALLOW_REFRESH_TOKEN_AUTH"]


@pytest.fixture(scope="session")
def idp(server: RunningServer) -> Any:
    return make_client(server, "cognito-idp")


@pytest.fixture
def pool_id(idp: Any) -> Iterator[str]:
    out = idp.create_user_pool(PoolName=f"p{uuid.uuid4().hex[:8]}",
                               AutoVerifiedAttributes=["email"])
    yield str(out["UserPool"]["Id"])
    idp.delete_user_pool(UserPoolId=out["UserPool"]["Id"])


@pytest.fixture
def client_id(idp: Any, pool_id: str) -> str:
    out = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app",
                                      ExplicitAuthFlows=FLOWS)
    return str(out["UserPoolClient"]["ClientId"])


def logged_code(server: RunningServer, pool_id: str, username: str) -> str:
    """The last code the server logged for ``username`` in ``pool_id``."""
    found = re.findall(rf"code for user {re.escape(username)} in pool {pool_id}: (\d{{6}})",
                       server.output())
    assert found, "no code logged"
    return str(found[-1])


@pytest.fixture
def confirmed_user(idp: Any, pool_id: str, client_id: str) -> Callable[..., str]:
    """Make a confirmed user with PASSWORD (AdminCreateUser + a permanent password)."""

    def make(name: str = "alice", email: str = "alice@example.com") -> str:
        idp.admin_create_user(UserPoolId=pool_id, Username=name, MessageAction="SUPPRESS",
                              UserAttributes=[{"Name": "email", "Value": email},
                                              {"Name": "email_verified", "Value": "true"}])
        idp.admin_set_user_password(UserPoolId=pool_id, Username=name, Password=PASSWORD,
                                    Permanent=True)
        return name

    return make


def password_login(idp: Any, client_id: str, name: str, password: str = PASSWORD) -> Any:
    return idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": name, "PASSWORD": password})
