"""Parameter names, selectors, labels, ARNs and paging tokens, with AWS's rules.

https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html
- Names are case sensitive, made of ``a-zA-Z0-9_.-`` and ``/`` for hierarchies; a
  hierarchical name is fully qualified (begins with ``/``), has at most 15 levels, and no
  name may begin with ``aws`` or ``ssm`` (case-insensitive, after the leading ``/``).
- ``name:3`` selects version 3, ``name:label`` the version carrying that label.
- Labels: at most 100 characters of ``a-zA-Z0-9_.-``, not beginning with a digit,
  ``aws`` or ``ssm``; a bad label is answered in ``InvalidLabels``, not as an error.
"""

from __future__ import annotations

import base64
import re

from cloudlet.server.errors import ValidationException
from cloudlet.services.ssm.errors import HierarchyLevelLimitExceededException, InvalidNextToken

MAX_LEVELS = 15
_NAME = re.compile(r"^[a-zA-Z0-9_.\-/]+$")
_LABEL = re.compile(r"^[a-zA-Z0-9_.\-]{1,100}$")
_RESERVED = ("aws", "ssm")
_NAME_RULES = ("Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive)."
               " If formed as a path, it can consist of sub-paths divided by slash symbol;"
               " each sub-path can be formed as a mix of letters, numbers and the following"
               " 3 symbols .-_")


def check_name(name: str) -> str:
    """``name`` if PutParameter accepts it, else AWS's ValidationException."""
    bare = name.lstrip("/")
    if not _NAME.match(name) or bare.lower().startswith(_RESERVED) or "//" in name:
        raise ValidationException(_NAME_RULES)
    if "/" in name and not name.startswith("/"):
        raise ValidationException("Parameter name must be a fully qualified name.")
    if name.count("/") > MAX_LEVELS:
        raise HierarchyLevelLimitExceededException()
    return name


def split_selector(reference: str) -> tuple[str, str | None]:
    """``name:selector`` as (name, selector); a plain name has no selector."""
    name, sep, selector = reference.rpartition(":")
    if not sep or "/" in selector or not name:
        return reference, None
    return name, selector


def label_is_valid(label: str) -> bool:
    return bool(_LABEL.match(label)) and not label[0].isdigit() \
        and not label.lower().startswith(_RESERVED)


def arn(region: str, account: str, name: str) -> str:
    return f"arn:aws:ssm:{region}:{account}:parameter{'' if name.startswith('/') else '/'}{name}"


def token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


def offset_of(next_token: str | None) -> int:
    """The offset a NextToken stands for; InvalidNextToken for anything else."""
    if not next_token:
        return 0
    try:
        text = base64.urlsafe_b64decode(next_token.encode()).decode()
        if text.startswith("o:"):
            return int(text[2:])
    except (ValueError, UnicodeDecodeError):
        pass
    raise InvalidNextToken()
