"""What a signed-in (or signing-up) user does for itself, and the administrator's reset:
ForgotPassword, ConfirmForgotPassword, AdminResetUserPassword, ChangePassword,
UpdateUserAttributes, DeleteUser.

https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ForgotPassword.html
- ForgotPassword "sends" a code (logged, see ``users.py``) to the verified email; a user
  without one: InvalidParameterException. ConfirmForgotPassword with the code sets the new
  password (CodeMismatchException / ExpiredCodeException otherwise).
- AdminResetUserPassword makes the user RESET_REQUIRED (sign-in then answers
  PasswordResetRequiredException) and sends a code.
- ChangePassword needs the previous password (NotAuthorizedException otherwise).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.services.cognito_idp import passwords, users
from cloudlet.services.cognito_idp.clients import by_id, check_secret_hash
from cloudlet.services.cognito_idp.errors import (
    InvalidParameterException,
    NotAuthorizedException,
)
from cloudlet.services.cognito_idp.operations.users import use_code
from cloudlet.services.cognito_idp.registry import pool, service, store

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

_NO_ADDRESS = ("Cannot reset password for the user as there is no registered/verified email"
               " or phone_number")


def _reset(ctx: RequestContext, doc: dict[str, Any], user: dict[str, Any]) -> dict[str, str]:
    if user["attributes"].get("email_verified") != "true":
        raise InvalidParameterException(_NO_ADDRESS)
    details = users.send_code(ctx, doc, user, "forgot")
    users.save(ctx, doc, user)
    return details


@service.operation("ForgotPassword")
def forgot_password(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc, client = by_id(ctx, req["ClientId"])
    check_secret_hash(client, req["Username"], req.get("SecretHash"))
    user = users.get(ctx, doc, req["Username"])
    if not user["enabled"]:
        raise NotAuthorizedException("User is disabled.")
    return {"CodeDeliveryDetails": _reset(ctx, doc, user)}


@service.operation("ConfirmForgotPassword")
def confirm_forgot_password(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc, client = by_id(ctx, req["ClientId"])
    check_secret_hash(client, req["Username"], req.get("SecretHash"))
    user = users.get(ctx, doc, req["Username"])
    use_code(ctx, user, "forgot", req["ConfirmationCode"])
    passwords.check(doc, req["Password"])
    user["creds"] = passwords.credentials(doc["Id"], user["Username"], req["Password"])
    user["status"] = "CONFIRMED"
    users.save(ctx, doc, user)
    return {}


@service.operation("AdminResetUserPassword")
def admin_reset_user_password(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = pool(ctx, req["UserPoolId"])
    user = users.get(ctx, doc, req["Username"])
    user["status"] = "RESET_REQUIRED"
    _reset(ctx, doc, user)
    return {}


@service.operation("ChangePassword")
def change_password(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc, user = users.from_access_token(ctx, req["AccessToken"])
    if not passwords.matches(user.get("creds", {}), req.get("PreviousPassword") or ""):
        raise NotAuthorizedException()
    passwords.check(doc, req["ProposedPassword"])
    user["creds"] = passwords.credentials(doc["Id"], user["Username"], req["ProposedPassword"])
    users.save(ctx, doc, user)
    return {}


@service.operation("UpdateUserAttributes")
def update_user_attributes(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc, user = users.from_access_token(ctx, req["AccessToken"])
    for name, value in users.attribute_map(req["UserAttributes"]).items():
        if name == "sub":
            raise InvalidParameterException("Cannot modify the non-mutable attribute sub")
        user["attributes"][name] = value
        if name == "email":
            user["attributes"]["email_verified"] = "false"
    users.save(ctx, doc, user)
    return {"CodeDeliveryDetailsList": []}


@service.operation("DeleteUser")
def delete_user(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc, user = users.from_access_token(ctx, req["AccessToken"])
    store(ctx).delete("users", doc["Id"], user["Username"])
    store(ctx).revoke_refresh(doc["Id"], username=user["Username"])
    return {}
