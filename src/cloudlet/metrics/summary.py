"""A function's (or every function's) Lambda totals over a time range, as ``sls metrics``
prints them: invocations, throttles, errors and the average duration.

``lambda_summary`` reads them in-process (the console); ``cloudlet metrics`` reads the same
metrics with boto3 (``cli/metrics.py``) and prints them with ``render``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from cloudlet.metrics.stats import total

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState


@dataclass(frozen=True, slots=True)
class LambdaSummary:
    invocations: float = 0
    throttles: float = 0
    errors: float = 0
    duration_avg_ms: float | None = None
    duration_p99_ms: float | None = None
    cold_starts: float = 0
    concurrent_max: float | None = None


def lambda_summary(state: ServerState, account: str, region: str, function: str | None,
                   start: float, end: float) -> LambdaSummary:
    """Totals for ``function`` (by name), or for the whole account when None."""
    dims: tuple[tuple[str, str], ...] = (("FunctionName", function),) if function else ()

    def read(namespace: str, name: str, stat: str = "Sum") -> float | None:
        return total(state, account, region, namespace, name, dims, start, end, stat)

    return LambdaSummary(
        invocations=read("AWS/Lambda", "Invocations") or 0,
        throttles=read("AWS/Lambda", "Throttles") or 0,
        errors=read("AWS/Lambda", "Errors") or 0,
        duration_avg_ms=read("AWS/Lambda", "Duration", "Average"),
        duration_p99_ms=read("AWS/Lambda", "Duration", "p99"),
        cold_starts=(read("Cloudlet/Lambda", "ColdStarts") or 0) if function else 0,
        concurrent_max=read("AWS/Lambda", "ConcurrentExecutions", "Maximum"),
    )


def _when(epoch: float) -> str:
    moment = datetime.fromtimestamp(epoch, UTC)
    return f"{moment:%B} {moment.day}, {moment:%Y} {moment:%H:%M} UTC"


def _count(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def render(title: str, start: float, end: float, summary: LambdaSummary) -> str:
    """``sls metrics``'s block: the title, the range, then one line per total."""
    duration = ("0ms" if summary.duration_avg_ms is None
                else f"{summary.duration_avg_ms:.2f}".rstrip("0").rstrip(".") + "ms")
    return "\n".join([
        title, f"{_when(start)} - {_when(end)}", "",
        f"Invocations: {_count(summary.invocations)}",
        f"Throttles: {_count(summary.throttles)}",
        f"Errors: {_count(summary.errors)}",
        f"Duration (avg.): {duration}",
    ])
