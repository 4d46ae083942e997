"""What roles, users and groups answer alike: tagging (``Tag{Noun}``, ``Untag{Noun}``) and their
inline and attached policies (``Put{Noun}Policy`` ... ``ListAttached{Noun}Policies``,
through ``Holder``), registered once for each kind, and the policy check DeleteRole,
DeleteUser and DeleteGroup share.

https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html
https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUser.html
https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteGroup.html
- All refuse (DeleteConflict) while the entity has inline or attached policies.
https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagRole.html
https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagUser.html
- A key tagged again takes the new value; untagging a key the entity lacks changes
  nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cloudlet.server.service import NoOutput
from cloudlet.services.iam.entities import load, merge_tags, save, without_tags
from cloudlet.services.iam.errors import DeleteConflict
from cloudlet.services.iam.operations.attachments import Holder
from cloudlet.services.iam.registry import service

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

Action = Callable[["RequestContext", dict[str, Any]], None]


def refuse_delete_with_policies(doc: dict[str, Any]) -> None:
    """DeleteConflict, in AWS's words, when the role, user or group still has policies."""
    if doc.get("inline"):
        raise DeleteConflict("Cannot delete entity, must delete policies first.")
    if doc.get("attached"):
        raise DeleteConflict("Cannot delete entity, must detach all policies first.")


def _no_output(action: Action) -> Callable[[RequestContext, dict[str, Any]], NoOutput]:
    """A handler that runs ``action`` and answers nothing."""

    def handler(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
        action(ctx, req)
        return {}

    return handler


def _retag(holder: Holder, change: Callable[[list[dict[str, str]], Any], list[dict[str, str]]],
           member: str) -> Action:
    """An action replacing the entity's tags by ``change(tags, req[member])``."""

    def action(ctx: RequestContext, req: dict[str, Any]) -> None:
        doc = load(ctx, holder.kind, req[holder.name_member])
        doc["Tags"] = change(doc.get("Tags") or [], req[member]) or None
        save(ctx, holder.kind, doc, holder.name_member)

    return action


def register_entity_operations(holder: Holder, noun: str, *, tagged: bool = True) -> None:
    """Register tagging (when the kind has tags) and the policy operations of ``holder``'s
    kind (``noun`` as in the operation names: ``Role``, ``User``, ``Group``)."""
    quiet: dict[str, Action] = {
        f"Tag{noun}": _retag(holder, merge_tags, "Tags"),
        f"Untag{noun}": _retag(holder, without_tags, "TagKeys"),
    } if tagged else {}
    quiet |= {
        f"Put{noun}Policy": holder.put_inline,
        f"Delete{noun}Policy": holder.delete_inline,
        f"Attach{noun}Policy": holder.attach,
        f"Detach{noun}Policy": holder.detach,
    }
    for name, action in quiet.items():
        service.operation(name)(_no_output(action))
    service.operation(f"Get{noun}Policy")(holder.get_inline)
    service.operation(f"List{noun}Policies")(holder.list_inline)
    service.operation(f"ListAttached{noun}Policies")(holder.list_attached)
