"""What every write transaction shares (TransactWriteItems, ExecuteTransaction).

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
- ClientRequestToken makes the call idempotent for 10 minutes: the same token with the
  same parameters succeeds again without writing; with other parameters it is
  IdempotentParameterMismatchException.
- One transaction may not touch the same item twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

import orjson

from cloudlet.services.dynamodb.backend import DynamoBackend
from cloudlet.services.dynamodb.errors import (
    IdempotentParameterMismatchException,
    ValidationException,
)

ONE_ITEM = "Transaction request cannot include multiple operations on one item"


def check_one_operation_per_item(items: Iterable[tuple[int, bytes, bytes]]) -> None:
    """``items``: (table id, hash key, range key) of each action."""
    seen: set[tuple[int, bytes, bytes]] = set()
    for ident in items:
        if ident in seen:
            raise ValidationException(ONE_ITEM)
        seen.add(ident)


class ClientToken:
    """A request's ClientRequestToken and the digest of its other parameters."""

    def __init__(self, backend: DynamoBackend, req: Mapping[str, Any]):
        self.backend = backend
        self.token: str | None = req.get("ClientRequestToken")
        body = {k: v for k, v in req.items() if k != "ClientRequestToken"}
        self.digest = (hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()
                       if self.token else "")

    def replayed(self) -> bool:
        """Whether this exact request already succeeded in the last 10 minutes."""
        if not self.token:
            return False
        known = self.backend.token_digest(self.token)
        if known is None:
            return False
        if known != self.digest:
            raise IdempotentParameterMismatchException(
                "Request parameters do not match an existing request with the same "
                "ClientRequestToken")
        return True

    def remember(self) -> None:
        """Record the token, inside the transaction that does the writes."""
        if self.token:
            self.backend.remember_token(self.token, self.digest)
