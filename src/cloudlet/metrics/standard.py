"""AWS's own metrics, with their names, dimensions and units, emitted by the services.

https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html
https://docs.aws.amazon.com/sns/latest/dg/sns-monitoring-using-cloudwatch.html
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html

Each service calls one helper here (one line at its call site). What AWS does not publish
but the console and the cost estimate need goes to cloudlet's own namespaces:
``Cloudlet/Lambda`` (ColdStarts, InitDuration) and ``Cloudlet/Usage`` (LambdaGBSeconds by
memory size and architecture, Requests by service, StateTransitions). S3's request
metrics are opt-in on AWS (a bucket's metrics configuration), so S3 requests go only to
``Cloudlet/Usage`` (Requests by Service S3 and the price Tier of the operation).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from cloudlet.metrics.recorder import emit, install, installed
from cloudlet.runtime.errors import ConcurrencyLimitExceeded

if TYPE_CHECKING:
    from cloudlet.runtime.spec import FunctionSpec, InvokeResult
    from cloudlet.server.context import RequestContext
    from cloudlet.server.state import ServerState

LAMBDA = "AWS/Lambda"
USAGE = "Cloudlet/Usage"
_IN_FLIGHT = "cloudlet.metrics.in_flight"


def _in_flight(state: ServerState) -> dict[str, int]:
    found: dict[str, int] | None = state.extras.get(_IN_FLIGHT)
    if found is None:
        found = state.extras[_IN_FLIGHT] = {}
    return found


def request(state: ServerState, account: str, region: str, service: str, count: float = 1,
            **dimensions: str) -> None:
    """One billable request of ``service`` (Cloudlet/Usage Requests)."""
    emit(state, account, region, USAGE, "Requests", {"Service": service, **dimensions}, count,
         "Count")


# -- Lambda ---------------------------------------------------------------------------
def _lambda_dims(spec: FunctionSpec) -> list[tuple[tuple[str, str], ...]]:
    dims: list[tuple[tuple[str, str], ...]] = [(), (("FunctionName", spec.name),)]
    if spec.version != "$LATEST":
        dims.append((("FunctionName", spec.name), ("Resource", f"{spec.name}:{spec.version}")))
    return dims


class _InvocationKeys:
    """The recorder keys (less the minute) of one function version's invocation metrics,
    built once per FunctionSpec and architecture instead of on every invoke."""

    __slots__ = ("spec", "architecture", "concurrent", "results", "cold", "usage")

    def __init__(self, spec: FunctionSpec, architecture: str) -> None:
        account, region, name = spec.account, spec.region, (("FunctionName", spec.name),)
        self.spec, self.architecture = spec, architecture
        self.concurrent = ((account, region, LAMBDA, "ConcurrentExecutions", (), "Count"),
                           (account, region, LAMBDA, "ConcurrentExecutions", name, "Count"))
        # (Invocations, Errors, Duration) per dimension set
        self.results = tuple(((account, region, LAMBDA, "Invocations", dims, "Count"),
                              (account, region, LAMBDA, "Errors", dims, "Count"),
                              (account, region, LAMBDA, "Duration", dims, "Milliseconds"))
                             for dims in _lambda_dims(spec))
        self.cold = ((account, region, "Cloudlet/Lambda", "ColdStarts", name, "Count"),
                     (account, region, "Cloudlet/Lambda", "InitDuration", name, "Milliseconds"))
        self.usage = (account, region, USAGE, "LambdaGBSeconds",
                      (("Architecture", architecture), ("FunctionName", spec.name),
                       ("MemorySize", str(spec.memory_mb))), "Seconds")


_KEYS: dict[int, _InvocationKeys] = {}


def _invocation_keys(spec: FunctionSpec, architecture: str) -> _InvocationKeys:
    keys = _KEYS.get(id(spec))
    if keys is None or keys.spec is not spec or keys.architecture != architecture:
        if len(_KEYS) > 10_000:
            _KEYS.clear()
        keys = _KEYS[id(spec)] = _InvocationKeys(spec, architecture)
    return keys


@contextmanager
def lambda_invocation(state: ServerState, spec: FunctionSpec, architecture: str
                      ) -> Iterator[Callable[[InvokeResult], None]]:
    """Around one invocation: ConcurrentExecutions when it starts, Throttles if the runtime
    refuses it (the exception passes through), and through the callback the result's
    Invocations, Errors, Duration, cold start and GB-seconds."""
    if not installed(state):  # CloudWatch is not served
        yield lambda _result: None
        return
    recorder = install(state)
    keys = _invocation_keys(spec, architecture)
    account = spec.account
    flight = _in_flight(state)
    flight[spec.arn] = running = flight.get(spec.arn, 0) + 1
    flight[account] = everywhere = flight.get(account, 0) + 1
    minute = (int(state.clock.now() // 60),)
    recorder.add(keys.concurrent[0] + minute, everywhere)
    recorder.add(keys.concurrent[1] + minute, running)

    def done(result: InvokeResult) -> None:
        minute = (int(state.clock.now() // 60),)
        duration, error = result.duration_ms, 1 if result.function_error else 0
        for invocations, errors, durations in keys.results:
            recorder.add(invocations + minute, 1)
            recorder.add(errors + minute, error)
            recorder.add(durations + minute, duration)
        init = result.init_duration_ms
        if init is not None:
            recorder.add(keys.cold[0] + minute, 1)
            recorder.add(keys.cold[1] + minute, init)
        billed_ms = math.ceil(duration) + math.ceil(init or 0)
        recorder.add(keys.usage + minute, spec.memory_mb / 1024 * billed_ms / 1000)

    try:
        yield done
    except ConcurrencyLimitExceeded:
        for dims in _lambda_dims(spec):
            emit(state, account, spec.region, LAMBDA, "Throttles", dims, 1, "Count")
        raise
    finally:
        flight[spec.arn] -= 1
        flight[account] -= 1


def lambda_throttled(state: ServerState, spec: FunctionSpec) -> None:
    """An invoke refused before it reached the runtime (reserved concurrency 0)."""
    for dims in _lambda_dims(spec):
        emit(state, spec.account, spec.region, LAMBDA, "Throttles", dims, 1, "Count")


# -- API Gateway ------------------------------------------------------------------------
def api_request(state: ServerState, account: str, region: str, *, rest: bool, api: str,
                stage: str, status: int, latency_ms: float,
                integration_ms: float | None) -> None:
    """One request to a deployed stage: Count, 4XXError, 5XXError, Latency,
    IntegrationLatency. REST APIs are keyed by ApiName and Stage, HTTP APIs by ApiId and
    Stage (HTTP APIs name them 4xx and 5xx)."""
    dims = (("ApiName", api), ("Stage", stage)) if rest else (("ApiId", api), ("Stage", stage))
    ns = "AWS/ApiGateway"
    for d in ((dims[0],), dims):
        emit(state, account, region, ns, "Count", d, 1, "Count")
        emit(state, account, region, ns, "4XXError" if rest else "4xx", d,
             1 if 400 <= status < 500 else 0, "Count")
        emit(state, account, region, ns, "5XXError" if rest else "5xx", d,
             1 if status >= 500 else 0, "Count")
        emit(state, account, region, ns, "Latency", d, latency_ms, "Milliseconds")
        if integration_ms is not None:
            emit(state, account, region, ns, "IntegrationLatency", d, integration_ms,
                 "Milliseconds")
    request(state, account, region, "ApiGatewayRest" if rest else "ApiGatewayHttp")


# -- DynamoDB ---------------------------------------------------------------------------
def dynamodb_request(ctx: RequestContext, table: str, operation: str, read_units: float,
                     write_units: float, returned_items: int | None = None) -> None:
    """Consumed capacity (on demand: read and write request units) of one request."""
    state, account, region = ctx.state, ctx.account, ctx.region
    ns, dims = "AWS/DynamoDB", (("TableName", table),)
    if read_units:
        emit(state, account, region, ns, "ConsumedReadCapacityUnits", dims, read_units, "Count")
    if write_units:
        emit(state, account, region, ns, "ConsumedWriteCapacityUnits", dims, write_units,
             "Count")
    if returned_items is not None:
        emit(state, account, region, ns, "ReturnedItemCount",
             (("Operation", operation), ("TableName", table)), returned_items, "Count")


def dynamodb_throttled(state: ServerState, account: str, region: str, table: str,
                       operation: str) -> None:
    emit(state, account, region, "AWS/DynamoDB", "ThrottledRequests",
         (("Operation", operation), ("TableName", table)), 1, "Count")


# -- SQS --------------------------------------------------------------------------------
def sqs(state: ServerState, account: str, region: str, queue: str, metric: str,
        count: float = 1) -> None:
    """NumberOfMessagesSent / NumberOfMessagesReceived / NumberOfMessagesDeleted
    (and the request it was, for the cost estimate)."""
    emit(state, account, region, "AWS/SQS", metric, (("QueueName", queue),), count, "Count")
    request(state, account, region, "SQS")


# -- Step Functions ---------------------------------------------------------------------
def execution_started(state: ServerState, account: str, region: str, arn: str) -> None:
    if not installed(state):
        return
    emit(state, account, region, "AWS/States", "ExecutionsStarted",
         (("StateMachineArn", arn),), 1, "Count")
    request(state, account, region, "StepFunctions")


def execution_ended(state: ServerState, account: str, region: str, arn: str, status: str,
                    duration_ms: float, transitions: int, kind: str) -> None:
    """Its status (SUCCEEDED, FAILED, TIMED_OUT, ABORTED), ExecutionTime, and the state
    transitions it made (Cloudlet/Usage StateTransitions, by machine Type)."""
    if not installed(state):
        return
    dims = (("StateMachineArn", arn),)
    names = {"SUCCEEDED": "ExecutionsSucceeded", "FAILED": "ExecutionsFailed",
             "TIMED_OUT": "ExecutionsTimedOut", "ABORTED": "ExecutionsAborted"}
    if status in names:
        emit(state, account, region, "AWS/States", names[status], dims, 1, "Count")
    emit(state, account, region, "AWS/States", "ExecutionTime", dims, duration_ms,
         "Milliseconds")
    emit(state, account, region, USAGE, "StateTransitions",
         (("StateMachineArn", arn), ("Type", kind)), transitions, "Count")


# -- SNS --------------------------------------------------------------------------------
BILLED_CHUNK = 65_536  # SNS and EventBridge bill each 64 KB chunk of a payload as a request


def chunks(size: int) -> int:
    """The billed requests of a payload of ``size`` bytes (at least one)."""
    return max(1, -(-size // BILLED_CHUNK))


def sns_published(state: ServerState, account: str, region: str, topic: str, size: int) -> None:
    """One message published to ``topic`` (NumberOfMessagesPublished, PublishSize)."""
    dims = (("TopicName", topic),)
    emit(state, account, region, "AWS/SNS", "NumberOfMessagesPublished", dims, 1, "Count")
    emit(state, account, region, "AWS/SNS", "PublishSize", dims, size, "Bytes")


def sns_notification(state: ServerState, account: str, region: str, topic: str,
                     delivered: bool) -> None:
    """A delivery's end: NumberOfNotificationsDelivered or NumberOfNotificationsFailed."""
    name = "NumberOfNotificationsDelivered" if delivered else "NumberOfNotificationsFailed"
    emit(state, account, region, "AWS/SNS", name, (("TopicName", topic),), 1, "Count")


