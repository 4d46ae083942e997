"""The identity-based policies of a role or user, for policy evaluation
(``cloudlet.policy``): read straight from the store, on the server's thread.

``identity_policies(state, account, arn)`` gathers the inline policies' documents and the
default version of every attached managed policy (customer managed from the store; AWS
managed where cloudlet ships the document, ``aws_managed``, skipped otherwise),
and the permissions boundary's document; for a user, the inline and attached policies of
each of its groups too. ``generation(state, account)`` changes on every IAM write in the
account; decisions are cached against it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.services.iam import aws_managed
from cloudlet.services.iam.names import key
from cloudlet.services.iam.registry import _stores

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState
    from cloudlet.services.iam.store import IamStore


@dataclass(frozen=True)
class IdentityPolicies:
    documents: list[dict[str, Any]] = field(default_factory=list)
    boundary: dict[str, Any] | None = None
    exists: bool = False


def generation(state: ServerState, account: str) -> int:
    return _stores.get(state).generations.get(account, 0)


def identity_policies(state: ServerState, account: str, identity_arn: str) -> IdentityPolicies:
    """The policies of the role or user ``identity_arn`` names (``exists`` False when IAM
    has no such entity, or the ARN is neither)."""
    resource = identity_arn.split(":", 5)[-1]
    kind, _, rest = resource.partition("/")
    if kind not in ("role", "user") or not rest:
        return IdentityPolicies()
    store = _stores.get(state)
    doc = store.get(account, kind, key(rest.rsplit("/", 1)[-1]))
    if doc is None:
        return IdentityPolicies()
    documents = _own(store, account, doc)
    for group_name in doc.get("groups", []) if kind == "user" else []:
        group = store.get(account, "group", key(group_name))
        if group is not None:
            documents += _own(store, account, group)
    boundary_arn = (doc.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
    boundary = _managed(store, account, boundary_arn) if boundary_arn else None
    if boundary_arn and boundary is None:
        boundary = {"Version": "2012-10-17", "Statement": []}  # unknown document: allows nothing
    return IdentityPolicies([d for d in documents if d], boundary, True)


def _own(store: IamStore, account: str, doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The documents of an entity's inline and attached policies."""
    documents = [_parsed(text) for text in doc.get("inline", {}).values()]
    return documents + [d for arn in doc.get("attached", [])
                        if (d := _managed(store, account, arn))]


def _managed(store: IamStore, account: str, arn: str) -> dict[str, Any] | None:
    """The default version's document of a managed policy, None when unknown."""
    if aws_managed.is_aws_managed(arn):
        known = aws_managed.document(arn)
        return _parsed(known[1]) if known is not None and known[1] else None
    found = store.get(account, "policy", key(arn.rsplit("/", 1)[-1]))
    if found is None or found.get("Arn") != arn:
        return None
    for version in found.get("versions", []):
        if version["VersionId"] == found.get("DefaultVersionId"):
            return _parsed(version["Document"])
    return None


def _parsed(text: Any) -> dict[str, Any]:
    if isinstance(text, dict):
        return text
    try:
        doc = orjson.loads(text)
    except orjson.JSONDecodeError:
        return {}
    return doc if isinstance(doc, dict) else {}
