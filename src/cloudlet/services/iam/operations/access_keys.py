"""IAM users' access keys: keys that sign.

https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html
- CreateAccessKey issues the key in the server's credential store
  (``state.credentials``), bound to the user: a request signed with it acts as the user
  (``sts:GetCallerIdentity`` answers the user's ARN), with ``--auth on`` too. The secret is
  answered once, by CreateAccessKey only.
- A user has at most 2 access keys (LimitExceeded "Cannot exceed quota for
  AccessKeysPerUser: 2"). UpdateAccessKey sets ``Active`` or ``Inactive``: an inactive key
  no longer signs with ``--auth on`` (InvalidClientTokenId), and still names its user with
  ``--auth off``. DeleteAccessKey revokes it.
- Without UserName, the user is the one whose key signed the request.

LIMITATIONS: GetAccessKeyLastUsed answers ``N/A`` (key use is not recorded); the root
user's own access keys (no UserName, signed by a root key) are not supported here
(``cloudlet accounts create`` issues those). Keys stored by cloudlet before keys were
issued list and delete as before, but do not sign.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.server.context import Principal
from cloudlet.server.service import NoOutput
from cloudlet.services.iam.entities import load, save, shown
from cloudlet.services.iam.errors import InvalidInput, LimitExceeded, NoSuchEntity
from cloudlet.services.iam.names import page
from cloudlet.services.iam.registry import service, store

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

MAX_KEYS = 2


def _user(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """The user ``UserName`` names, else the user who signed the request."""
    name = req.get("UserName")
    if not name:
        caller = ctx.caller
        if caller.kind != "user":
            raise InvalidInput("not supported: access keys of the account's root user or of"
                               " a role session (give UserName)")
        name = caller.arn.rsplit("/", 1)[-1]
    return load(ctx, "user", name)


def _missing(key_id: str) -> NoSuchEntity:
    return NoSuchEntity(f"The Access Key with id {key_id} cannot be found.")


def _own_key(doc: dict[str, Any], key_id: str) -> dict[str, Any]:
    for made in doc.get("keys", []):
        if made["AccessKeyId"] == key_id:
            return dict(made)
    raise _missing(key_id)


@service.operation("CreateAccessKey")
def create_access_key(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = _user(ctx, req)
    keys: list[dict[str, Any]] = doc.setdefault("keys", [])
    if len(keys) >= MAX_KEYS:
        raise LimitExceeded(f"Cannot exceed quota for AccessKeysPerUser: {MAX_KEYS}")
    issued = ctx.state.credentials.issue(Principal.user(doc["Arn"]), now=ctx.state.clock.now())
    made = {"UserName": doc["UserName"], "AccessKeyId": issued.access_key,
            "Status": "Active", "CreateDate": issued.created}
    keys.append(made)
    save(ctx, "user", doc, "UserName")
    return {"AccessKey": {**shown(made), "SecretAccessKey": issued.secret}}


@service.operation("ListAccessKeys")
def list_access_keys(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    doc = _user(ctx, req)
    return page([shown(k) for k in doc.get("keys", [])], req, "AccessKeyMetadata")


@service.operation("UpdateAccessKey")
def update_access_key(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = _user(ctx, req)
    key_id = req["AccessKeyId"]
    _own_key(doc, key_id)
    for made in doc["keys"]:
        if made["AccessKeyId"] == key_id:
            made["Status"] = req["Status"]
    ctx.state.credentials.set_status(key_id, req["Status"])
    save(ctx, "user", doc, "UserName")
    return {}


@service.operation("DeleteAccessKey")
def delete_access_key(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = _user(ctx, req)
    key_id = req["AccessKeyId"]
    _own_key(doc, key_id)
    doc["keys"] = [k for k in doc["keys"] if k["AccessKeyId"] != key_id]
    ctx.state.credentials.revoke(key_id)
    save(ctx, "user", doc, "UserName")
    return {}


@service.operation("GetAccessKeyLastUsed")
def get_access_key_last_used(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """The key's user; its last use as AWS answers for a key never used (``N/A``)."""
    key_id = req["AccessKeyId"]
    issued = ctx.state.credentials.find(key_id)
    if issued is not None and issued.principal.account == ctx.account \
            and issued.principal.kind == "user":
        user = issued.principal.identity.rsplit("/", 1)[-1]
    else:
        owners = [d["UserName"] for d in store(ctx).all(ctx.account, "user")
                  if any(k["AccessKeyId"] == key_id for k in d.get("keys", []))]
        if not owners:
            raise _missing(key_id)
        user = owners[0]
    return {"UserName": user, "AccessKeyLastUsed": {"ServiceName": "N/A", "Region": "N/A"}}
