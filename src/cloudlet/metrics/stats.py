"""Reading metrics back: per-period statistics from the per-minute aggregates.

What GetMetricStatistics, GetMetricData, alarms, ``cloudlet metrics``, the cost estimate
and the console use. A period's datapoint merges the minutes in it (per unit); its
timestamp is the period's start. Periods start at ``StartTime`` rounded down to the
period (to the hour for periods of an hour or more), as CloudWatch aligns them
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cloudlet.metrics import sketch as sketches
from cloudlet.metrics.aggregate import Aggregate
from cloudlet.metrics.recorder import STORES, flush
from cloudlet.metrics.store import Dims, MetricStore

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState

STATISTICS = ("SampleCount", "Average", "Sum", "Minimum", "Maximum")
_PERCENTILE = re.compile(r"p(\d{1,2}(?:\.\d{1,10})?|100(?:\.0{1,10})?)")


def percentile_of(stat: str) -> float | None:
    """``99.9`` for ``p99.9``; None for anything that is not a pNN statistic."""
    found = _PERCENTILE.fullmatch(stat)
    return float(found.group(1)) if found else None


def statistic(agg: Aggregate, stat: str) -> float | None:
    """One statistic of ``agg`` (None: not available, as a percentile of a statistic set)."""
    if stat == "SampleCount":
        return agg.count
    if stat == "Sum":
        return agg.sum
    if stat == "Average":
        return agg.sum / agg.count if agg.count else None
    if stat == "Minimum":
        return agg.min
    if stat == "Maximum":
        return agg.max
    p = percentile_of(stat)
    if p is None or agg.sketch is None:
        return None
    return sketches.percentile(agg.sketch, p, agg.min, agg.max)


@dataclass(frozen=True, slots=True)
class Datapoint:
    timestamp: float  # the period's start, epoch seconds
    unit: str
    data: Aggregate


def aligned(start: float, period: int) -> float:
    step = min(period, 3600)
    return math.floor(start / step) * step


def periods(store: MetricStore, series: list[int], start: float, end: float, period: int,
            unit: str | None = None) -> list[Datapoint]:
    """The datapoints of ``series`` (merged) between ``start`` and ``end``, by time."""
    base = aligned(start, period)
    first, last = math.floor(base / 60), math.ceil(end / 60)
    merged: dict[tuple[float, str], Aggregate] = {}
    for minute, minute_unit, agg in store.minutes(series, first, last, unit):
        at = minute * 60
        if at < base or at >= end:
            continue
        bucket = base + ((at - base) // period) * period
        found = merged.get((bucket, minute_unit))
        if found is None:
            merged[(bucket, minute_unit)] = agg
        else:
            found.merge(agg)
    return [Datapoint(t, u, a) for (t, u), a in sorted(merged.items())]


def read(state: ServerState, account: str, region: str, namespace: str, name: str,
         dimensions: Dims, start: float, end: float, period: int, unit: str | None = None
         ) -> list[Datapoint]:
    """The datapoints of one metric (exact dimensions), with what was emitted so far."""
    flush(state)
    store = STORES.get(state, account, region)
    found = store.series_id(namespace, name, tuple(sorted(dimensions)))
    if found is None:
        return []
    return periods(store, [found], start, end, period, unit)


def total(state: ServerState, account: str, region: str, namespace: str, name: str,
          dimensions: Dims, start: float, end: float, stat: str = "Sum") -> float | None:
    """One statistic over the whole minutes from ``start`` to ``end`` (None: no data)."""
    flush(state)
    store = STORES.get(state, account, region)
    found = store.series_id(namespace, name, tuple(sorted(dimensions)))
    if found is None:
        return None
    agg: Aggregate | None = None
    for _minute, _unit, minute_agg in store.minutes([found], math.floor(start / 60),
                                                    math.ceil(end / 60)):
        if agg is None:
            agg = minute_agg
        else:
            agg.merge(minute_agg)
    return None if agg is None else statistic(agg, stat)
