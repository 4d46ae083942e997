"""The emission seam: services record metrics in memory, a worker stores them.

``emit(state, account, region, namespace, name, dimensions, value, unit)`` adds one
observation to the current minute's aggregate in memory (a dict lookup and a few
additions; nothing is written). ``flush_loop`` (a worker the CloudWatch service runs)
writes what has gathered to each account and region's store every ``FLUSH_S`` seconds,
and ``flush`` runs once more when the server stops. So a server killed with SIGKILL
loses at most the last second of emitted metrics; metrics sent with PutMetricData are
committed before they are answered and are never lost.

When CloudWatch is not served (no recorder installed), ``emit`` does nothing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

from cloudlet.metrics.aggregate import Aggregate
from cloudlet.metrics.store import Batch, Dims, MetricStore
from cloudlet.server.state import Backends

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState

log = logging.getLogger("cloudlet")

FLUSH_S = 1.0
_KEY = "cloudlet.metrics.recorder"

STORES: Backends[MetricStore] = Backends(
    lambda state, account, region: MetricStore(state.db_path("cloudwatch", account, region)))


class Recorder:
    """Observations not yet stored, per account, region, metric, unit and minute."""

    __slots__ = ("pending",)

    def __init__(self) -> None:
        self.pending: dict[tuple[str, str, str, str, Dims, str, int], Aggregate] = {}

    def add(self, key: tuple[str, str, str, str, Dims, str, int], value: float) -> None:
        agg = self.pending.get(key)
        if agg is None:
            agg = self.pending[key] = Aggregate()
        agg.add(value)

    def take(self) -> dict[tuple[str, str], Batch]:
        """Everything pending, by account and region; pending is empty after."""
        pending, self.pending = self.pending, {}
        out: dict[tuple[str, str], Batch] = {}
        for (account, region, namespace, name, dims, unit, minute), agg in pending.items():
            out.setdefault((account, region), {})[(namespace, name, dims, unit, minute)] = agg
        return out


def install(state: ServerState) -> Recorder:
    recorder = state.extras.get(_KEY)
    if not isinstance(recorder, Recorder):
        recorder = state.extras[_KEY] = Recorder()
    return recorder


def installed(state: ServerState) -> bool:
    """Whether metrics are being recorded (CloudWatch is served; a stand-in state in a
    unit test has no ``extras``: not recording)."""
    return _KEY in getattr(state, "extras", ())


def emit(state: ServerState, account: str, region: str, namespace: str, name: str,
         dimensions: Mapping[str, str] | Dims, value: float, unit: str = "None") -> None:
    """Record one observation of a metric now (see the module docstring). Dimensions
    given as a tuple of (name, value) pairs must be sorted by name."""
    recorder = state.extras.get(_KEY)
    if recorder is None:
        return
    if type(dimensions) is tuple:  # the services pass tuples, sorted by name
        dims = dimensions
    else:
        dims = tuple(sorted(dimensions.items() if isinstance(dimensions, Mapping)
                            else dimensions))
    key = (account, region, namespace, name, dims, unit, int(state.clock.now() // 60))
    agg = recorder.pending.get(key)
    if agg is None:
        agg = recorder.pending[key] = Aggregate()
    agg.add(value)


def every_store(state: ServerState) -> list[tuple[str, str, MetricStore]]:
    """(account, region, store) of every account and region that has metrics or alarms."""
    found = []
    for path in sorted(state.data_dir.glob("*/*/cloudwatch.sqlite")):
        account, region = path.parent.parent.name, path.parent.name
        found.append((account, region, STORES.get(state, account, region)))
    return found


def flush(state: ServerState) -> None:
    """Store everything emitted so far."""
    recorder = state.extras.get(_KEY)
    if recorder is None:
        return
    now = state.clock.now()
    for (account, region), batch in recorder.take().items():
        STORES.get(state, account, region).write(batch, now)


async def flush_loop(state: ServerState) -> None:
    """Flush every ``FLUSH_S`` seconds of real time (also under a manual clock: flushing
    is about durability, not simulated time), and once more when stopped."""
    try:
        while True:
            await asyncio.sleep(FLUSH_S)
            flush(state)
    finally:
        flush(state)
