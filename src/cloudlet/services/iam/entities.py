"""What the IAM operations share: loading an entity or failing as AWS does, the output
shape of a stored entity, and tags.

Stored documents keep dates as epoch seconds and policy documents as the JSON text the
caller sent; ``shown`` turns one into its API shape (dates as datetimes, documents
URL-encoded, cloudlet's own members dropped).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from cloudlet.services.iam.documents import encoded
from cloudlet.services.iam.errors import InvalidInput, LimitExceeded, not_found
from cloudlet.services.iam.names import key
from cloudlet.services.iam.registry import store

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

# Members kept in stored documents that the API shapes do not have.
_PRIVATE = {"inline", "attached", "keys", "groups", "versions", "next_version"}
_DATES = {"CreateDate", "UpdateDate"}
_DOCUMENTS = {"AssumeRolePolicyDocument", "Document", "PolicyDocument"}
MAX_TAGS = 50


def now(ctx: RequestContext) -> float:
    return ctx.state.clock.now()


def load(ctx: RequestContext, kind: str, name: str) -> dict[str, Any]:
    """The stored ``kind`` called ``name``; NoSuchEntity with AWS's text if absent."""
    found = store(ctx).get(ctx.account, kind, key(name))
    if found is None:
        raise not_found(kind, name)
    return found


def save(ctx: RequestContext, kind: str, doc: dict[str, Any], name_member: str) -> None:
    store(ctx).put(ctx.account, kind, key(doc[name_member]), doc)


def shown(doc: dict[str, Any], *, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    """A stored document in its API shape."""
    out: dict[str, Any] = {}
    for name, value in doc.items():
        if name in _PRIVATE or name in drop or value is None:
            continue
        if name in _DATES:
            value = datetime.fromtimestamp(value, UTC)
        elif name in _DOCUMENTS:
            value = encoded(value)
        out[name] = value
    return out


def merge_tags(current: list[dict[str, str]], new: list[dict[str, str]]) -> list[dict[str, str]]:
    """``current`` with ``new`` set over it (a key's value replaced), at most 50 tags."""
    merged = {t["Key"]: t.get("Value", "") for t in current}
    for tag in new:
        if tag["Key"].lower().startswith("aws:"):
            raise InvalidInput("User tag keys cannot start with 'aws:'.")
        merged[tag["Key"]] = tag.get("Value", "")
    if len(merged) > MAX_TAGS:
        raise LimitExceeded(f"The number of tags has reached the maximum limit of {MAX_TAGS}.")
    return [{"Key": k, "Value": v} for k, v in merged.items()]


def without_tags(current: list[dict[str, str]], keys: list[str]) -> list[dict[str, str]]:
    return [t for t in current if t["Key"] not in keys]
