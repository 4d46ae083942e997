"""What roles, users and groups share: inline policies and attached managed policies.

https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html
https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html
- An inline policy is stored in its entity by name; putting one of the same name replaces it.
- Attaching takes a customer managed policy of the account or an AWS managed one; any
  other ARN is NoSuchEntity "Policy ARN does not exist or is not attachable.". Attaching
  twice is a no-op; detaching one not attached is NoSuchEntity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.services.iam import aws_managed
from cloudlet.services.iam.documents import checked, encoded
from cloudlet.services.iam.entities import load, save
from cloudlet.services.iam.errors import LimitExceeded, NoSuchEntity, not_found
from cloudlet.services.iam.names import key, page
from cloudlet.services.iam.registry import store

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

MAX_ATTACHED = 20
HOLDER_KINDS = ("role", "user", "group")


def customer_policy(ctx: RequestContext, arn: str) -> dict[str, Any] | None:
    """The account's managed policy with this ARN, if any."""
    found = store(ctx).get(ctx.account, "policy", key(arn.rsplit("/", 1)[-1]))
    return found if found is not None and found["Arn"] == arn else None


def policy_name(ctx: RequestContext, arn: str) -> str:
    """The name of an attachable policy ARN; NoSuchEntity as AWS words it otherwise."""
    if aws_managed.is_aws_managed(arn):
        described = aws_managed.describe(arn)
        if described is not None:
            return str(described["PolicyName"])
    else:
        found = customer_policy(ctx, arn)
        if found is not None:
            return str(found["PolicyName"])
    raise not_found("policy", arn)


class Holder:
    """Inline and attached policies of one kind of entity (``role``, ``user``, ``group``)."""

    def __init__(self, kind: str, name_member: str, label: str) -> None:
        self.kind, self.name_member, self.label = kind, name_member, label

    def put_inline(self, ctx: RequestContext, req: dict[str, Any]) -> None:
        doc = load(ctx, self.kind, req[self.name_member])
        doc.setdefault("inline", {})[req["PolicyName"]] = checked(req["PolicyDocument"])
        save(ctx, self.kind, doc, self.name_member)

    def get_inline(self, ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
        doc = load(ctx, self.kind, req[self.name_member])
        text = doc.get("inline", {}).get(req["PolicyName"])
        if text is None:
            raise NoSuchEntity(f"The {self.label} policy with name {req['PolicyName']}"
                               " cannot be found.")
        return {self.name_member: doc[self.name_member], "PolicyName": req["PolicyName"],
                "PolicyDocument": encoded(text)}

    def delete_inline(self, ctx: RequestContext, req: dict[str, Any]) -> None:
        doc = load(ctx, self.kind, req[self.name_member])
        if doc.get("inline", {}).pop(req["PolicyName"], None) is None:
            raise NoSuchEntity(f"The {self.label} policy with name {req['PolicyName']}"
                               " cannot be found.")
        save(ctx, self.kind, doc, self.name_member)

    def list_inline(self, ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
        doc = load(ctx, self.kind, req[self.name_member])
        return page(sorted(doc.get("inline", {})), req, "PolicyNames")

    def attach(self, ctx: RequestContext, req: dict[str, Any]) -> None:
        doc = load(ctx, self.kind, req[self.name_member])
        arn = req["PolicyArn"]
        policy_name(ctx, arn)
        attached: list[str] = doc.setdefault("attached", [])
        if arn not in attached:
            if len(attached) >= MAX_ATTACHED:
                raise LimitExceeded(f"Cannot exceed quota for PoliciesPer{self.label.title()}:"
                                    f" {MAX_ATTACHED}")
            attached.append(arn)
            save(ctx, self.kind, doc, self.name_member)

    def detach(self, ctx: RequestContext, req: dict[str, Any]) -> None:
        doc = load(ctx, self.kind, req[self.name_member])
        arn = req["PolicyArn"]
        if arn not in doc.get("attached", []):
            raise NoSuchEntity(f"Policy {arn} was not found.")
        doc["attached"].remove(arn)
        save(ctx, self.kind, doc, self.name_member)

    def list_attached(self, ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
        doc = load(ctx, self.kind, req[self.name_member])
        prefix = req.get("PathPrefix") or "/"
        listed = [{"PolicyName": policy_name(ctx, arn), "PolicyArn": arn}
                  for arn in doc.get("attached", [])]
        listed = [p for p in listed if _path_of(p["PolicyArn"]).startswith(prefix)]
        return page(listed, req, "AttachedPolicies")


def _path_of(arn: str) -> str:
    parts = arn.split(":", 5)[-1].split("/")
    return "/" + "".join(p + "/" for p in parts[1:-1])


def attachment_count(ctx: RequestContext, arn: str) -> int:
    """How many roles, users and groups of the account have ``arn`` attached."""
    return sum(arn in doc.get("attached", [])
               for kind in HOLDER_KINDS for doc in store(ctx).all(ctx.account, kind))
