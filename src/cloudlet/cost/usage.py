"""What was used in a time range, read from the metrics store (``Cloudlet/Usage`` and AWS's
own metrics) and, for storage, from the services themselves through ``internal.call``
(DynamoDB's TableSizeBytes, the sizes of S3's objects now).

S3 requests are counted by price tier (the free DELETE and cancel requests not at all),
SNS publishes and EventBridge custom events per 64 KB chunk, as AWS bills them.

LIMITATIONS: SQS requests count SendMessage(Batch), ReceiveMessage and
DeleteMessage(Batch) calls only; SNS deliveries to HTTP, email and SMS endpoints and
EventBridge Scheduler invocations are not priced (``unrecorded``); S3 storage is summed
over at most ``S3_MAX_KEYS`` objects per bucket.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cloudlet.metrics.aggregate import Aggregate
from cloudlet.metrics.recorder import STORES, flush
from cloudlet.server.errors import ServiceError
from cloudlet.server.internal import call, served

if TYPE_CHECKING:
    from cloudlet.metrics.store import Dims, MetricStore
    from cloudlet.server.state import ServerState

S3_MAX_KEYS = 100_000
UNRECORDED = ("SNS deliveries to HTTP, email and SMS", "EventBridge Scheduler invocations")


@dataclass
class Usage:
    start: float
    end: float
    # (function, architecture, memory MB) -> GB-seconds
    lambda_gb_seconds: dict[tuple[str, str, int], float] = field(default_factory=dict)
    lambda_requests: dict[str, float] = field(default_factory=dict)
    api_rest_requests: float = 0.0
    api_http_requests: float = 0.0
    # table -> (read request units, write request units)
    dynamodb_units: dict[str, tuple[float, float]] = field(default_factory=dict)
    dynamodb_bytes: dict[str, int] = field(default_factory=dict)
    s3_bytes: dict[str, int] = field(default_factory=dict)
    sqs_requests: float = 0.0
    s3_tier1_requests: float = 0.0  # PUT, COPY, POST, LIST
    s3_tier2_requests: float = 0.0  # GET and the rest
    sns_requests: float = 0.0  # 64 KB chunks published
    events_custom: float = 0.0  # 64 KB chunks of custom events put
    sfn_transitions: dict[str, float] = field(default_factory=dict)
    sfn_express_requests: dict[str, float] = field(default_factory=dict)
    unrecorded: tuple[str, ...] = UNRECORDED


def _sums(metrics: MetricStore, namespace: str, name: str, start: float, end: float
          ) -> list[tuple[Dims, Aggregate]]:
    """Each metric of ``namespace``/``name`` with its minutes in the range merged."""
    out = []
    for series, _ns, _name, dims in metrics.series(namespace, name):
        agg = Aggregate()
        for _minute, _unit, minute_agg in metrics.minutes([series], math.floor(start / 60),
                                                          math.ceil(end / 60)):
            agg.merge(minute_agg)
        if agg.count:
            out.append((dims, agg))
    return out


def recorded(state: ServerState, account: str, region: str, start: float, end: float) -> Usage:
    """The usage the metrics store holds for the range (no storage sizes)."""
    flush(state)
    metrics = STORES.get(state, account, region)
    usage = Usage(start, end)
    for dims, agg in _sums(metrics, "Cloudlet/Usage", "LambdaGBSeconds", start, end):
        d = dict(dims)
        key = (d.get("FunctionName", ""), d.get("Architecture", "x86_64"),
               int(d.get("MemorySize", "128")))
        usage.lambda_gb_seconds[key] = usage.lambda_gb_seconds.get(key, 0.0) + agg.sum
    for dims, agg in _sums(metrics, "AWS/Lambda", "Invocations", start, end):
        d = dict(dims)
        if set(d) == {"FunctionName"}:
            usage.lambda_requests[d["FunctionName"]] = agg.sum
    for dims, agg in _sums(metrics, "Cloudlet/Usage", "Requests", start, end):
        d = dict(dims)
        service = d.get("Service")
        if service == "S3":
            if d.get("Tier") == "Tier1":
                usage.s3_tier1_requests += agg.sum
            else:
                usage.s3_tier2_requests += agg.sum
        elif service == "SNS":
            usage.sns_requests += agg.sum
        elif service == "EventBridge":
            usage.events_custom += agg.sum
        elif service == "ApiGatewayRest":
            usage.api_rest_requests += agg.sum
        elif service == "ApiGatewayHttp":
            usage.api_http_requests += agg.sum
        elif service == "SQS":
            usage.sqs_requests += agg.sum
    reads = {dict(d)["TableName"]: a.sum
             for d, a in _sums(metrics, "AWS/DynamoDB", "ConsumedReadCapacityUnits", start, end)}
    writes = {dict(d)["TableName"]: a.sum
              for d, a in _sums(metrics, "AWS/DynamoDB", "ConsumedWriteCapacityUnits", start, end)}
    for table in sorted(set(reads) | set(writes)):
        usage.dynamodb_units[table] = (reads.get(table, 0.0), writes.get(table, 0.0))
    for dims, agg in _sums(metrics, "Cloudlet/Usage", "StateTransitions", start, end):
        d = dict(dims)
        if d.get("Type") == "EXPRESS":
            usage.sfn_express_requests[d["StateMachineArn"]] = agg.count
        else:
            usage.sfn_transitions[d["StateMachineArn"]] = agg.sum
    return usage


async def _dynamodb_sizes(state: ServerState, account: str, region: str) -> dict[str, int]:
    sizes: dict[str, int] = {}
    if served(state, "dynamodb") is None:
        return sizes
    args: dict[str, str] = {}
    while True:
        page = await call(state, "dynamodb", "ListTables", args, account=account, region=region)
        for name in page.get("TableNames") or []:
            try:
                table = (await call(state, "dynamodb", "DescribeTable", {"TableName": name},
                                    account=account, region=region))["Table"]
            except ServiceError:
                continue
            sizes[name] = int(table.get("TableSizeBytes") or 0)
        if not page.get("LastEvaluatedTableName"):
            return sizes
        args = {"ExclusiveStartTableName": page["LastEvaluatedTableName"]}


async def _s3_sizes(state: ServerState, account: str, region: str) -> dict[str, int]:
    sizes: dict[str, int] = {}
    if served(state, "s3") is None:
        return sizes
    buckets = (await call(state, "s3", "ListBuckets", {}, account=account, region=region,
                          metered=False)).get("Buckets") or []
    for bucket in buckets:
        name, total, seen, token = bucket["Name"], 0, 0, None
        while seen < S3_MAX_KEYS:
            args = {"Bucket": name, **({"ContinuationToken": token} if token else {})}
            try:
                page = await call(state, "s3", "ListObjectsV2", args, account=account,
                                  region=region, metered=False)
            except ServiceError:
                break
            for item in page.get("Contents") or []:
                total += int(item.get("Size") or 0)
                seen += 1
            token = page.get("NextContinuationToken")
            if not page.get("IsTruncated") or not token:
                break
        sizes[name] = total
    return sizes


async def collect(state: ServerState, account: str, region: str, start: float, end: float
                  ) -> Usage:
    """The recorded usage of the range, and the storage held now."""
    usage = recorded(state, account, region, start, end)
    usage.dynamodb_bytes = await _dynamodb_sizes(state, account, region)
    usage.s3_bytes = await _s3_sizes(state, account, region)
    return usage
