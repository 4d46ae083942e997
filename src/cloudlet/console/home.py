"""The home page: every served service with how many resources the viewer's account and
region hold, each linking to its page when the console has one."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from cloudlet.console import home_health
from cloudlet.console.site import NAV, page
from cloudlet.console.view import View
from cloudlet.server.errors import ServiceError
from cloudlet.server.http import Response


@dataclass(frozen=True, slots=True)
class Count:
    label: str
    service: str
    operation: str
    items: str  # the output member listing the resources
    path: str  # the console page listing them
    params: tuple[tuple[str, Any], ...] = ()
    more: str = "NextToken"  # the output member saying there is another page


COUNTS = (
    Count("Functions", "lambda", "ListFunctions", "Functions", "/functions", more="NextMarker"),
    Count("Tables", "dynamodb", "ListTables", "TableNames", "/tables",
          more="LastEvaluatedTableName"),
    Count("REST APIs", "apigateway", "GetRestApis", "items", "/apis", more="position"),
    Count("HTTP APIs", "apigatewayv2", "GetApis", "Items", "/apis"),
    Count("Stacks", "cloudformation", "DescribeStacks", "Stacks", "/stacks"),
    Count("Queues", "sqs", "ListQueues", "QueueUrls", "/queues"),
    Count("Topics", "sns", "ListTopics", "Topics", "/topics"),
    Count("Event buses", "events", "ListEventBuses", "EventBuses", "/buses"),
    Count("Streams", "kinesis", "ListStreams", "StreamNames", "/streams", more="HasMoreStreams"),
    Count("Buckets", "s3", "ListBuckets", "Buckets", "/buckets", more="ContinuationToken"),
    Count("State machines", "stepfunctions", "ListStateMachines", "stateMachines", "/states",
          more="nextToken"),
    Count("Log groups", "logs", "DescribeLogGroups", "logGroups", "/logs", more="nextToken"),
    Count("User pools", "cognito-idp", "ListUserPools", "UserPools", "/userpools",
          params=(("MaxResults", 60),)),
    Count("Parameters", "ssm", "DescribeParameters", "Parameters", "/parameters"),
    Count("Schedules", "scheduler", "ListSchedules", "Schedules", "/schedules"),
)


@dataclass(frozen=True, slots=True)
class Counted:
    count: Count
    shown: str  # "3", "100+", or "-" when the call failed
    error: ServiceError | None
    link: str | None  # None: the console has no page for it yet


async def _count(view: View, count: Count, pages: set[str]) -> Counted:
    out, error = await view.attempt(count.service, count.operation, dict(count.params))
    link = view.url(count.path) if count.path in pages else None
    if out is None:
        return Counted(count, "-", error, link)
    listed = len(out.get(count.items) or [])
    more = out.get(count.more)
    return Counted(count, f"{listed}+" if more else str(listed), None, link)


@page("/")
async def home(view: View) -> Response:
    pages = {path for _order, _label, path in NAV}
    counts = [c for c in COUNTS if view.served(c.service)]
    counted, troubles, dead, cost = await asyncio.gather(
        asyncio.gather(*(_count(view, c, pages) for c in counts)),
        home_health.troubles(view), home_health.dead_letters(view), home_health.cost(view))
    return view.render("home.html", title="Home", counted=counted, troubles=troubles,
                       dead_letters=dead, cost=cost, pages=pages)
