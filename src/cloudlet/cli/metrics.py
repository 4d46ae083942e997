"""``cloudlet metrics``: a function's (or every function's) Lambda totals, as ``sls metrics``
prints them, read from the running server's CloudWatch (GetMetricStatistics).

https://www.serverless.com/framework/docs/providers/aws/cli-reference/metrics
- ``-f NAME`` for one function (a serverless.yml key or template logical id resolves to
  its deployed name, ``--stage``); without it, every function of the account and region.
- ``--startTime``/``--endTime``: ``30m``/``2h``/``1d`` ago, epoch seconds or milliseconds,
  ISO 8601; by default the last 24 hours.
"""

from __future__ import annotations

import math
import time
from datetime import UTC, datetime
from typing import Any

import click
from botocore.exceptions import BotoCoreError, ClientError

from cloudlet.cli.client import client, region_option
from cloudlet.cli.functions import parse_start_time
from cloudlet.cli.names import resolve_function
from cloudlet.cli.options import endpoint_option, stage_option
from cloudlet.metrics.summary import LambdaSummary, render

MAX_DATAPOINTS = 1440


def _statistic(cw: Any, name: str, dims: list[dict[str, str]], start: float, end: float,
               stat: str) -> float | None:
    """``stat`` of one AWS/Lambda metric over the whole range (datapoints merged)."""
    period = max(60, math.ceil((end - start) / MAX_DATAPOINTS / 60) * 60)
    points = cw.get_metric_statistics(
        Namespace="AWS/Lambda", MetricName=name, Dimensions=dims,
        StartTime=datetime.fromtimestamp(start, UTC), EndTime=datetime.fromtimestamp(end, UTC),
        Period=period, Statistics=["Sum", "SampleCount", "Maximum"])["Datapoints"]
    if not points:
        return None
    if stat == "Average":
        count = sum(p["SampleCount"] for p in points)
        return sum(p["Sum"] for p in points) / count if count else None
    if stat == "Maximum":
        return float(max(p["Maximum"] for p in points))
    return float(sum(p["Sum"] for p in points))


def read_summary(cw: Any, function: str | None, start: float, end: float) -> LambdaSummary:
    dims = [{"Name": "FunctionName", "Value": function}] if function else []
    return LambdaSummary(
        invocations=_statistic(cw, "Invocations", dims, start, end, "Sum") or 0,
        throttles=_statistic(cw, "Throttles", dims, start, end, "Sum") or 0,
        errors=_statistic(cw, "Errors", dims, start, end, "Sum") or 0,
        duration_avg_ms=_statistic(cw, "Duration", dims, start, end, "Average"))


def _time(text: str | None, default: float, now: float, option: str) -> float:
    if text is None:
        return default
    try:
        return parse_start_time(text, now) / 1000
    except ValueError as error:
        raise click.UsageError(str(error).replace("--startTime", option)) from None


@click.command()
@click.option("-f", "--function", "function", default=None,
              help="One function (name, or in a project folder its serverless.yml key or "
                   "template logical id); default: every function.")
@click.option("--startTime", "--start-time", "start_time", default=None,
              help="From: 30m, 2h, 1d (ago), an epoch time or an ISO date (default: 1d).")
@click.option("--endTime", "--end-time", "end_time", default=None,
              help="Until (default: now), in the same forms.")
@stage_option
@endpoint_option
@region_option
def metrics(function: str | None, start_time: str | None, end_time: str | None,
            stage: str | None, endpoint_url: str, region: str | None) -> None:
    """Print invocations, throttles, errors and average duration (as sls metrics)."""
    now = time.time()
    start = _time(start_time, now - 86400, now, "--startTime")
    end = _time(end_time, now, now, "--endTime")
    if start >= end:
        raise click.UsageError("--startTime must be before --endTime")
    name = None
    if function:
        name = resolve_function(function, endpoint_url, region, stage)
        name = name.split(":function:", 1)[-1].split(":", 1)[0]
    try:
        summary = read_summary(client("cloudwatch", endpoint_url, region), name, start, end)
    except (BotoCoreError, ClientError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(render(name or "Service wide metrics", start, end, summary))
