"""Reading policy documents: statements as lists, and IAM's ``*``/``?`` wildcards.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
- ``Statement`` may be one object or a list; ``Action``, ``Resource`` and the values of
  ``Principal`` and of a condition key may each be one string or a list.
- Action names match case-insensitively, resources (ARNs) case-sensitively; ``*`` matches any
  run of characters (``/`` and ``:`` included), ``?`` one character.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

Statement = dict[str, Any]


def statements(document: dict[str, Any]) -> list[Statement]:
    """The statements of a policy document, always as a list of objects."""
    found = document.get("Statement", [])
    if isinstance(found, dict):
        return [found]
    return [s for s in found if isinstance(s, dict)] if isinstance(found, list) else []


def as_list(value: Any) -> list[Any]:
    """A policy element's values: ``"x"`` -> ``["x"]``, ``None`` -> ``[]``."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


@lru_cache(maxsize=65536)
def _pattern(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    parts = []
    for char in pattern:
        if char == "*":
            parts.append(".*")
        elif char == "?":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def wildcard_match(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    """Whether ``value`` matches an IAM pattern with ``*`` and ``?``."""
    if pattern == "*":
        return True
    if "*" not in pattern and "?" not in pattern:
        return pattern.lower() == value.lower() if ignore_case else pattern == value
    return _pattern(pattern, ignore_case).fullmatch(value) is not None


def arn_match(pattern: str, value: str) -> bool:
    """``ArnLike``/``Resource`` matching: wildcards, each of the six ARN parts on its own
    (a ``*`` in one part does not run into the next), service names case-insensitively."""
    if pattern == "*":
        return True
    p_parts = pattern.split(":", 5)
    v_parts = value.split(":", 5)
    if len(p_parts) != 6 or len(v_parts) != 6:
        return wildcard_match(pattern, value)
    return all(wildcard_match(p, v) for p, v in zip(p_parts, v_parts, strict=True))
