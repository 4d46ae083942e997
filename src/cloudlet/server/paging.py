"""Offset paging shared by services whose list tokens stand for a position in the list.

https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-pagination.html (a list answers
one page and a token for the next; the token is passed back unchanged)

Each service keeps its own token format and error texts (API Gateway's REST APIs answer a
base64 ``position``, its HTTP APIs a decimal ``NextToken``); this module only cuts the page.

LIMITATIONS: an offset is not stable across inserts and deletes between two calls (AWS's
tokens are opaque; their stability is not documented).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def offset_page(items: Sequence[T], start: int, size: int) -> tuple[list[T], int | None]:
    """``items[start:start + size]`` and the offset of the next page, None after the last."""
    end = start + size
    return list(items[start:end]), (end if end < len(items) else None)
