"""Tag maps kept in a resource's document: adding (TagResource) and removing
(UntagResource) keys, the same for every service that stores tags as one map.

Limits (how many tags, reserved ``aws:`` keys) and their errors stay with each service,
since AWS's texts differ between them.

https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html (a tag's key is
unique per resource: tagging with a key it already has replaces the value)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def merged(old: Mapping[str, str] | None, new: Mapping[str, str] | None) -> dict[str, str]:
    """``old`` with the keys of ``new`` added or overwritten."""
    return {**(old or {}), **(new or {})}


def without(old: Mapping[str, str] | None, keys: Iterable[str]) -> dict[str, str]:
    """``old`` without ``keys``."""
    drop = set(keys)
    return {k: v for k, v in (old or {}).items() if k not in drop}
