"""NextToken paging for ListSchedules and ListScheduleGroups: the token is the opaque
(base64) offset of the next page; a token that does not decode is a ValidationException.

https://docs.aws.amazon.com/scheduler/latest/APIReference/API_ListSchedules.html
(MaxResults 1-100; cloudlet's page size without it is 100)
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import TypeVar

from cloudlet.server.paging import offset_page
from cloudlet.services.scheduler.errors import ValidationException

T = TypeVar("T")
DEFAULT_PAGE = 100


def page(items: Sequence[T], token: str | None, size: int | None) -> tuple[list[T], str | None]:
    """One page of ``items`` and the token of the next, None after the last."""
    start = 0
    if token:
        try:
            start = int(base64.urlsafe_b64decode(token.encode()).decode())
        except (binascii.Error, ValueError, UnicodeDecodeError):
            raise ValidationException("The NextToken is invalid.") from None
    found, after = offset_page(items, start, size or DEFAULT_PAGE)
    return found, (None if after is None else base64.urlsafe_b64encode(str(after).encode()).decode())