# -- EventBridge ------------------------------------------------------------------------
def events_matched(state: ServerState, account: str, region: str, bus: str,
                   rules: list[str]) -> None:
    """One event put on ``bus`` that matched ``rules`` (MatchedEvents, TriggeredRules)."""
    if not rules:
        return
    ns = "AWS/Events"
    emit(state, account, region, ns, "MatchedEvents", (), 1, "Count")
    emit(state, account, region, ns, "MatchedEvents", (("EventBusName", bus),), 1, "Count")
    for rule in rules:
        emit(state, account, region, ns, "TriggeredRules",
             (("EventBusName", bus), ("RuleName", rule)), 1, "Count")
        emit(state, account, region, ns, "TriggeredRules", (("RuleName", rule),), 1, "Count")


def events_invocation(state: ServerState, account: str, region: str, rule_arn: str,
                      failed: bool) -> None:
    """A target invoked for a rule (Invocations), or given up on (FailedInvocations)."""
    path = rule_arn.split(":", 5)[-1].removeprefix("rule/")
    bus, _, rule = path.rpartition("/")
    name = "FailedInvocations" if failed else "Invocations"
    for dims in ((("RuleName", rule),), (("EventBusName", bus or "default"), ("RuleName", rule))):
        emit(state, account, region, "AWS/Events", name, dims, 1, "Count")


# -- S3 ---------------------------------------------------------------------------------
_S3_FREE = ("Delete", "AbortMultipartUpload")
_S3_TIER1 = ("Put", "Copy", "Post", "List", "Create", "Complete", "Upload", "Restore")


def s3_tier(operation: str) -> str | None:
    """The price tier of an S3 operation: Tier1 (PUT, COPY, POST, LIST), Tier2 (GET and
    the rest), None for the free DELETE and cancel requests (aws.amazon.com/s3/pricing)."""
    if operation.startswith(_S3_FREE):
        return None
    return "Tier1" if operation.startswith(_S3_TIER1) else "Tier2"


def s3_request(ctx: RequestContext, operation: str) -> None:
    tier = s3_tier(operation)
    if tier is not None:
        request(ctx.state, ctx.account, ctx.region, "S3", Tier=tier)
