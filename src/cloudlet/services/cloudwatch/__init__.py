"""Amazon CloudWatch metrics and alarms (``monitoring``).

https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/Welcome.html

Metrics are kept as per-minute aggregates (SampleCount, Sum, Minimum, Maximum and a
log-bucket sketch for percentiles within 1 %) in each account and region's SQLite store
(``cloudlet.metrics.store``), for 15 days. The services' own metrics (AWS/Lambda,
AWS/ApiGateway, AWS/DynamoDB, AWS/SQS, AWS/States, Cloudlet/Usage) arrive through
``cloudlet.metrics.emit`` and are flushed every second by the ``cloudwatch.flush``
worker (and when the server stops): a SIGKILL loses at most the last second of them.
PutMetricData is committed before it is answered. Alarms are evaluated each minute of
the server's clock by ``cloudwatch.alarms``.

Served over JSON 1.0 (current SDKs) and the query protocol (older SDKs, ``query_api``).

LIMITATIONS: dashboards, anomaly detectors, insight rules, metric streams, composite and
log alarms, alarm history and metric math answer 501 or "not supported"; high-resolution
(1-second) data is stored per minute.
"""

from __future__ import annotations

from cloudlet.metrics.recorder import STORES, every_store, flush, flush_loop, install
from cloudlet.server.state import ServerState
from cloudlet.services.cloudwatch import cost_route as _cost_route  # noqa: F401
from cloudlet.services.cloudwatch import query_api as _query_api  # noqa: F401
from cloudlet.services.cloudwatch.alarms import alarm_loop
from cloudlet.services.cloudwatch.gauges import gauge_loop
from cloudlet.services.cloudwatch.operations import alarms, data, tags  # noqa: F401
from cloudlet.services.cloudwatch.registry import service

__all__ = ["service"]
EXPIRE_S = 3600


@service.started
async def _install(state: ServerState) -> None:
    install(state)


@service.stopped
async def _close(state: ServerState) -> None:
    flush(state)
    for found in state.all_backends(STORES):
        found.close()


@service.worker("cloudwatch.flush")
async def _flush(state: ServerState) -> None:
    await flush_loop(state)


@service.worker("cloudwatch.alarms", after=("cloudwatch.flush",))
async def _alarms(state: ServerState) -> None:
    await alarm_loop(state)


@service.worker("cloudwatch.gauges", after=("cloudwatch.flush",))
async def _gauges(state: ServerState) -> None:
    await gauge_loop(state)


@service.worker("cloudwatch.retention")
async def _retention(state: ServerState) -> None:
    """Remove minutes older than 15 days, hourly."""
    while True:
        now = state.clock.now()
        for _account, _region, found in every_store(state):
            found.expire(now)
        await state.clock.sleep(EXPIRE_S)
