"""Policy variables: ``${aws:username}``, ``${aws:PrincipalTag/team}``, ``${*}``, defaults.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
- A variable names a condition key of the request; it is replaced by that key's value in
  ``Resource``/``NotResource`` and in the values of string and ARN conditions.
- ``${*}``, ``${?}`` and ``${$}`` stand for a literal ``*``, ``?`` and ``$``.
- ``${key, 'default'}`` uses the default when the key is missing.
- A variable whose key is missing (and has no default) makes the element not match:
  ``substitute`` answers None.
- Multi-valued keys cannot be used as variables (None).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_DEFAULT = re.compile(r"^\s*([^,\s]+)\s*,\s*'([^']*)'\s*$")
_LITERALS = {"*": "*", "?": "?", "$": "$"}


def substitute(text: str, context: Mapping[str, Any]) -> str | None:
    """``text`` with its variables replaced from ``context``, or None when one is missing."""
    if "${" not in text:
        return text
    missing = False

    def replace(match: re.Match[str]) -> str:
        nonlocal missing
        inner = match.group(1)
        if inner in _LITERALS:
            return _LITERALS[inner]
        default: str | None = None
        with_default = _DEFAULT.match(inner)
        key = inner.strip()
        if with_default is not None:
            key, default = with_default.group(1), with_default.group(2)
        value = lookup(context, key)
        if isinstance(value, str):
            return value
        if default is not None:
            return default
        missing = True
        return ""

    out = _VARIABLE.sub(replace, text)
    return None if missing else out


def lookup(context: Mapping[str, Any], key: str) -> Any:
    """A condition key's value: key names are case-insensitive, tag keys after ``/`` are not."""
    if key in context:
        return context[key]
    prefix, slash, rest = key.partition("/")
    return context.get(prefix.lower() + slash + rest if slash else key.lower())
