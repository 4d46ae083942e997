"""The resource-based policies IAM evaluation reads: a queue's, a bucket's, a topic's, a
function's.

https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html
A service registers a ``reader`` (``register("sqs", read)``, in its ``resource_policy.py``;
the name is the service field of its ARNs) that answers the parsed policy document of the resource an ARN names, straight from its
store, or None when the resource has none or does not exist. ``policy.calls.check`` asks it
on a cache miss; every write of a resource policy (and every deletion of a resource that
had one) calls ``bump(state)``, whose ``generation`` is part of each cached decision's key,
so the next call decides again.

- The resource's account is the ARN's account field; S3 ARNs have none: the service's
  ``owner`` hook answers it (the bucket's owner), else the caller's account is taken. Its
  region is the ARN's region field, or the request's when empty. An ARN whose account is
  not 12 digits or whose region has other characters than ``a-z0-9-`` is not read (it
  names nothing a store could hold; this also keeps such text out of the stores' file
  paths).
- An object ARN (``arn:aws:s3:::bucket/key``) is read by the S3 reader as its bucket's.

LIMITATIONS: one counter for the whole server: any resource-policy write makes every
cached decision be made again once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cloudlet.server.state import ServerWide

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState

# (state, account, region, resource ARN) -> the parsed policy document, or None
Reader = Callable[["ServerState", str, str, str], "dict[str, Any] | None"]

# (state, resource ARN) -> the account that owns the resource, for ARNs without one
Owner = Callable[["ServerState", str], "str | None"]

_readers: dict[str, Reader] = {}
_owners: dict[str, Owner] = {}
_ACCOUNT = re.compile(r"\d{12}")
_REGION = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(slots=True)
class Counter:
    value: int = 0


_generations: ServerWide[Counter] = ServerWide(lambda state: Counter())


def register(service: str, reader: Reader, owner: Owner | None = None) -> None:
    """Make ``reader`` answer the resource policies of ``service``'s resources (the
    service's name in its ARNs: ``lambda``, ``sqs``, ``sns``, ``s3``), and ``owner`` the
    account of a resource whose ARN has no account field."""
    _readers[service] = reader
    if owner is not None:
        _owners[service] = owner


def counter(state: ServerState) -> Counter:
    """The server's resource-policy generation (kept by ``policy.calls`` for its hot path)."""
    return _generations.get(state)


def generation(state: ServerState) -> int:
    """How many resource-policy writes the server has seen."""
    return _generations.get(state).value


def bump(state: ServerState) -> None:
    """A resource policy was written or a resource that may have had one was deleted."""
    _generations.get(state).value += 1


def parsed(text: Any) -> dict[str, Any] | None:
    """A stored policy's text (or document) as a document; None when empty or not JSON."""
    if isinstance(text, dict):
        return text
    if not isinstance(text, str | bytes) or not text:
        return None
    try:
        found = json.loads(text)
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def policy_for(state: ServerState, resource: str, account: str,
               region: str) -> tuple[dict[str, Any] | None, str]:
    """The policy of the resource ``resource`` names, read by the reader of the ARN's
    service (None when that service has none, the resource has no policy or ``resource``
    is ``"*"``), and the account that owns it (``account``, the caller's, when the ARN
    has no account field)."""
    parts = resource.split(":", 5)
    if len(parts) < 6:
        return None, account
    service, found_region, owner = parts[2], parts[3] or region, parts[4]
    if not owner:
        hook = _owners.get(service)
        owner = (hook(state, resource) if hook is not None else None) or account
    reader = _readers.get(service)
    if reader is None or not (_ACCOUNT.fullmatch(owner) and _REGION.fullmatch(found_region)):
        return None, owner
    return reader(state, owner, found_region, resource), owner
