"""What each state of an execution did, read from its history (GetExecutionHistory events).

A state's visit starts at its ``*StateEntered`` event (``stateEnteredEventDetails``: name,
input) and ends at its ``*StateExited`` event (``stateExitedEventDetails``: output). A
failure event (``TaskFailed``, ``LambdaFunctionFailed``, ``ExecutionFailed``, ...: a type
ending in ``Failed`` or ``TimedOut``, or ``ExecutionAborted``) belongs to the state whose
``StateEntered`` event its ``previousEventId`` chain reaches first.

A state's status: ``failed`` when a visit failed and never exited; ``running`` when a visit
has not exited and the execution runs; ``succeeded`` when every visit exited (a Task whose
error a Retry or Catch handled is succeeded, its error kept); ``not-reached`` otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FAILURE_SUFFIXES = ("Failed", "TimedOut")
SHOWN_VISITS = 20  # the visits a state's detail lists (a Map's inner states can have many)


@dataclass(slots=True)
class Visit:
    entered: int  # the StateEntered event's id
    input: str | None
    output: str | None = None
    exited: bool = False
    error: str | None = None
    cause: str | None = None
    timestamp: Any = None


@dataclass(slots=True)
class StateRun:
    name: str
    visits: list[Visit] = field(default_factory=list)
    status: str = "not-reached"

    @property
    def error(self) -> str | None:
        return next((v.error for v in reversed(self.visits) if v.error), None)

    @property
    def cause(self) -> str | None:
        return next((v.cause for v in reversed(self.visits) if v.cause), None)


def is_failure(kind: str) -> bool:
    return kind.endswith(FAILURE_SUFFIXES) or kind == "ExecutionAborted"


def _details(event: dict[str, Any]) -> dict[str, Any]:
    for key, value in event.items():
        if key.endswith("EventDetails") and isinstance(value, dict):
            return value
    return {}


def runs(events: list[dict[str, Any]], execution_status: str) -> dict[str, StateRun]:
    """Each state that was entered, by name, with its visits and status."""
    by_id = {int(e["id"]): e for e in events}
    visit_of: dict[int, Visit] = {}  # StateEntered event id -> its visit
    found: dict[str, StateRun] = {}
    open_visits: dict[str, list[Visit]] = {}
    for event in events:
        kind = str(event.get("type", ""))
        if kind.endswith("StateEntered"):
            details = event.get("stateEnteredEventDetails") or {}
            name = str(details.get("name", ""))
            visit = Visit(int(event["id"]), details.get("input"), timestamp=event.get("timestamp"))
            visit_of[visit.entered] = visit
            found.setdefault(name, StateRun(name)).visits.append(visit)
            open_visits.setdefault(name, []).append(visit)
        elif kind.endswith("StateExited"):
            details = event.get("stateExitedEventDetails") or {}
            name = str(details.get("name", ""))
            waiting = open_visits.get(name) or []
            if waiting:
                visit = waiting.pop(0)
                visit.output = details.get("output")
                visit.exited = True
        elif is_failure(kind):
            owner = _owner(event, by_id, visit_of)
            if owner is not None:
                details = _details(event)
                owner.error = details.get("error") or owner.error
                owner.cause = details.get("cause") or owner.cause
    running = execution_status == "RUNNING"
    ended = next((_details(e) for e in reversed(events) if str(e.get("type", "")).startswith(
        "Execution") and is_failure(str(e.get("type", "")))), {})
    for run in found.values():
        unfinished = [v for v in run.visits if not v.exited]
        if unfinished and not running:
            run.status = "failed"
            last = unfinished[-1]
            if last.error is None and last.cause is None:  # the failure ended the execution
                last.error, last.cause = ended.get("error"), ended.get("cause")
        elif unfinished:
            run.status = "running"
        else:
            run.status = "succeeded"
    return found


def _owner(event: dict[str, Any], by_id: dict[int, dict[str, Any]],
           visit_of: dict[int, Visit]) -> Visit | None:
    """The visit a failure event belongs to: the first StateEntered up its chain."""
    seen: set[int] = set()
    current: dict[str, Any] | None = event
    while current is not None:
        previous = int(current.get("previousEventId") or 0)
        if previous in visit_of:
            return visit_of[previous]
        if previous in seen or previous == 0:
            return None
        seen.add(previous)
        current = by_id.get(previous)
    return None


def statuses(found: dict[str, StateRun]) -> dict[str, str]:
    return {name: run.status for name, run in found.items()}
