"""Forgotten and changed passwords, and what a signed-in user does for itself.

https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ForgotPassword.html
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.cognito_idp.conftest import PASSWORD, logged_code, password_login
from tests.server import RunningServer

NEW = "N3w-Passw0rd!"


def test_forgot_password_then_confirm_with_the_logged_code(
        server: RunningServer, idp: Any, pool_id: str, client_id: str,
        confirmed_user: Callable[..., str]) -> None:
    confirmed_user("ivy", "ivy@example.com")

    out = idp.forgot_password(ClientId=client_id, Username="ivy")
    with pytest.raises(ClientError) as err:
        idp.confirm_forgot_password(ClientId=client_id, Username="ivy",
                                    ConfirmationCode="000000x", Password=NEW)
    idp.confirm_forgot_password(ClientId=client_id, Username="ivy", Password=NEW,
                                ConfirmationCode=logged_code(server, pool_id, "ivy"))

    assert out["CodeDeliveryDetails"]["AttributeName"] == "email"
    assert err.value.response["Error"]["Code"] == "CodeMismatchException"
    assert password_login(idp, client_id, "ivy", NEW)["AuthenticationResult"]


def test_admin_reset_requires_a_new_password(server: RunningServer, idp: Any, pool_id: str,
                                             client_id: str,
                                             confirmed_user: Callable[..., str]) -> None:
    confirmed_user("jay", "jay@example.com")
    idp.admin_reset_user_password(UserPoolId=pool_id, Username="jay")

    with pytest.raises(ClientError) as err:
        password_login(idp, client_id, "jay")

    assert err.value.response["Error"]["Code"] == "PasswordResetRequiredException"
    idp.confirm_forgot_password(ClientId=client_id, Username="jay", Password=NEW,
                                ConfirmationCode=logged_code(server, pool_id, "jay"))
    assert password_login(idp, client_id, "jay", NEW)["AuthenticationResult"]


def test_change_password_update_attributes_and_delete_self(
        idp: Any, pool_id: str, client_id: str, confirmed_user: Callable[..., str]) -> None:
    confirmed_user("kim", "kim@example.com")
    token = password_login(idp, client_id, "kim")["AuthenticationResult"]["AccessToken"]

    with pytest.raises(ClientError) as err:
        idp.change_password(AccessToken=token, PreviousPassword="Wr0ng!pass",
                            ProposedPassword=NEW)
    assert err.value.response["Error"]["Code"] == "NotAuthorizedException"
    idp.change_password(AccessToken=token, PreviousPassword=PASSWORD, ProposedPassword=NEW)
    idp.update_user_attributes(AccessToken=token,
                               UserAttributes=[{"Name": "name", "Value": "Kim"}])

    assert {"Name": "name", "Value": "Kim"} in idp.get_user(AccessToken=token)["UserAttributes"]
    assert password_login(idp, client_id, "kim", NEW)["AuthenticationResult"]
    idp.delete_user(AccessToken=token)
    with pytest.raises(ClientError) as err:
        idp.admin_get_user(UserPoolId=pool_id, Username="kim")
    assert err.value.response["Error"]["Code"] == "UserNotFoundException"
