"""What recorded usage would cost on AWS, per service and per function, for a time range
and projected to a month (30 days) at the same rate.

https://aws.amazon.com/lambda/pricing/ (GB-seconds by architecture, billed per ms, the
INIT phase included; requests), https://aws.amazon.com/api-gateway/pricing/,
https://aws.amazon.com/dynamodb/pricing/on-demand/, https://aws.amazon.com/s3/pricing/,
https://aws.amazon.com/sqs/pricing/, https://aws.amazon.com/sns/pricing/,
https://aws.amazon.com/eventbridge/pricing/, https://aws.amazon.com/step-functions/pricing/

Storage is priced for what is held now: its share of a month for the range, a whole
month for the projection.

LIMITATIONS: list prices of one region (the table's), first tier only; no free tier, no
provisioned capacity, no data transfer, no Express workflow duration; what is not
recorded is named in ``unrecorded``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from cloudlet.cost.prices import PriceTable, load
from cloudlet.cost.usage import Usage, collect

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState

MONTH_S = 30 * 86400
GB = 1024**3
WINDOWS = {"hour": 3600, "day": 86400}


@dataclass(frozen=True, slots=True)
class Line:
    service: str  # "Lambda", "API Gateway", "DynamoDB", "S3", "SQS", "SNS", "EventBridge", ...
    item: str  # what is priced: "GB-seconds (arm64)", "requests", "read request units"
    resource: str  # a function, table, bucket or state machine name ("" for the service)
    quantity: float
    unit_price: float
    cost: float  # for the range
    monthly: float  # projected per month


@dataclass
class Estimate:
    start: float
    end: float
    region: str
    prices_date: str
    currency: str
    lines: list[Line] = field(default_factory=list)
    unrecorded: tuple[str, ...] = ()

    @property
    def total(self) -> float:
        return sum(line.cost for line in self.lines)

    @property
    def monthly(self) -> float:
        return sum(line.monthly for line in self.lines)

    def by_service(self) -> dict[str, tuple[float, float]]:
        """Service -> (cost for the range, projected per month)."""
        out: dict[str, tuple[float, float]] = {}
        for line in self.lines:
            cost, month = out.get(line.service, (0.0, 0.0))
            out[line.service] = (cost + line.cost, month + line.monthly)
        return out

    def by_function(self) -> dict[str, tuple[float, float]]:
        """Lambda function -> (cost for the range, projected per month)."""
        out: dict[str, tuple[float, float]] = {}
        for line in self.lines:
            if line.service == "Lambda":
                cost, month = out.get(line.resource, (0.0, 0.0))
                out[line.resource] = (cost + line.cost, month + line.monthly)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "region": self.region,
                "pricesDate": self.prices_date, "currency": self.currency,
                "total": self.total, "monthly": self.monthly,
                "services": {k: {"cost": c, "monthly": m} for k, (c, m) in
                             self.by_service().items()},
                "functions": {k: {"cost": c, "monthly": m} for k, (c, m) in
                              self.by_function().items()},
                "lines": [asdict(line) for line in self.lines],
                "unrecorded": list(self.unrecorded)}


def price(usage: Usage, table: PriceTable) -> Estimate:
    """Price ``usage`` with ``table`` (pure: no I/O)."""
    span = max(1.0, usage.end - usage.start)
    scale = MONTH_S / span
    out = Estimate(usage.start, usage.end, table.region, table.date, table.currency,
                   unrecorded=usage.unrecorded)

    def used(service: str, item: str, resource: str, quantity: float, key: str) -> None:
        if quantity:
            cost = quantity * table[key]
            out.lines.append(Line(service, item, resource, quantity, table[key], cost,
                                  cost * scale))

    def held(service: str, resource: str, size: int, key: str) -> None:
        if size:
            month = size / GB * table[key]
            out.lines.append(Line(service, "GB-month of storage", resource, size / GB,
                                  table[key], month * span / MONTH_S, month))

    for (fn, arch, memory), seconds in sorted(usage.lambda_gb_seconds.items()):
        key = "lambda.gb_second.arm64" if arch == "arm64" else "lambda.gb_second.x86_64"
        used("Lambda", f"GB-seconds ({arch}, {memory} MB)", fn, seconds, key)
    for fn, count in sorted(usage.lambda_requests.items()):
        used("Lambda", "requests", fn, count, "lambda.request")
    used("API Gateway", "REST API requests", "", usage.api_rest_requests,
         "apigateway.rest.request")
    used("API Gateway", "HTTP API requests", "", usage.api_http_requests,
         "apigateway.http.request")
    for name, (reads, writes) in sorted(usage.dynamodb_units.items()):
        used("DynamoDB", "read request units", name, reads, "dynamodb.read_request_unit")
        used("DynamoDB", "write request units", name, writes, "dynamodb.write_request_unit")
    for name, size in sorted(usage.dynamodb_bytes.items()):
        held("DynamoDB", name, size, "dynamodb.storage.gb_month")
    for name, size in sorted(usage.s3_bytes.items()):
        held("S3", name, size, "s3.storage.gb_month")
    used("S3", "PUT, COPY, POST and LIST requests", "", usage.s3_tier1_requests,
         "s3.put_request")
    used("S3", "GET and other requests", "", usage.s3_tier2_requests, "s3.get_request")
    used("SQS", "requests", "", usage.sqs_requests, "sqs.request")
    used("SNS", "publish requests (64 KB chunks)", "", usage.sns_requests, "sns.publish")
    used("EventBridge", "custom events (64 KB chunks)", "", usage.events_custom,
         "events.custom_event")
    for arn, count in sorted(usage.sfn_transitions.items()):
        used("Step Functions", "state transitions", arn.rsplit(":", 1)[-1], count,
             "stepfunctions.standard.transition")
    for arn, count in sorted(usage.sfn_express_requests.items()):
        used("Step Functions", "Express requests", arn.rsplit(":", 1)[-1], count,
             "stepfunctions.express.request")
    return out


async def estimate(state: ServerState, account: str, region: str, *,
                   window: str | float = "hour", end: float | None = None,
                   table: PriceTable | None = None) -> Estimate:
    """The estimate for the last ``window`` (``"hour"``, ``"day"`` or seconds) ending at
    ``end`` (default: the server's now), priced with ``table`` (default: ``prices.json``)."""
    seconds = WINDOWS[window] if isinstance(window, str) else float(window)
    end = state.clock.now() if end is None else end
    usage = await collect(state, account, region, end - seconds, end)
    return price(usage, table or load())
