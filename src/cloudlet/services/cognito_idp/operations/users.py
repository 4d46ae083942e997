"""Sign-up and the administrators' user operations.

https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignUp.html
- SignUp makes an UNCONFIRMED user (its UserSub a UUID) and "sends" a code (logged, see
  ``users.py``); ConfirmSignUp with that code confirms it (CodeMismatchException otherwise),
  AdminConfirmSignUp without one. AutoVerifiedAttributes [email] marks the email verified
  on confirmation. PreSignUp and PostConfirmation triggers run (``triggers.py``).
- AdminCreateUser makes a FORCE_CHANGE_PASSWORD user with TemporaryPassword (or a random
  one, logged); MessageAction SUPPRESS sends nothing, RESEND is not supported.
- ListUsers' Filter is ``attr = "value"`` or ``attr ^= "value"`` on username, email,
  phone_number, name, given_name, family_name, preferred_username, cognito:user_status,
  status and sub.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from cloudlet.server.paging import offset_page
from cloudlet.services.cognito_idp import passwords, triggers, users
from cloudlet.services.cognito_idp.clients import by_id, check_secret_hash
from cloudlet.services.cognito_idp.errors import (
    CodeMismatchException,
    ExpiredCodeException,
    InvalidParameterException,
    NotAuthorizedException,
    UsernameExistsException,
)
from cloudlet.services.cognito_idp.registry import pool, service, store

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

log = logging.getLogger("cloudlet")
_FILTER = re.compile(r'\s*([\w:]+)\s*(\^?=)\s*"([^"]*)"\s*')


def _check_username(doc: dict[str, Any], username: str) -> None:
    if "email" in (doc.get("UsernameAttributes") or []) and "@" not in username:
        raise InvalidParameterException("Username should be an email.")


def _verify_on_confirm(doc: dict[str, Any], user: dict[str, Any]) -> None:
    if "email" in (doc.get("AutoVerifiedAttributes") or []) and "email" in user["attributes"]:
        user["attributes"]["email_verified"] = "true"


@service.operation("SignUp")
async def sign_up(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc, client = by_id(ctx, req["ClientId"])
    check_secret_hash(client, req["Username"], req.get("SecretHash"))
    _check_username(doc, req["Username"])
    if users.find(ctx, doc, req["Username"]) is not None:
        raise UsernameExistsException()
    passwords.check(doc, req["Password"])
    attrs = users.attribute_map(req.get("UserAttributes"))
    if "email" in (doc.get("UsernameAttributes") or []):
        attrs.setdefault("email", req["Username"])
    user = users.new_user(doc, req["Username"], attrs, ctx.state.clock.now(), "UNCONFIRMED")
    user["creds"] = passwords.credentials(doc["Id"], user["Username"], req["Password"])
    answer = await triggers.run(
        ctx, doc, "PreSignUp", "PreSignUp_SignUp", user, client["ClientId"],
        {"validationData": users.attribute_map(req.get("ValidationData")) or None,
         "clientMetadata": req.get("ClientMetadata") or {}},
        {"autoConfirmUser": False, "autoVerifyEmail": False, "autoVerifyPhone": False}) or {}
    if answer.get("autoVerifyEmail") and "email" in user["attributes"]:
        user["attributes"]["email_verified"] = "true"
    if answer.get("autoVerifyPhone") and "phone_number" in user["attributes"]:
        user["attributes"]["phone_number_verified"] = "true"
    if answer.get("autoConfirmUser"):
        user["status"] = "CONFIRMED"
        users.save(ctx, doc, user)
        await _post_confirmation(ctx, doc, user, client["ClientId"])
        return {"UserConfirmed": True, "UserSub": user["sub"]}
    details = users.send_code(ctx, doc, user, "signup")
    users.save(ctx, doc, user)
    return {"UserConfirmed": False, "UserSub": user["sub"], "CodeDeliveryDetails": details}


async def _post_confirmation(ctx: RequestContext, doc: dict[str, Any], user: dict[str, Any],
                             client_id: str | None) -> None:
    await triggers.run(ctx, doc, "PostConfirmation", "PostConfirmation_ConfirmSignUp", user,
                       client_id)


def use_code(ctx: RequestContext, user: dict[str, Any], purpose: str, code: str) -> None:
    found = user.get("codes", {}).get(purpose)
    if found is None or found["code"] != code:
        raise CodeMismatchException()
    if found["expires"] <= ctx.state.clock.now():
        raise ExpiredCodeException()
    del user["codes"][purpose]


@service.operation("ConfirmSignUp")
async def confirm_sign_up(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc, client = by_id(ctx, req["ClientId"])
    check_secret_hash(client, req["Username"], req.get("SecretHash"))
    user = users.get(ctx, doc, req["Username"])
    if user["status"] != "UNCONFIRMED":
        raise NotAuthorizedException(
            f"User cannot be confirmed. Current status is {user['status']}")
    use_code(ctx, user, "signup", req["ConfirmationCode"])
    user["status"] = "CONFIRMED"
    _verify_on_confirm(doc, user)
    users.save(ctx, doc, user)
    await _post_confirmation(ctx, doc, user, client["ClientId"])
    return {}


@service.operation("AdminConfirmSignUp")
async def admin_confirm_sign_up(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = pool(ctx, req["UserPoolId"])
    user = users.get(ctx, doc, req["Username"])
    if user["status"] != "UNCONFIRMED":
        raise NotAuthorizedException(
            f"User cannot be confirmed. Current status is {user['status']}")
    user["status"] = "CONFIRMED"
    user.get("codes", {}).pop("signup", None)
    _verify_on_confirm(doc, user)
    users.save(ctx, doc, user)
    await _post_confirmation(ctx, doc, user, None)
    return {}


@service.operation("AdminCreateUser")
def admin_create_user(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = pool(ctx, req["UserPoolId"])
    _check_username(doc, req["Username"])
    action = req.get("MessageAction")
    if action == "RESEND":
        raise InvalidParameterException("not supported: MessageAction RESEND")
    if users.find(ctx, doc, req["Username"]) is not None:
        raise UsernameExistsException("User account already exists")
    temporary = req.get("TemporaryPassword")
    if temporary:
        passwords.check(doc, temporary)
    else:
        temporary = passwords.temporary_password(doc)
    attrs = users.attribute_map(req.get("UserAttributes"))
    if "email" in (doc.get("UsernameAttributes") or []):
        attrs.setdefault("email", req["Username"])
    user = users.new_user(doc, req["Username"], attrs, ctx.state.clock.now(),
                          "FORCE_CHANGE_PASSWORD")
    user["creds"] = passwords.credentials(doc["Id"], user["Username"], temporary)
    if action != "SUPPRESS":
        log.info("cognito-idp: temporary password for user %s in pool %s: %s",
                 user["Username"], doc["Id"], temporary)
    users.save(ctx, doc, user)
    view = users.user_view(user)
    view["MFAOptions"] = []
    return {"User": view}


@service.operation("AdminSetUserPassword")
def admin_set_user_password(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = pool(ctx, req["UserPoolId"])
    user = users.get(ctx, doc, req["Username"])
    passwords.check(doc, req["Password"])
    user["creds"] = passwords.credentials(doc["Id"], user["Username"], req["Password"])
    user["status"] = "CONFIRMED" if req.get("Permanent") else "FORCE_CHANGE_PASSWORD"
    users.save(ctx, doc, user)
    return {}


@service.operation("AdminGetUser")
def admin_get_user(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = pool(ctx, req["UserPoolId"])
    return users.user_view(users.get(ctx, doc, req["Username"]), "UserAttributes")


@service.operation("AdminDeleteUser")
def admin_delete_user(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = pool(ctx, req["UserPoolId"])
    user = users.get(ctx, doc, req["Username"])
    store(ctx).delete("users", doc["Id"], user["Username"])
    store(ctx).revoke_refresh(doc["Id"], username=user["Username"])
    return {}


@service.operation("AdminUpdateUserAttributes")
def admin_update_user_attributes(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = pool(ctx, req["UserPoolId"])
    user = users.get(ctx, doc, req["Username"])
    for name, value in users.attribute_map(req["UserAttributes"]).items():
        if name == "sub":
            raise InvalidParameterException("Cannot modify the non-mutable attribute sub")
        user["attributes"][name] = value
    users.save(ctx, doc, user)
    return {}


def _set_enabled(ctx: RequestContext, req: dict[str, Any], enabled: bool) -> dict[str, Any]:
    doc = pool(ctx, req["UserPoolId"])
    user = users.get(ctx, doc, req["Username"])
    user["enabled"] = enabled
    users.save(ctx, doc, user)
    return {}


@service.operation("AdminDisableUser")
def admin_disable_user(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _set_enabled(ctx, req, False)


@service.operation("AdminEnableUser")
def admin_enable_user(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _set_enabled(ctx, req, True)


def _filter_value(user: dict[str, Any], name: str) -> str:
    if name == "username":
        return str(user["Username"])
    if name in ("cognito:user_status", "status"):
        return str(user["status"]) if name != "status" else (
            "Enabled" if user["enabled"] else "Disabled")
    return str(user["attributes"].get(name, ""))


@service.operation("ListUsers")
def list_users(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = pool(ctx, req["UserPoolId"])
    found = store(ctx).all("users", doc["Id"])
    if req.get("Filter"):
        matched = _FILTER.fullmatch(req["Filter"])
        if matched is None:
            raise InvalidParameterException("Error while parsing filter.")
        name, op, value = matched.groups()
        found = [u for u in found
                 if (_filter_value(u, name) == value if op == "="
                     else _filter_value(u, name).startswith(value))]
    page, nxt = offset_page(found, int(req.get("PaginationToken") or 0),
                            int(req.get("Limit") or 60))
    wanted = req.get("AttributesToGet")
    out: dict[str, Any] = {"Users": []}
    for user in page:
        view = users.user_view(user)
        if wanted is not None:
            view["Attributes"] = [a for a in view["Attributes"] if a["Name"] in wanted]
        out["Users"].append(view)
    if nxt is not None:
        out["PaginationToken"] = str(nxt)
    return out
