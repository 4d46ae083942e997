"""List pages: ``Limit`` items (100 at most) and a ``NextToken`` for the rest.

https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_ListRules.html
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any, TypeVar

from cloudlet.server.paging import offset_page
from cloudlet.services.events.errors import ValidationException

T = TypeVar("T")
MAX_LIMIT = 100


def page(items: Sequence[T], req: dict[str, Any]) -> tuple[list[T], dict[str, Any]]:
    """This page of ``items`` and the ``NextToken`` member for the next, if any."""
    start = 0
    token = req.get("NextToken")
    if token:
        try:
            start = int(base64.urlsafe_b64decode(token.encode()).decode())
        except ValueError:
            raise ValidationException("The nextToken provided is invalid.") from None
    found, following = offset_page(items, start, req.get("Limit") or MAX_LIMIT)
    if following is None:
        return found, {}
    return found, {"NextToken": base64.urlsafe_b64encode(str(following).encode()).decode()}
