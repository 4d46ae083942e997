"""Wake-ups for the pollers of a stream (Lambda's event source mappings).

``changed(stream_arn)`` is an ``asyncio.Event`` that is set as soon as records are
written to the stream (PutRecord, PutRecords) or its shards change (SplitShard,
MergeShards, UpdateShardCount, DeleteStream). Setting it also replaces it with a fresh
event, so a poller never clears it and several pollers never steal each other's wake-up::

    event = signals.changed(arn)          # take it *before* reading
    out = await call(state, "kinesis", "GetRecords", ...)
    if not out["Records"]:
        await state.clock.wait(event, 1.0)  # woken by the next write, or after 1 s

The registry lives in this process's memory only; it holds no state a restart must keep.
"""

from __future__ import annotations

import asyncio

_events: dict[str, asyncio.Event] = {}


def changed(stream_arn: str) -> asyncio.Event:
    """The event the next change of ``stream_arn`` sets."""
    event = _events.get(stream_arn)
    if event is None:
        event = _events[stream_arn] = asyncio.Event()
    return event


def notify(stream_arn: str) -> None:
    """Wake everyone waiting on ``stream_arn`` (no-op when nobody asked)."""
    event = _events.pop(stream_arn, None)
    if event is not None:
        event.set()
