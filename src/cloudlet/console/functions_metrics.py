"""A function's metrics as server-rendered SVG charts, and the list page's figures.

From CloudWatch's ``GetMetricData`` (namespace ``AWS/Lambda``, dimension ``FunctionName``)
when the server serves CloudWatch: Invocations, Errors, Throttles (Sum), Duration p50 and
p99, ConcurrentExecutions (Maximum). AWS has no cold-start metric: cloudlet records one
(``Cloudlet/Lambda`` ColdStarts, an invocation with an Init Duration), read the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cloudlet.console.view import View

# range name -> (seconds, period)
RANGES = {"1h": (3600, 60), "3h": (3 * 3600, 300), "12h": (12 * 3600, 900),
          "1d": (86400, 1800), "1w": (7 * 86400, 3 * 3600)}

# (chart title, [(series label, metric, stat)])
CHARTS: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    ("Invocations", (("Invocations", "Invocations", "Sum"),)),
    ("Errors", (("Errors", "Errors", "Sum"),)),
    ("Throttles", (("Throttles", "Throttles", "Sum"),)),
    ("Duration (ms)", (("p50", "Duration", "p50"), ("p99", "Duration", "p99"))),
    ("Concurrent executions", (("Maximum", "ConcurrentExecutions", "Maximum"),)),
    ("Cold starts", (("Init", "ColdStarts", "Sum"),)),
)
# Metrics AWS does not publish, in cloudlet's own namespace (``cloudlet.metrics.standard``).
NAMESPACES = {"ColdStarts": "Cloudlet/Lambda"}
WIDTH, HEIGHT, PAD = 420, 150, 34


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    points: str  # the SVG polyline's points
    dots: list[tuple[float, float]]
    total: float
    colour: str


@dataclass(frozen=True, slots=True)
class Chart:
    title: str
    series: list[Series]
    top: float  # the y axis' highest value
    start: str
    end: str
    empty: bool


def metric_query(qid: str, function: str, metric: str, stat: str, period: int) -> dict[str, Any]:
    return {"Id": qid, "ReturnData": True, "MetricStat": {
        "Metric": {"Namespace": NAMESPACES.get(metric, "AWS/Lambda"), "MetricName": metric,
                   "Dimensions": [{"Name": "FunctionName", "Value": function}]},
        "Period": period, "Stat": stat}}


def _epoch(value: Any) -> float:
    return value.timestamp() if isinstance(value, datetime) else float(value)


def _clock(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%m-%d %H:%M")


def draw(title: str, series: list[tuple[str, list[tuple[float, float]]]], start: float,
         end: float) -> Chart:
    """A chart of ``series`` ((label, [(epoch, value)])) between ``start`` and ``end``."""
    colours = ("#0a66c2", "#d97706", "#1e7f3c")
    top = max([v for _, pts in series for _, v in pts] + [0.0])
    scale = top * 1.1 if top > 0 else 1.0
    drawn = []
    for index, (label, points) in enumerate(series):
        xy = [(PAD + (t - start) / max(end - start, 1) * (WIDTH - PAD - 8),
               HEIGHT - 20 - v / scale * (HEIGHT - 34)) for t, v in sorted(points)]
        drawn.append(Series(label, " ".join(f"{x:.1f},{y:.1f}" for x, y in xy), xy,
                            sum(v for _, v in points), colours[index % len(colours)]))
    return Chart(title, drawn, top, _clock(start), _clock(end),
                 not any(pts for _, pts in series))


async def charts(view: View, function: str, range_name: str) -> list[Chart] | None:
    """The function's charts over ``range_name``; None when CloudWatch is not served."""
    if not view.served("cloudwatch"):
        return None
    seconds, period = RANGES.get(range_name, RANGES["3h"])
    end = view.state.clock.now()
    start = end - seconds
    queries = [metric_query(f"m{c}_{s}", function, metric, stat, period)
               for c, (_title, series) in enumerate(CHARTS)
               for s, (_label, metric, stat) in enumerate(series)]
    out = await view.call("cloudwatch", "GetMetricData", {
        "MetricDataQueries": queries, "StartTime": start, "EndTime": end})
    results = {r["Id"]: list(zip([_epoch(t) for t in r.get("Timestamps") or []],
                                 r.get("Values") or [], strict=False))
               for r in out.get("MetricDataResults") or []}
    drawn = [draw(title, [(label, results.get(f"m{c}_{s}", []))
                          for s, (label, _m, _st) in enumerate(series)], start, end)
             for c, (title, series) in enumerate(CHARTS)]
    return drawn


@dataclass(frozen=True, slots=True)
class Recent:
    last_invocation: float | None  # the start of the latest minute with invocations
    error_rate: float | None  # errors / invocations over the day, None without invocations


async def recent(view: View, functions: list[str]) -> dict[str, Recent]:
    """Each function's last invocation and error rate over the last day, from one
    GetMetricData call (two queries a function); {} when CloudWatch is not served."""
    if not view.served("cloudwatch") or not functions:
        return {}
    end = view.state.clock.now()
    queries = []
    for index, name in enumerate(functions):
        queries.append(metric_query(f"i{index}", name, "Invocations", "Sum", 60))
        queries.append(metric_query(f"e{index}", name, "Errors", "Sum", 60))
    out, _error = await view.attempt("cloudwatch", "GetMetricData", {
        "MetricDataQueries": queries, "StartTime": end - 86400, "EndTime": end,
        "ScanBy": "TimestampDescending"})
    if out is None:
        return {}
    results = {r["Id"]: r for r in out.get("MetricDataResults") or []}
    found: dict[str, Recent] = {}
    for index, name in enumerate(functions):
        calls = results.get(f"i{index}") or {}
        errors = results.get(f"e{index}") or {}
        active = [_epoch(t) for t, v in zip(calls.get("Timestamps") or [],
                                            calls.get("Values") or [], strict=False) if v > 0]
        invoked = sum(calls.get("Values") or [])
        failed = sum(errors.get("Values") or [])
        found[name] = Recent(max(active) if active else None,
                             failed / invoked if invoked else None)
    return found
