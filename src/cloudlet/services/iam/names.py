"""IAM identifiers: ARNs, unique ids, paths, and paging with Marker/MaxItems.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
- ARNs have no region: ``arn:aws:iam::ACCOUNT:role/PATH/NAME`` (the path between).
- Unique ids are 21 characters, a prefix naming the kind (AROA role, AIDA user, AGPA group,
  ANPA managed policy, AIPA instance profile, AKIA access key) and 17 more.
- Names are unique per account without regard to case; stores key them lower-cased.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Sequence
from typing import Any, TypeVar

from cloudlet.server.paging import offset_page
from cloudlet.services.iam.errors import InvalidInput

T = TypeVar("T")

_ID_ALPHABET = string.ascii_uppercase + "234567"
ID_PREFIX = {"role": "AROA", "user": "AIDA", "group": "AGPA", "policy": "ANPA",
             "instance-profile": "AIPA", "access-key": "AKIA"}


def unique_id(kind: str) -> str:
    return ID_PREFIX[kind] + "".join(secrets.choice(_ID_ALPHABET) for _ in range(17))


def arn(account: str, kind: str, path: str, name: str) -> str:
    return f"arn:aws:iam::{account}:{kind}{path}{name}"


def key(name: str) -> str:
    """The store key of a name (IAM names are case-insensitive)."""
    return name.lower()


def check_path(path: str | None) -> str:
    """A path as given (``/`` by default); it must start and end with ``/``."""
    if path is None:
        return "/"
    if not (path.startswith("/") and path.endswith("/")):
        raise InvalidInput("The specified value for path is invalid. It must begin and end"
                           " with / and contain only alphanumeric characters and/or /"
                           " characters.")
    return path


def page(items: Sequence[T], req: dict[str, Any], member: str) -> dict[str, Any]:
    """One page of ``items`` as IAM lists answer: ``member``, ``IsTruncated``, ``Marker``."""
    start = 0
    marker = req.get("Marker")
    if marker:
        if not str(marker).isdigit():
            raise InvalidInput("Invalid Marker.")
        start = int(marker)
    items_page, following = offset_page(items, start, int(req.get("MaxItems") or 100))
    out: dict[str, Any] = {member: items_page, "IsTruncated": following is not None}
    if following is not None:
        out["Marker"] = str(following)
    return out
