"""PutEvents entries: their checks, their size and the event envelope built from them.

https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
- An entry needs Source, DetailType and Detail (a JSON object); a failing entry gets an
  ErrorCode and ErrorMessage in the answer and the others are still put.
- The entries of one request may total at most 256 KB, counted as AWS does (14 bytes for
  a Time, the UTF-8 bytes of Source, DetailType, Detail and each resource).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson

from cloudlet.clock import new_id

MAX_REQUEST_BYTES = 256 * 1024


class EntryError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def entry_size(entry: dict[str, Any]) -> int:
    size = 14 if entry.get("Time") is not None else 0
    for key in ("Source", "DetailType", "Detail"):
        size += len(str(entry.get(key) or "").encode())
    return size + sum(len(r.encode()) for r in entry.get("Resources") or [])


def iso(epoch: float) -> str:
    """``2026-01-01T00:00:00Z``: how events carry their time."""
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def event_time(entry: dict[str, Any], now: float) -> float:
    """The entry's Time (whole seconds, as the event says it), or ``now``."""
    value = entry.get("Time")
    if isinstance(value, dt.datetime):
        return float(int(value.timestamp()))
    if isinstance(value, (int, float)):
        return float(int(value))
    return float(int(now))


def build_event(entry: dict[str, Any], *, account: str, region: str,
                now: float) -> dict[str, Any]:
    """The event an entry puts (EntryError when the entry is not valid)."""
    for key in ("Source", "DetailType", "Detail"):
        if not entry.get(key):
            raise EntryError("InvalidArgument",
                             f"Parameter {key} is not valid. Reason: {key} is a required argument.")
    try:
        detail = orjson.loads(entry["Detail"])
    except orjson.JSONDecodeError:
        detail = None
    if not isinstance(detail, dict):
        raise EntryError("MalformedDetail", "Detail is malformed.")
    return {
        "version": "0",
        "id": new_id(),
        "detail-type": entry["DetailType"],
        "source": entry["Source"],
        "account": account,
        "time": iso(event_time(entry, now)),
        "region": region,
        "resources": list(entry.get("Resources") or []),
        "detail": detail,
    }


def scheduled_event(rule_arn: str, *, account: str, region: str, now: float) -> dict[str, Any]:
    """What a rule's schedule sends its targets.

    https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html
    """
    return {"version": "0", "id": new_id(), "detail-type": "Scheduled Event",
            "source": "aws.events", "account": account, "time": iso(now), "region": region,
            "resources": [rule_arn], "detail": {}}
