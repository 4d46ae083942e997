"""What the batch operations share: the entry list's checks and per-entry failures.

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-batch-api-actions.html

- No entries: EmptyBatchRequest; more than 10: TooManyEntriesInBatchRequest; an Id that is
  not 1-80 letters, digits, ``-`` or ``_``: InvalidBatchEntryId; an Id used twice:
  BatchEntryIdsNotDistinct. These fail the whole request.
- Any other error of one entry fails only that entry: ``Failed`` lists its Id, the error's
  code (the query API's), message and ``SenderFault``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from cloudlet.server.errors import ServiceError
from cloudlet.services.sqs.errors import (
    BatchEntryIdsNotDistinct,
    EmptyBatchRequest,
    InvalidBatchEntryId,
    SqsError,
    TooManyEntriesInBatchRequest,
)

MAX_ENTRIES = 10
Entry = TypeVar("Entry", bound=Mapping[str, Any])
_ID = re.compile(r"[A-Za-z0-9_-]{1,80}")


def check_entries(entries: Sequence[Mapping[str, Any]], entry_shape: str) -> None:
    if not entries:
        raise EmptyBatchRequest(f"There should be at least one {entry_shape} in the request.")
    if len(entries) > MAX_ENTRIES:
        raise TooManyEntriesInBatchRequest(
            f"Maximum number of entries per request are {MAX_ENTRIES}. You have sent "
            f"{len(entries)}.")
    seen: set[str] = set()
    for entry in entries:
        entry_id = entry["Id"]
        if not _ID.fullmatch(entry_id):
            raise InvalidBatchEntryId()
        if entry_id in seen:
            raise BatchEntryIdsNotDistinct(f"Id {entry_id} repeated.")
        seen.add(entry_id)


def failure(entry_id: str, error: ServiceError) -> dict[str, Any]:
    code = error.wire_code if isinstance(error, SqsError) else error.error_code
    return {"Id": entry_id, "SenderFault": error.sender_fault, "Code": code,
            "Message": error.message}


def run_batch(entries: Sequence[Entry], each: Callable[[Entry], dict[str, Any]]) -> dict[str, Any]:
    """``each`` on every entry: ``Successful`` (its results) and ``Failed`` (its errors)."""
    successful: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    for entry in entries:
        try:
            successful.append({"Id": entry["Id"], **each(entry)})
        except ServiceError as error:
            failed.append(failure(entry["Id"], error))
    return {"Successful": successful, "Failed": failed}
