"""The Python API other services use to write logs without HTTP (Lambda's log sink).

``append_events`` buffers and returns at once; the events are committed within a few
milliseconds, or before any read of the same account and region.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cloudlet.services.logs.backend import stores

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState


def append_events(state: ServerState, account: str, region: str, group: str, stream: str,
                  events: list[tuple[int, str]]) -> None:
    """Append ``(timestamp_ms, message)`` events to a stream, creating the group and the
    stream if missing, as Lambda's log delivery does."""
    stores.get(state, account, region).append(group, stream, events)


def flush_all(state: ServerState) -> None:
    """Commit every buffered event now (at shutdown)."""
    for store in state.all_backends(stores):
        store.flush()
