"""History events as AWS names and shapes them (botocore's ``HistoryEvent``).

https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html
Each event carries ``id``, ``previousEventId``, ``timestamp``, ``type`` and at most one
``*EventDetails`` member, picked by its type (``details_member``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

NOT_TRUNC: dict[str, bool] = {"truncated": False}

STATE_PREFIX = {"Pass": "Pass", "Task": "Task", "Choice": "Choice", "Wait": "Wait",
                "Succeed": "Succeed", "Fail": "Fail", "Parallel": "Parallel", "Map": "Map"}

_EXACT = {
    "MapStateStarted": "mapStateStartedEventDetails",
    "MapIterationStarted": "mapIterationStartedEventDetails",
    "MapIterationSucceeded": "mapIterationSucceededEventDetails",
    "MapIterationFailed": "mapIterationFailedEventDetails",
    "MapIterationAborted": "mapIterationAbortedEventDetails",
    "ExecutionRedriven": "executionRedrivenEventDetails",
}

_PREFIXES = ("Execution", "LambdaFunction", "Activity", "Task")
_SUFFIXES = ("ScheduleFailed", "Scheduled", "StartFailed", "Started", "SubmitFailed",
             "Submitted", "Succeeded", "Failed", "TimedOut", "Aborted")


def details_member(type_: str) -> str:
    """The HistoryEvent member holding ``type_``'s details."""
    if type_ in _EXACT:
        return _EXACT[type_]
    if type_.endswith("StateEntered"):
        return "stateEnteredEventDetails"
    if type_.endswith("StateExited"):
        return "stateExitedEventDetails"
    for prefix in _PREFIXES:
        rest = type_[len(prefix):]
        if type_.startswith(prefix) and rest in _SUFFIXES:
            head = prefix[0].lower() + prefix[1:]
            return f"{head}{rest}EventDetails"
    return type_[0].lower() + type_[1:] + "EventDetails"


_DATA = ("input", "output", "parameters")


def shape(event: dict[str, Any], include_data: bool) -> dict[str, Any]:
    """An event as GetExecutionHistory answers it (data removed without
    ``includeExecutionData``)."""
    out = dict(event)
    out["timestamp"] = datetime.fromtimestamp(float(event["timestamp"]), UTC)
    if not out.get("previousEventId"):
        out.pop("previousEventId", None)
        out["previousEventId"] = 0
    if not include_data:
        for key, value in list(out.items()):
            if key.endswith("EventDetails") and isinstance(value, dict):
                out[key] = {k: v for k, v in value.items()
                            if k not in _DATA and k not in ("assignedVariables",)}
    return out


def resource_parts(resource: str) -> tuple[str, str]:
    """(resourceType, resource) of a Task's Resource as history shows them:
    ``arn:aws:states:::sqs:sendMessage`` -> ("sqs", "sendMessage"),
    ``arn:aws:states:::aws-sdk:dynamodb:getItem`` -> ("aws-sdk:dynamodb", "getItem")."""
    prefix = "arn:aws:states:::"
    if not resource.startswith(prefix):
        return "lambda", resource
    rest = resource[len(prefix):]
    if rest.startswith("aws-sdk:"):
        head, _, tail = rest.rpartition(":")
        return head, tail
    head, _, tail = rest.partition(":")
    return head, tail
