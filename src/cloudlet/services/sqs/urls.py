"""Queue URLs and ARNs.

A queue's URL is ``{endpoint}/{account}/{name}`` (the server's endpoint, as AWS answers
``https://sqs.{region}.amazonaws.com/{account}/{name}``). Requests may name a queue by any
URL whose path ends in ``/{account}/{name}``: the ``sqs.{region}.localhost:{port}`` and
``{region}.queue.localhost`` host forms users paste, or LocalStack's
``/queue/{region}/{account}/{name}`` path; a region in the URL (host or path) wins over the
request's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from cloudlet.services.sqs.errors import InvalidAddress, QueueDoesNotExist

_ACCOUNT = re.compile(r"\d{12}")
_HOST_REGION = re.compile(r"^(?:sqs\.([a-z0-9-]+)\.|([a-z]{2}-[a-z]+-\d)\.queue\.)")


@dataclass(frozen=True, slots=True)
class QueueRef:
    account: str
    region: str | None  # None: the request's region
    name: str


def queue_url(endpoint: str, account: str, name: str) -> str:
    return f"{endpoint}/{account}/{name}"


def parse_url(url: str) -> QueueRef:
    """The queue a URL names; InvalidAddress when it names none (QueueDoesNotExist when it
    has the shape of one with a malformed account)."""
    parts = urlsplit(url if "//" in url else f"http://host/{url.lstrip('/')}")
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 2:
        raise InvalidAddress(f"The address {url} is not valid for this endpoint.")
    account, name = segments[-2], segments[-1]
    if not _ACCOUNT.fullmatch(account):
        raise QueueDoesNotExist()
    region = None
    found = _HOST_REGION.match(parts.hostname or "")
    if found:
        region = found[1] or found[2]
    if len(segments) >= 4 and segments[-4] == "queue":
        region = segments[-3]
    return QueueRef(account, region, name)


def parse_arn(arn: str) -> QueueRef | None:
    """``arn:aws:sqs:REGION:ACCOUNT:NAME``; None if it is not a queue ARN."""
    parts = arn.split(":")
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "sqs" or not parts[5]:
        return None
    return QueueRef(parts[4], parts[3], parts[5])
