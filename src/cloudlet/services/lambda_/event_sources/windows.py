"""Tumbling windows: state carried between a stream mapping's invocations.

https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-windows.html
https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html
- With TumblingWindowInSeconds (1..900), records are grouped by fixed windows of their
  arrival time (``[k * W, (k + 1) * W)``); a batch never spans two windows.
- Every invocation gets ``window`` (``start`` and ``end``, ISO 8601), the ``state`` the
  previous invocation of the same window returned (``{}`` at first), ``shardId``,
  ``eventSourceARN``, ``isFinalInvokeForWindow`` and ``isWindowTerminatedEarly``.
- When the window ends (a record of a later window arrives, or the clock passes its end),
  the function is invoked once more with no records and ``isFinalInvokeForWindow: true``,
  to act on the aggregate; the next window starts with ``{}``.
- The function returns ``{"state": {...}}`` (and ``batchItemFailures``, as usual).

LIMITATIONS: the state lives in memory; after a restart a window starts again with ``{}``.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cloudlet.services.lambda_.event_sources.sources import StreamRecord


def iso(epoch: float) -> str:
    """ISO 8601 with milliseconds and ``Z``, as Lambda writes times in events."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class TumblingWindow:
    """One shard's current window and its state."""

    def __init__(self, seconds: int, shard: str, arn: str) -> None:
        self.seconds = seconds
        self.shard = shard
        self.arn = arn
        self.start: float | None = None
        self.state: dict[str, Any] = {}

    def key(self, record: StreamRecord) -> float:
        return math.floor(record.arrival / self.seconds) * self.seconds

    def split(self, batch: list[StreamRecord]) -> list[list[StreamRecord]]:
        """``batch`` cut where the window changes."""
        runs: list[list[StreamRecord]] = []
        for record in batch:
            if runs and self.key(runs[-1][-1]) == self.key(record):
                runs[-1].append(record)
            else:
                runs.append([record])
        return runs

    def due(self, now: float) -> bool:
        return self.start is not None and now >= self.start + self.seconds

    def event(self, final: bool) -> dict[str, Any]:
        """What an invocation in this window carries besides ``Records``."""
        start = self.start or 0.0
        return {
            "window": {"start": iso(start), "end": iso(start + self.seconds)},
            "state": self.state, "shardId": self.shard, "eventSourceARN": self.arn,
            "isFinalInvokeForWindow": final, "isWindowTerminatedEarly": False,
        }

    def keep(self, response: Any) -> None:
        """Keep the ``state`` the function returned."""
        if isinstance(response, dict) and isinstance(response.get("state"), dict):
            self.state = response["state"]

    def close(self) -> None:
        self.start = None
        self.state = {}
