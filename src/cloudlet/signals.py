"""Wake-ups for whoever polls a change log: Lambda's event source mappings reading a
Kinesis stream or a DynamoDB stream.

``changed(arn)`` is an ``asyncio.Event`` that the next change of ``arn`` sets: the
service that writes change records calls ``notify(arn)`` with the write (Kinesis on
PutRecord(s) and on resharding, DynamoDB with each stream record). Setting it also
replaces it with a fresh event, so a poller never clears it and several pollers never
steal each other's wake-up::

    event = signals.changed(arn)          # take it *before* reading
    out = await call(state, "kinesis", "GetRecords", ...)
    if not out["Records"]:
        await state.clock.wait(event, 1.0)  # woken by the next write, or after 1 s

A notification made inside a write's transaction wakes the poller only after that
synchronous write (and its commit) has run: the poller runs on the same event loop.

The registry lives in this process's memory only; it holds no state a restart must keep.
"""

from __future__ import annotations

import asyncio

_events: dict[str, asyncio.Event] = {}


def changed(arn: str) -> asyncio.Event:
    """The event the next change of ``arn`` sets."""
    event = _events.get(arn)
    if event is None:
        event = _events[arn] = asyncio.Event()
    return event


def notify(arn: str) -> None:
    """Wake everyone waiting on ``arn`` (no-op when nobody asked)."""
    event = _events.pop(arn, None)
    if event is not None:
        event.set()
