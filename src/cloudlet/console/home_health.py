"""What the home page shows beside the counts: functions with errors or throttles in the
last hour, dead-letter queues holding messages, and what the recorded usage would cost.

Errors and throttles come from one CloudWatch ``GetMetricData`` call over the first page of
functions; dead-letter queues are the queues another queue's ``RedrivePolicy`` names, with
their ``ApproximateNumberOfMessages``; the cost is ``cloudlet.cost.estimate`` for the
viewer's account and region (the same figures as ``cloudlet cost``).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cloudlet.console.functions_metrics import metric_query
from cloudlet.console.view import View

if TYPE_CHECKING:
    from cloudlet.cost.estimate import Estimate

HOUR = 3600
FUNCTIONS = 50  # the first page of functions is checked for errors and throttles
QUEUES = 100  # and the first page of queues for dead-letter queues


@dataclass(frozen=True, slots=True)
class Trouble:
    function: str
    errors: int
    throttles: int
    invocations: int


@dataclass(frozen=True, slots=True)
class DeadLetters:
    name: str
    depth: int
    sources: list[str]


async def troubles(view: View) -> list[Trouble] | None:
    """Functions with errors or throttles in the last hour; None without CloudWatch."""
    if not view.served("cloudwatch") or not view.served("lambda"):
        return None
    listed, _ = await view.attempt("lambda", "ListFunctions", {"MaxItems": FUNCTIONS})
    names = [f["FunctionName"] for f in (listed or {}).get("Functions") or []]
    if not names:
        return []
    metrics = ("Errors", "Throttles", "Invocations")
    queries = [metric_query(f"{m[0].lower()}{i}", name, m, "Sum", HOUR)
               for i, name in enumerate(names) for m in metrics]
    end = view.state.clock.now()
    out, _ = await view.attempt("cloudwatch", "GetMetricData", {
        "MetricDataQueries": queries, "StartTime": end - HOUR, "EndTime": end})
    sums = {r["Id"]: int(sum(r.get("Values") or [])) for r in (out or {}).get("MetricDataResults") or []}
    found = [Trouble(name, sums.get(f"e{i}", 0), sums.get(f"t{i}", 0), sums.get(f"i{i}", 0))
             for i, name in enumerate(names)]
    return sorted((t for t in found if t.errors or t.throttles),
                  key=lambda t: (-t.errors, -t.throttles, t.function))


async def dead_letters(view: View) -> list[DeadLetters] | None:
    """Queues that are another queue's dead-letter queue, with their depth."""
    if not view.served("sqs"):
        return None
    listed, _ = await view.attempt("sqs", "ListQueues", {"MaxResults": QUEUES})
    urls = (listed or {}).get("QueueUrls") or []
    attributes = await asyncio.gather(*(view.attempt("sqs", "GetQueueAttributes", {
        "QueueUrl": url, "AttributeNames": ["RedrivePolicy", "ApproximateNumberOfMessages",
                                            "QueueArn"]}) for url in urls))
    by_arn: dict[str, tuple[str, int]] = {}
    sources: dict[str, list[str]] = {}
    for url, (out, _error) in zip(urls, attributes, strict=True):
        attrs = (out or {}).get("Attributes") or {}
        name = url.rsplit("/", 1)[-1]
        by_arn[attrs.get("QueueArn", "")] = (name, int(attrs.get("ApproximateNumberOfMessages", 0)))
        try:
            target = json.loads(attrs.get("RedrivePolicy") or "{}").get("deadLetterTargetArn")
        except ValueError:
            target = None
        if target:
            sources.setdefault(target, []).append(name)
    return sorted((DeadLetters(by_arn[arn][0], by_arn[arn][1], sorted(names))
                   for arn, names in sources.items() if arn in by_arn),
                  key=lambda d: (-d.depth, d.name))


async def cost(view: View) -> Estimate | None:
    """The last hour's usage priced, for the viewer's account and region."""
    if not view.served("cloudwatch"):
        return None
    from cloudlet.cost import estimate

    return await estimate(view.state, view.viewer.account, view.viewer.region, window="hour")
