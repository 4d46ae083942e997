"""OpenID Connect identity providers, as data: what AssumeRoleWithWebIdentity trusts.

https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html
- The provider's ARN is ``arn:aws:iam::ACCOUNT:oidc-provider/HOST/PATH``: its URL without
  ``https://``; GetOpenIDConnectProvider answers the URL in that form too. One provider
  per URL (EntityAlreadyExists). The URL must begin with ``https://``.
- DeleteOpenIDConnectProvider and RemoveClientIDFromOpenIDConnectProvider do nothing
  (and succeed) when the provider or client id is not there, as AWS documents; adding a
  client id twice keeps one.

LIMITATIONS: nothing is fetched from the provider: without ThumbprintList the list is
empty (AWS would compute it from the provider's certificate); ContextProvider and
IdentityCenterInstanceArn are not supported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.server.service import NoOutput
from cloudlet.services.iam.entities import merge_tags, now, save, shown, without_tags
from cloudlet.services.iam.errors import InvalidInput, LimitExceeded, already_exists, not_found
from cloudlet.services.iam.names import key, page
from cloudlet.services.iam.registry import service, store

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

_KIND = "oidc-provider"
MAX_CLIENT_IDS = 100
MAX_THUMBPRINTS = 5


def provider_arn(account: str, url: str) -> str:
    return f"arn:aws:iam::{account}:oidc-provider/{url}"


def _url(given: str) -> str:
    if not given.lower().startswith("https://") or len(given) <= len("https://"):
        raise InvalidInput("Invalid URL: the URL must begin with https://")
    return given[len("https://"):].rstrip("/")


def _load(ctx: RequestContext, arn: str) -> dict[str, Any] | None:
    prefix = provider_arn(ctx.account, "")
    if not arn.startswith(prefix):
        return None
    found = store(ctx).get(ctx.account, _KIND, key(arn[len(prefix):]))
    return found if found is not None and found["Arn"] == arn else None


def _needed(ctx: RequestContext, arn: str) -> dict[str, Any]:
    found = _load(ctx, arn)
    if found is None:
        raise not_found(_KIND, arn)
    return found


def _save(ctx: RequestContext, doc: dict[str, Any]) -> None:
    if len(doc["ClientIDList"]) > MAX_CLIENT_IDS:
        raise LimitExceeded(f"Cannot exceed quota for ClientIdsPerOpenIdConnectProvider:"
                            f" {MAX_CLIENT_IDS}")
    if len(doc["ThumbprintList"]) > MAX_THUMBPRINTS:
        raise LimitExceeded(f"Cannot exceed quota for ThumbprintsPerOpenIdConnectProvider:"
                            f" {MAX_THUMBPRINTS}")
    save(ctx, _KIND, doc, "Url")


@service.operation("CreateOpenIDConnectProvider")
def create_open_id_connect_provider(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    for unsupported in ("ContextProvider", "IdentityCenterInstanceArn"):
        if req.get(unsupported):
            raise InvalidInput(f"not supported: {unsupported}")
    url = _url(req["Url"])
    doc: dict[str, Any] = {
        "Url": url, "Arn": provider_arn(ctx.account, url),
        "ClientIDList": list(dict.fromkeys(req.get("ClientIDList") or [])),
        "ThumbprintList": list(dict.fromkeys(req.get("ThumbprintList") or [])),
        "CreateDate": now(ctx), "Tags": merge_tags([], req.get("Tags") or []) or None,
    }
    if store(ctx).get(ctx.account, _KIND, key(url)) is not None:
        raise already_exists(_KIND, req["Url"])
    _save(ctx, doc)
    return {"OpenIDConnectProviderArn": doc["Arn"], **({"Tags": doc["Tags"]} if doc["Tags"]
                                                        else {})}


@service.operation("GetOpenIDConnectProvider")
def get_open_id_connect_provider(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return shown(_needed(ctx, req["OpenIDConnectProviderArn"]), drop=("Arn",))


@service.operation("ListOpenIDConnectProviders")
def list_open_id_connect_providers(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"OpenIDConnectProviderList": [{"Arn": d["Arn"]}
                                          for d in store(ctx).all(ctx.account, _KIND)]}


@service.operation("DeleteOpenIDConnectProvider")
def delete_open_id_connect_provider(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    found = _load(ctx, req["OpenIDConnectProviderArn"])
    if found is not None:
        store(ctx).delete(ctx.account, _KIND, key(found["Url"]))
    return {}


@service.operation("AddClientIDToOpenIDConnectProvider")
def add_client_id(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = _needed(ctx, req["OpenIDConnectProviderArn"])
    if req["ClientID"] not in doc["ClientIDList"]:
        doc["ClientIDList"].append(req["ClientID"])
        _save(ctx, doc)
    return {}


@service.operation("RemoveClientIDFromOpenIDConnectProvider")
def remove_client_id(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = _needed(ctx, req["OpenIDConnectProviderArn"])
    if req["ClientID"] in doc["ClientIDList"]:
        doc["ClientIDList"].remove(req["ClientID"])
        _save(ctx, doc)
    return {}


@service.operation("UpdateOpenIDConnectProviderThumbprint")
def update_thumbprint(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = _needed(ctx, req["OpenIDConnectProviderArn"])
    doc["ThumbprintList"] = list(dict.fromkeys(req["ThumbprintList"]))
    _save(ctx, doc)
    return {}


@service.operation("TagOpenIDConnectProvider")
def tag_provider(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = _needed(ctx, req["OpenIDConnectProviderArn"])
    doc["Tags"] = merge_tags(doc.get("Tags") or [], req["Tags"]) or None
    _save(ctx, doc)
    return {}


@service.operation("UntagOpenIDConnectProvider")
def untag_provider(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = _needed(ctx, req["OpenIDConnectProviderArn"])
    doc["Tags"] = without_tags(doc.get("Tags") or [], req["TagKeys"]) or None
    _save(ctx, doc)
    return {}


@service.operation("ListOpenIDConnectProviderTags")
def list_provider_tags(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return page(_needed(ctx, req["OpenIDConnectProviderArn"]).get("Tags") or [], req, "Tags")

