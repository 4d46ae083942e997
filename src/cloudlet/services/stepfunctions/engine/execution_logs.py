"""An execution's history in CloudWatch Logs, as its machine's LoggingConfiguration asks.

https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html
- ``level`` ALL logs every event, ERROR the failed, timed-out and aborted ones, FATAL only
  the execution's own failure; OFF (the default) nothing.
- ``includeExecutionData`` false drops the input, output, parameters and assigned
  variables from each event's details.
- Records are JSON, one per event: ``id``, ``type``, ``details``, ``previous_event_id``,
  ``event_timestamp`` (epoch milliseconds as text), ``execution_arn``; written, once the
  execution closes, to the stream ``states/{machine}/{yyyy-mm-dd-HH-MM}/{execution id}`` of
  the first destination's log group (which must exist, as on AWS).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.server.context import Principal
from cloudlet.server.errors import ServiceError
from cloudlet.server.internal import call
from cloudlet.services.stepfunctions.engine import history

if TYPE_CHECKING:
    from cloudlet.services.stepfunctions.engine.interpreter import Run

log = logging.getLogger("cloudlet")

_DATA = ("input", "output", "parameters", "assignedVariables", "inputDetails",
         "outputDetails", "assignedVariablesDetails")
_ERROR_SUFFIXES = ("Failed", "TimedOut", "Aborted")
_FATAL = {"ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted"}


def _group_name(config: dict[str, Any]) -> str | None:
    for destination in config.get("destinations") or []:
        arn = str((destination.get("cloudWatchLogsLogGroup") or {}).get("logGroupArn", ""))
        parts = arn.split(":")
        if len(parts) >= 7 and parts[5] == "log-group":
            return parts[6]
    return None


def _wanted(level: str, type_: str) -> bool:
    if level == "ALL":
        return True
    if level == "ERROR":
        return type_.endswith(_ERROR_SUFFIXES)
    return level == "FATAL" and type_ in _FATAL


def _record(run: Run, event: dict[str, Any], with_data: bool) -> str:
    details: dict[str, Any] = event.get(history.details_member(str(event["type"])), {})
    if not with_data:
        details = {k: v for k, v in details.items() if k not in _DATA}
    return orjson.dumps({
        "id": str(event["id"]), "type": event["type"], "details": details,
        "previous_event_id": str(event["previousEventId"]),
        "event_timestamp": str(int(float(event["timestamp"]) * 1000)),
        "execution_arn": run.arn}).decode()


async def write(run: Run, config: dict[str, Any] | None) -> None:
    """Log ``run``'s events (those of this run of it) as ``config`` asks."""
    level = str((config or {}).get("level") or "OFF")
    group = _group_name(config or {})
    if level == "OFF" or group is None:
        return
    assert config is not None
    with_data = bool(config.get("includeExecutionData"))
    events = [{"timestamp": int(float(e["timestamp"]) * 1000),
               "message": _record(run, e, with_data)}
              for e in run.events if _wanted(level, str(e["type"]))]
    if not events:
        return
    started = datetime.fromtimestamp(run.started, UTC).strftime("%Y-%m-%d-%H-%M")
    stream = f"states/{run.machine_name}/{started}/{run.arn.rsplit(':', 1)[-1]}"
    principal = Principal.service(run.account, "states.amazonaws.com")
    try:
        for operation, params in (
                ("CreateLogStream", {"logGroupName": group, "logStreamName": stream}),
                ("PutLogEvents", {"logGroupName": group, "logStreamName": stream,
                                  "logEvents": events})):
            await call(run.state, "logs", operation, params, principal=principal,
                       account=run.account, region=run.region)
    except ServiceError as err:  # as on AWS: a missing group loses the logs, not the run
        log.warning("execution %s: logs not written to %s: %s", run.arn, group, err.message)
