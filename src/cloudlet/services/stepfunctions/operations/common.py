"""What the control-plane operations share: names, tags, paging, dates.

https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html
(name rules: 1-80 characters, no white space, brackets, wildcards, the special characters
``" # % \\ ^ | ~ ` $ & , ; : /`` or control characters);
paging: ``nextToken`` is opaque, a token that does not decode is InvalidToken;
``maxResults`` 0 or absent is cloudlet's page size (100), at most 1000.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from cloudlet.server.paging import offset_page
from cloudlet.services.stepfunctions import errors

T = TypeVar("T")
DEFAULT_PAGE = 100
MAX_TAGS = 50

_BAD_NAME = re.compile(r"[\s<>{}\[\]?*\"#%\\^|~`$&,;:/\x00-\x1f\x7f-\x9f]")


def wall(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def check_name(name: Any) -> str:
    """A valid state machine / activity / execution name, or InvalidName."""
    if not isinstance(name, str) or not 1 <= len(name) <= 80 or _BAD_NAME.search(name):
        raise errors.InvalidName(f"Invalid Name: '{name}'")
    return name


def require(req: dict[str, Any], *names: str) -> None:
    """MissingRequiredParameter for a member a caller (internal.call) left out."""
    for name in names:
        if req.get(name) is None:
            raise errors.ValidationException(
                f"1 validation error detected: Value null at '{name}' failed to satisfy"
                " constraint: Member must not be null")


def tag_map(tags: list[dict[str, Any]] | None) -> dict[str, str]:
    out = {str(t.get("key", "")): str(t.get("value", "")) for t in tags or []}
    return out


def tag_list(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"key": k, "value": v} for k, v in tags.items()]


def check_tags(arn: str, tags: dict[str, str]) -> None:
    if len(tags) > MAX_TAGS:
        raise errors.TooManyTags(
            f"Too many tags: the resource can have at most {MAX_TAGS} tags.", resourceName=arn)


def page(items: Sequence[T], token: str | None, size: int | None) -> tuple[list[T], str | None]:
    """One page of ``items`` and the token of the next (None after the last)."""
    start = 0
    if token:
        try:
            start = int(base64.urlsafe_b64decode(token.encode()).decode())
        except (binascii.Error, ValueError, UnicodeDecodeError):
            raise errors.InvalidToken(f"Invalid Token: '{token}'") from None
    if size is not None and not 0 <= size <= 1000:
        raise errors.ValidationException(
            f"1 validation error detected: Value '{size}' at 'maxResults' failed to satisfy"
            " constraint: Member must have value less than or equal to 1000")
    found, after = offset_page(items, start, size or DEFAULT_PAGE)
    return found, (None if after is None
                   else base64.urlsafe_b64encode(str(after).encode()).decode())
