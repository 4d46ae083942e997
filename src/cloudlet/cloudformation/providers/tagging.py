"""Tags as the providers apply them: the template's ``Tags`` list (``[{Key, Value}]``),
the stack's tags and CloudFormation's own ``aws:cloudformation:*`` tags, merged into one
map, and the difference between two maps for an in-place update.

https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-resource-tags.html
- CloudFormation adds ``aws:cloudformation:stack-name``, ``stack-id`` and ``logical-id``
  to every taggable resource, and propagates the stack's tags; a resource's own tag wins
  over a stack tag with the same key.
- Services refuse user tags starting with ``aws:`` (CloudFormation writes its own through
  a privileged path). Where a cloudlet service refuses them too, its provider asks for the
  map without them (``system=False``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from cloudlet.cloudformation.providers.base import ResourceContext


def tag_list_to_map(tags: Iterable[Mapping[str, Any]] | None) -> dict[str, str]:
    """``[{"Key": k, "Value": v}, ...]`` as ``{k: v}`` (a missing value is ``""``)."""
    return {str(t["Key"]): str(t.get("Value", "")) for t in tags or ()}


def tag_map_to_list(tags: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in tags.items()]


def resource_tags(ctx: ResourceContext, own: Iterable[Mapping[str, Any]] | None, *,
                  system: bool = True) -> dict[str, str]:
    """The tags a resource gets: the stack's (with CloudFormation's ``aws:`` ones unless
    ``system`` is false), then its own ``Tags`` over them."""
    base = ctx.resource_tags() if system else dict(ctx.stack_tags)
    return {**base, **tag_list_to_map(own)}


def tag_changes(old: Mapping[str, str], new: Mapping[str, str]
                ) -> tuple[dict[str, str], list[str]]:
    """What turns ``old`` into ``new``: the tags to set (new or changed) and the keys
    to remove."""
    to_set = {k: v for k, v in new.items() if old.get(k) != v}
    to_remove = [k for k in old if k not in new]
    return to_set, to_remove
