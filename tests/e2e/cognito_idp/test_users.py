"""Sign-up, confirmation and the administrators' user operations.

https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignUp.html
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.cognito_idp.conftest import PASSWORD, logged_code, password_login
from tests.server import RunningServer


def _error(err: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return err.value.response["Error"]["Code"], err.value.response["Error"]["Message"]


def test_sign_up_then_confirm_with_the_logged_code_then_sign_in(
        server: RunningServer, idp: Any, pool_id: str, client_id: str) -> None:
    out = idp.sign_up(ClientId=client_id, Username="bob", Password=PASSWORD,
                      UserAttributes=[{"Name": "email", "Value": "bob@example.com"}])
    assert out["UserConfirmed"] is False
    uuid.UUID(out["UserSub"])
    assert out["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"
    assert idp.admin_get_user(UserPoolId=pool_id, Username="bob")["UserStatus"] == "UNCONFIRMED"

    with pytest.raises(ClientError) as err:
        password_login(idp, client_id, "bob")
    assert _error(err) == ("UserNotConfirmedException", "User is not confirmed.")
    with pytest.raises(ClientError) as err:
        idp.confirm_sign_up(ClientId=client_id, Username="bob", ConfirmationCode="x")
    assert err.value.response["Error"]["Code"] == "CodeMismatchException"

    idp.confirm_sign_up(ClientId=client_id, Username="bob",
                        ConfirmationCode=logged_code(server, pool_id, "bob"))

    user = idp.admin_get_user(UserPoolId=pool_id, Username="bob")
    attrs = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert user["UserStatus"] == "CONFIRMED"
    assert attrs["email_verified"] == "true"
    assert attrs["sub"] == out["UserSub"]
    result = password_login(idp, client_id, "bob")["AuthenticationResult"]
    assert result["TokenType"] == "Bearer"
    assert result["ExpiresIn"] == 3600


def test_sign_up_twice_is_username_exists(idp: Any, client_id: str) -> None:
    idp.sign_up(ClientId=client_id, Username="carol", Password=PASSWORD)
    with pytest.raises(ClientError) as err:
        idp.sign_up(ClientId=client_id, Username="carol", Password=PASSWORD)
    assert _error(err) == ("UsernameExistsException", "User already exists")


@pytest.mark.parametrize(("password", "rule"), [
    ("Sh0rt!", "Password not long enough"),
    ("lowercase1!", "Password must have uppercase characters"),
    ("UPPERCASE1!", "Password must have lowercase characters"),
    ("NoNumbers!!", "Password must have numeric characters"),
    ("NoSymbols11", "Password must have symbol characters"),
])
def test_the_password_policy_is_enforced(idp: Any, client_id: str, password: str,
                                         rule: str) -> None:
    with pytest.raises(ClientError) as err:
        idp.sign_up(ClientId=client_id, Username="dave", Password=password)
    assert _error(err) == ("InvalidPasswordException",
                           f"Password did not conform with policy: {rule}")


def test_admin_confirm_and_disable_and_delete(idp: Any, pool_id: str, client_id: str) -> None:
    idp.sign_up(ClientId=client_id, Username="erin", Password=PASSWORD)
    idp.admin_confirm_sign_up(UserPoolId=pool_id, Username="erin")
    idp.admin_disable_user(UserPoolId=pool_id, Username="erin")
    with pytest.raises(ClientError) as err:
        password_login(idp, client_id, "erin")
    assert _error(err) == ("NotAuthorizedException", "User is disabled.")
    idp.admin_enable_user(UserPoolId=pool_id, Username="erin")
    assert password_login(idp, client_id, "erin")["AuthenticationResult"]["IdToken"]
    idp.admin_delete_user(UserPoolId=pool_id, Username="erin")
    with pytest.raises(ClientError) as err:
        idp.admin_get_user(UserPoolId=pool_id, Username="erin")
    assert _error(err) == ("UserNotFoundException", "User does not exist.")


def test_email_as_username_gets_a_generated_username(idp: Any) -> None:
    pool_id = idp.create_user_pool(PoolName="byemail",
                                   UsernameAttributes=["email"])["UserPool"]["Id"]
    try:
        client_id = idp.create_user_pool_client(
            UserPoolId=pool_id, ClientName="c",
            ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"])["UserPoolClient"]["ClientId"]
        out = idp.sign_up(ClientId=client_id, Username="frank@example.com", Password=PASSWORD)
        idp.admin_confirm_sign_up(UserPoolId=pool_id, Username="frank@example.com")
        user = idp.admin_get_user(UserPoolId=pool_id, Username="frank@example.com")
        assert user["Username"] == out["UserSub"]
        assert password_login(idp, client_id, "frank@example.com")["AuthenticationResult"]
    finally:
        idp.delete_user_pool(UserPoolId=pool_id)


def test_list_users_filters_and_pages(idp: Any, pool_id: str,
                                      confirmed_user: Callable[..., str]) -> None:
    for name in ("ann", "andy", "zed"):
        confirmed_user(name, f"{name}@example.com")

    by_email = idp.list_users(UserPoolId=pool_id, Filter='email = "zed@example.com"')["Users"]
    by_prefix = idp.list_users(UserPoolId=pool_id, Filter='username ^= "an"')["Users"]
    first = idp.list_users(UserPoolId=pool_id, Limit=2)

    assert [u["Username"] for u in by_email] == ["zed"]
    assert sorted(u["Username"] for u in by_prefix) == ["andy", "ann"]
    assert len(first["Users"]) == 2
    rest = idp.list_users(UserPoolId=pool_id, Limit=2, PaginationToken=first["PaginationToken"])
    assert len(rest["Users"]) == 1 and "PaginationToken" not in rest


def test_admin_update_user_attributes(idp: Any, pool_id: str,
                                      confirmed_user: Callable[..., str]) -> None:
    confirmed_user("gina", "gina@example.com")
    idp.admin_update_user_attributes(UserPoolId=pool_id, Username="gina",
                                     UserAttributes=[{"Name": "name", "Value": "Gina"}])
    attrs = {a["Name"]: a["Value"] for a in
             idp.admin_get_user(UserPoolId=pool_id, Username="gina")["UserAttributes"]}
    assert attrs["name"] == "Gina"


def test_groups_and_membership(idp: Any, pool_id: str,
                               confirmed_user: Callable[..., str]) -> None:
    confirmed_user("hal", "hal@example.com")
    idp.create_group(UserPoolId=pool_id, GroupName="admins", Precedence=1)
    with pytest.raises(ClientError) as err:
        idp.create_group(UserPoolId=pool_id, GroupName="admins")
    assert _error(err) == ("GroupExistsException", "A group with the name admins already exists.")
    idp.admin_add_user_to_group(UserPoolId=pool_id, Username="hal", GroupName="admins")

    assert [g["GroupName"] for g in idp.list_groups(UserPoolId=pool_id)["Groups"]] == ["admins"]
    assert idp.get_group(UserPoolId=pool_id, GroupName="admins")["Group"]["Precedence"] == 1
    assert [g["GroupName"] for g in idp.admin_list_groups_for_user(
        UserPoolId=pool_id, Username="hal")["Groups"]] == ["admins"]
    assert [u["Username"] for u in idp.list_users_in_group(
        UserPoolId=pool_id, GroupName="admins")["Users"]] == ["hal"]
    idp.admin_remove_user_from_group(UserPoolId=pool_id, Username="hal", GroupName="admins")
    assert idp.list_users_in_group(UserPoolId=pool_id, GroupName="admins")["Users"] == []
    idp.delete_group(UserPoolId=pool_id, GroupName="admins")
    with pytest.raises(ClientError) as err:
        idp.get_group(UserPoolId=pool_id, GroupName="admins")
    assert _error(err) == ("ResourceNotFoundException", "Group not found.")
