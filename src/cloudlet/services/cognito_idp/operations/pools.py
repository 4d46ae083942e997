"""User pools and app clients: Create/Describe/List/Update/DeleteUserPool(Client).

https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPool.html
- A pool id is ``{region}_{9 letters and digits}``, its ARN
  ``arn:aws:cognito-idp:{region}:{account}:userpool/{id}``. Every other member of the
  request is kept and answered back (LambdaConfig: ``triggers.py`` runs PreSignUp,
  PostConfirmation and PreTokenGeneration; the others are stored).
- Schema's custom attributes are named ``custom:{Name}`` in SchemaAttributes.
- An app client with GenerateSecret has a ClientSecret; auth calls then need SECRET_HASH.
- A new pool gets its own RSA signing key; its JWKS is served on the edge port.
- UpdateUserPool, as AWS documents it, sets every member it takes: one left out of the
  request goes back to its default (the password policy, MFA OFF, no triggers ...).
"""

from __future__ import annotations

import secrets
import string
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from cloudlet.server.paging import offset_page
from cloudlet.services.cognito_idp.errors import InvalidParameterException
from cloudlet.services.cognito_idp.passwords import DEFAULT_POLICY
from cloudlet.services.cognito_idp.registry import announce, app_client, pool, service, store
from cloudlet.services.cognito_idp.tokens import new_key

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

_ALNUM = string.ascii_letters + string.digits
_STANDARD: list[dict[str, Any]] = [
    {"Name": "sub", "AttributeDataType": "String", "DeveloperOnlyAttribute": False,
     "Mutable": False, "Required": True, "StringAttributeConstraints":
     {"MinLength": "1", "MaxLength": "2048"}},
    *({"Name": n, "AttributeDataType": "String", "DeveloperOnlyAttribute": False,
       "Mutable": True, "Required": False, "StringAttributeConstraints":
       {"MinLength": "0", "MaxLength": "2048"}}
      for n in ("name", "given_name", "family_name", "email", "phone_number")),
    {"Name": "email_verified", "AttributeDataType": "Boolean", "DeveloperOnlyAttribute": False,
     "Mutable": True, "Required": False},
]


