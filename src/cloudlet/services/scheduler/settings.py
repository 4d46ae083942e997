"""A schedule's settings: read from CreateSchedule/UpdateSchedule, answered by
GetSchedule.

https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html
https://docs.aws.amazon.com/scheduler/latest/APIReference/API_UpdateSchedule.html
- UpdateSchedule replaces every setting: an optional member it leaves out takes its
  default again (State ENABLED, ActionAfterCompletion NONE, no Description...).
- A target's RetryPolicy defaults to 185 attempts and 86400 seconds; GetSchedule
  answers it filled in.
- FlexibleTimeWindow FLEXIBLE needs MaximumWindowInMinutes; OFF takes none.
- The Input of a templated Lambda, Step Functions or EventBridge target must be JSON.

The settings are kept as one JSON document with the API's member names; dates as epoch
seconds.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson

from cloudlet.services.scheduler.errors import ValidationException
from cloudlet.services.scheduler.shapes import (
    CreateScheduleInput,
    GetScheduleOutput,
    ScheduleSummary,
    Target,
    UpdateScheduleInput,
)
from cloudlet.services.scheduler.store import Schedule, wall

DEFAULT_RETRY_ATTEMPTS = 185
DEFAULT_EVENT_AGE_S = 86400
_SETTINGS = ("ScheduleExpression", "ScheduleExpressionTimezone", "Description", "State",
             "KmsKeyArn", "Target", "FlexibleTimeWindow", "ActionAfterCompletion")
_JSON_INPUT_SERVICES = ("lambda", "states", "events")


def _epoch(value: datetime | None) -> float | None:
    return None if value is None else value.timestamp()


def target_service(arn: str) -> str:
    """The service part of a target ARN (``aws-sdk`` for a universal target)."""
    parts = arn.split(":")
    if len(parts) > 5 and parts[2] == "scheduler" and parts[5] == "aws-sdk":
        return "aws-sdk"
    return parts[2] if len(parts) > 2 else ""


def _check_target(target: Target) -> None:
    text = target.get("Input")
    if text is not None and target_service(target["Arn"]) in _JSON_INPUT_SERVICES:
        try:
            orjson.loads(text)
        except orjson.JSONDecodeError:
            raise ValidationException(
                "Invalid RequestJson provided. Reason: The input is not a valid JSON.") from None


def _check_window(window: dict[str, Any]) -> None:
    if window["Mode"] == "FLEXIBLE" and "MaximumWindowInMinutes" not in window:
        raise ValidationException(
            "MaximumWindowInMinutes must be provided when FlexibleTimeWindow Mode is FLEXIBLE.")
    if window["Mode"] == "OFF" and "MaximumWindowInMinutes" in window:
        raise ValidationException(
            "MaximumWindowInMinutes is not allowed when FlexibleTimeWindow Mode is OFF.")


def read_settings(req: CreateScheduleInput | UpdateScheduleInput) -> dict[str, Any]:
    """The settings document of a CreateSchedule or UpdateSchedule request (defaults
    applied); ValidationException for what the model cannot check."""
    doc: dict[str, Any] = {k: req[k] for k in _SETTINGS if k in req}  # type: ignore[literal-required]
    doc.setdefault("State", "ENABLED")
    doc.setdefault("ActionAfterCompletion", "NONE")
    start, end = _epoch(req.get("StartDate")), _epoch(req.get("EndDate"))
    if start is not None:
        doc["StartDate"] = start
    if end is not None:
        doc["EndDate"] = end
    if start is not None and end is not None and end <= start:
        raise ValidationException("The StartDate must come before the EndDate.")
    _check_window(dict(req["FlexibleTimeWindow"]))
    _check_target(req["Target"])
    return doc


def _target_out(target: dict[str, Any]) -> Target:
    out: Target = {**target}  # type: ignore[typeddict-item]
    attempts, age = retry_policy(target)
    out["RetryPolicy"] = {"MaximumEventAgeInSeconds": age, "MaximumRetryAttempts": attempts}
    return out


def describe(schedule: Schedule) -> GetScheduleOutput:
    """GetSchedule's answer for a stored schedule."""
    doc = schedule.doc
    out: GetScheduleOutput = {
        "Arn": schedule.arn, "GroupName": schedule.group, "Name": schedule.name,
        "CreationDate": wall(schedule.created),
        "LastModificationDate": wall(schedule.modified),
        "Target": _target_out(doc["Target"]),
    }
    for key in _SETTINGS:
        if key in doc and key != "Target":
            out[key] = doc[key]  # type: ignore[literal-required]
    for key in ("StartDate", "EndDate"):
        if doc.get(key) is not None:
            out[key] = wall(doc[key])  # type: ignore[literal-required]
    return out


def summary(schedule: Schedule) -> ScheduleSummary:
    """ListSchedules' entry for a stored schedule."""
    return {"Arn": schedule.arn, "Name": schedule.name, "GroupName": schedule.group,
            "State": schedule.doc.get("State", "ENABLED"),
            "CreationDate": wall(schedule.created),
            "LastModificationDate": wall(schedule.modified),
            "Target": {"Arn": schedule.doc["Target"]["Arn"]}}


def retry_policy(target: dict[str, Any]) -> tuple[int, int]:
    """(MaximumRetryAttempts, MaximumEventAgeInSeconds) of a stored target."""
    retry = target.get("RetryPolicy") or {}
    return (int(retry.get("MaximumRetryAttempts", DEFAULT_RETRY_ATTEMPTS)),
            int(retry.get("MaximumEventAgeInSeconds", DEFAULT_EVENT_AGE_S)))