def _when(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def _schema(req_schema: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = [dict(a) for a in _STANDARD]
    known = {a["Name"] for a in out}
    for attr in req_schema:
        name = attr["Name"]
        if name in known:
            for found in out:
                if found["Name"] == name:
                    found.update(attr)
            continue
        out.append({"DeveloperOnlyAttribute": False, "Mutable": True, "Required": False,
                    **attr, "Name": f"custom:{name}"})
    return out


def pool_view(doc: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in doc.items() if not k.startswith("_")}
    out["CreationDate"] = _when(doc["CreationDate"])
    out["LastModifiedDate"] = _when(doc["LastModifiedDate"])
    return out


def _with_defaults(doc: dict[str, Any]) -> None:
    """The defaults of the members a request left out."""
    policies = doc.setdefault("Policies", {})
    policies["PasswordPolicy"] = {**DEFAULT_POLICY, **(policies.get("PasswordPolicy") or {})}
    doc.setdefault("LambdaConfig", {})
    doc.setdefault("MfaConfiguration", "OFF")
    doc.setdefault("DeletionProtection", "INACTIVE")
    doc["AdminCreateUserConfig"] = {"AllowAdminCreateUserOnly": False,
                                    "UnusedAccountValidityDays": 7,
                                    **(doc.get("AdminCreateUserConfig") or {})}


@service.operation("CreateUserPool")
def create_user_pool(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    pool_id = f"{ctx.region}_{''.join(secrets.choice(_ALNUM) for _ in range(9))}"
    now = ctx.state.clock.now()
    doc: dict[str, Any] = {k: v for k, v in req.items() if k not in ("PoolName", "Schema")}
    doc.update({
        "Id": pool_id, "Name": req["PoolName"], "Arn": ctx.arn("cognito-idp", f"userpool/{pool_id}"),
        "CreationDate": now, "LastModifiedDate": now,
        "SchemaAttributes": _schema(req.get("Schema") or []), "EstimatedNumberOfUsers": 0,
        "_key": new_key(),
    })
    _with_defaults(doc)
    store(ctx).put_pool(doc)
    announce(ctx.state, ctx.region, pool_id)
    return {"UserPool": pool_view(doc)}


@service.operation("DescribeUserPool")
def describe_user_pool(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = pool(ctx, req["UserPoolId"])
    doc["EstimatedNumberOfUsers"] = len(store(ctx).all("users", doc["Id"]))
    return {"UserPool": pool_view(doc)}


@service.operation("ListUserPools")
def list_user_pools(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    start = int(req.get("NextToken") or 0)
    page, nxt = offset_page(store(ctx).pools(), start, int(req["MaxResults"]))
    out: dict[str, Any] = {"UserPools": [
        {"Id": p["Id"], "Name": p["Name"], "LambdaConfig": p.get("LambdaConfig", {}),
         "CreationDate": _when(p["CreationDate"]),
         "LastModifiedDate": _when(p["LastModifiedDate"])} for p in page]}
    if nxt is not None:
        out["NextToken"] = str(nxt)
    return out


@service.operation("UpdateUserPool")
def update_user_pool(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = pool(ctx, req["UserPoolId"])
    members = service.model.operation_model("UpdateUserPool").input_shape.members
    for key in members:
        if key != "UserPoolId":
            doc.pop(key, None)
    doc.update({k: v for k, v in req.items() if k != "UserPoolId"})
    _with_defaults(doc)
    doc["LastModifiedDate"] = ctx.state.clock.now()
    store(ctx).put_pool(doc)
    return {}


@service.operation("DeleteUserPool")
def delete_user_pool(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = pool(ctx, req["UserPoolId"])
    if doc.get("DeletionProtection") == "ACTIVE":
        raise InvalidParameterException(
            "The user pool cannot be deleted because deletion protection is activated."
            " Deletion protection must be inactivated first.")
    store(ctx).delete_pool(doc["Id"])
    return {}


def client_view(doc: dict[str, Any]) -> dict[str, Any]:
    out = dict(doc)
    out["CreationDate"] = _when(doc["CreationDate"])
    out["LastModifiedDate"] = _when(doc["LastModifiedDate"])
    return out


@service.operation("CreateUserPoolClient")
def create_user_pool_client(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    found = pool(ctx, req["UserPoolId"])
    now = ctx.state.clock.now()
    doc = {k: v for k, v in req.items() if k != "GenerateSecret"}
    doc.update({"ClientId": "".join(secrets.choice(string.ascii_lowercase + string.digits)
                                    for _ in range(26)),
                "UserPoolId": found["Id"], "CreationDate": now, "LastModifiedDate": now,
                "RefreshTokenValidity": req.get("RefreshTokenValidity", 30),
                "AllowedOAuthFlowsUserPoolClient":
                    req.get("AllowedOAuthFlowsUserPoolClient", False),
                "EnableTokenRevocation": req.get("EnableTokenRevocation", True),
                "AuthSessionValidity": req.get("AuthSessionValidity", 3)})
    if req.get("GenerateSecret"):
        doc["ClientSecret"] = "".join(secrets.choice(string.ascii_lowercase + string.digits)
                                      for _ in range(51))
    store(ctx).put("clients", found["Id"], doc["ClientId"], doc)
    return {"UserPoolClient": client_view(doc)}


@service.operation("DescribeUserPoolClient")
def describe_user_pool_client(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    pool(ctx, req["UserPoolId"])
    return {"UserPoolClient": client_view(app_client(ctx, req["UserPoolId"], req["ClientId"]))}


@service.operation("ListUserPoolClients")
def list_user_pool_clients(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    pool(ctx, req["UserPoolId"])
    start = int(req.get("NextToken") or 0)
    page, nxt = offset_page(store(ctx).all("clients", req["UserPoolId"]), start,
                            int(req.get("MaxResults") or 60))
    out: dict[str, Any] = {"UserPoolClients": [
        {"ClientId": c["ClientId"], "UserPoolId": c["UserPoolId"], "ClientName": c["ClientName"]}
        for c in page]}
    if nxt is not None:
        out["NextToken"] = str(nxt)
    return out


@service.operation("UpdateUserPoolClient")
def update_user_pool_client(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    pool(ctx, req["UserPoolId"])
    doc = app_client(ctx, req["UserPoolId"], req["ClientId"])
    doc.update(req)
    doc["LastModifiedDate"] = ctx.state.clock.now()
    store(ctx).put("clients", req["UserPoolId"], req["ClientId"], doc)
    return {"UserPoolClient": client_view(doc)}


@service.operation("DeleteUserPoolClient")
def delete_user_pool_client(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    pool(ctx, req["UserPoolId"])
    app_client(ctx, req["UserPoolId"], req["ClientId"])
    store(ctx).delete("clients", req["UserPoolId"], req["ClientId"])
    return {}
