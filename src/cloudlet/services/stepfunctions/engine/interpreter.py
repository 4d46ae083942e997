"""The interpreter: runs one execution's states on asyncio, journaling each transition
(events + next state + its input, for the top level and for every Parallel branch and Map
iteration) in one transaction before the next starts.

https://states-language.net/spec.html
- Pass, Task, Choice, Wait, Succeed, Fail, Parallel, inline Map; Retry (IntervalSeconds 1,
  MaxAttempts 3, BackoffRate 2, MaxDelaySeconds, JitterStrategy FULL) and Catch on Task,
  Parallel and Map; TimeoutSeconds -> States.Timeout, HeartbeatSeconds ->
  States.HeartbeatTimeout. ``States.ALL`` matches every error but States.Runtime and
  States.DataLimitExceeded, ``States.TaskFailed`` every error but States.Timeout.
- Waits sleep on the server's Clock (no thread held); their wake time is journaled, so a
  restart sleeps only the rest.
- Parallel branches and Map iterations are child frames run as tasks; their variables are
  a copy of the parent's, and their assignments stay inside. A finished one has its output
  journaled; after a restart only the others run (each from its own journaled frame).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.server.context import Principal
from cloudlet.services.stepfunctions.engine import history
from cloudlet.services.stepfunctions.engine.store import Frame, Store
from cloudlet.services.stepfunctions.language import dataflow
from cloudlet.services.stepfunctions.language.errors import StatesError

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState

PAYLOAD_LIMIT = 256 * 1024
UNCATCHABLE_BY_ALL = {"States.Runtime", "States.DataLimitExceeded"}


class Failure(Exception):
    """A state failed with an ASL error name and cause."""

    def __init__(self, error: str, cause: str = "") -> None:
        super().__init__(error, cause)
        self.error = error
        self.cause = cause


class Aborted(Exception):
    """The execution was stopped while a state ran."""


@dataclass
class Waiter:
    """A task parked on its token until SendTask* (or its heartbeat/timeout)."""

    future: asyncio.Future[Any]
    beat: asyncio.Event
    execution: str


WAITERS: dict[str, Waiter] = {}
_UNSET = object()


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="milliseconds").replace(
        "+00:00", "Z")


def dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


@dataclass
class Run:
    """One execution being interpreted."""

    state: ServerState
    arn: str
    name: str
    machine_arn: str
    machine_name: str
    definition: dict[str, Any]
    role_arn: str
    input_text: str
    started: float
    account: str
    region: str
    principal: Principal
    store: Store | None  # None for EXPRESS (in memory)
    logging: dict[str, Any] | None = None  # the machine's LoggingConfiguration
    next_id: int = 1
    redrive_count: int = 0
    events: list[dict[str, Any]] = field(default_factory=list)
    pending: list[dict[str, Any]] = field(default_factory=list)
    tasks: set[asyncio.Task[Any]] = field(default_factory=set)
    _input: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._input = _UNSET

    # -- history -----------------------------------------------------------------

    def emit(self, type_: str, previous: int, details: dict[str, Any] | None = None) -> int:
        event: dict[str, Any] = {"timestamp": self.state.clock.now(), "type": type_,
                                 "id": self.next_id, "previousEventId": previous}
        if details is not None:
            event[history.details_member(type_)] = details
        self.next_id += 1
        self.pending.append(event)
        self.events.append(event)
        return int(event["id"])

    def commit(self, frame: Frame | None, path: str = "") -> None:
        events, self.pending = self.pending, []
        if self.store is not None and not self.store.commit(self.arn, events, frame,
                                                            path=path):
            raise Aborted()

    def commit_result(self, path: str, output: Any, last: int) -> None:
        """A branch or iteration at ``path`` finished with ``output``."""
        events, self.pending = self.pending, []
        if self.store is not None and not self.store.commit_result(self.arn, events, path,
                                                                   dumps(output), last):
            raise Aborted()

    def park(self, path: str, token: str, started: float) -> None:
        """A task at ``path`` waits on ``token`` (journaled with the events so far)."""
        events, self.pending = self.pending, []
        if self.store is not None and not self.store.park(self.arn, events, path, token,
                                                          started):
            raise Aborted()

    def role(self) -> Principal:
        """Who the execution's tasks act as: a session of the machine's role."""
        return Principal.role_session(self.role_arn, self.name[:64])

    def durable(self, path: str | None) -> bool:
        return path is not None and self.store is not None

    # -- context -----------------------------------------------------------------

    def input_value(self) -> Any:
        """The execution's input, parsed once (states only read it)."""
        if self._input is _UNSET:
            self._input = orjson.loads(self.input_text)
        return self._input

    def context(self, state_name: str, entered: float, retry: int) -> dict[str, Any]:
        return {
            "Execution": {"Id": self.arn, "Input": self.input_value(),
                          "Name": self.name, "RoleArn": self.role_arn,
                          "StartTime": iso(self.started), "RedriveCount": self.redrive_count},
            "State": {"Name": state_name, "EnteredTime": iso(entered), "RetryCount": retry},
            "StateMachine": {"Id": self.machine_arn, "Name": self.machine_name},
        }

    # -- running -----------------------------------------------------------------

    async def run_frame(self, graph: dict[str, Any], at: str, value: Any,
                        variables: dict[str, Any], last: int, *, path: str | None = None,
                        wake: float | None = None, extra: dict[str, Any] | None = None
                        ) -> tuple[Any, int]:
        """Run states of ``graph`` from ``at`` to a terminal one; (output, last event id).
        A frame with a ``path`` journals its transitions (STANDARD executions)."""
        states = graph.get("States") or {}
        while True:
            sd = states.get(at)
            if sd is None:
                raise Failure("States.Runtime", f"State '{at}' is not defined")
            value, nxt, last = await self.run_state(graph, at, sd, value, variables, last,
                                                    path=path, wake=wake, extra=extra)
            wake = None
            if nxt is None:
                return value, last
            if path is not None:
                self.commit(Frame(nxt, dumps(value), variables, None, last), path)
            at = nxt

    async def run_state(self, graph: dict[str, Any], name: str, sd: dict[str, Any],
                        raw: Any, variables: dict[str, Any], last: int, *, path: str | None,
                        wake: float | None, extra: dict[str, Any] | None
                        ) -> tuple[Any, str | None, int]:
        kind = str(sd.get("Type"))
        lang = dataflow.query_language(sd, self.definition)
        entered = self.state.clock.now()
        prefix = history.STATE_PREFIX.get(kind, kind)
        if wake is None:  # (a resumed state was entered before the restart)
            last = self.emit(f"{prefix}StateEntered", last, {
                "name": name, "input": dumps(raw), "inputDetails": history.NOT_TRUNC})
        retries: dict[int, int] = {}
        while True:
            ctx = self.context(name, entered, sum(retries.values()))
            if extra:
                ctx.update(extra)
            scope = dataflow.Scope(ctx, dict(variables))
            try:
                output, nxt, assigned, last = await self.execute(
                    kind, name, sd, raw, scope, lang, last, path, wake, graph)
                break
            except (Failure, StatesError) as exc:
                error, cause = error_of(exc)
                wake = None
                delay = retry_delay(sd, error, retries)
                if delay is not None:
                    if path is not None:
                        self.commit(None, path)
                    await self.state.clock.sleep(delay)
                    continue
                catcher = catcher_for(sd, error)
                if catcher is None:
                    raise Failure(error, cause) from None
                try:
                    output, assigned = dataflow.error_output(sd, raw, error, cause, catcher,
                                                             scope, lang)
                except StatesError as bad:
                    raise Failure(*error_of(bad)) from None
                nxt = str(catcher["Next"])
                break
        variables.update(assigned)
        text = dumps(output)
        if len(text) > PAYLOAD_LIMIT // 4 and len(text.encode()) > PAYLOAD_LIMIT:  # UTF-8 bytes
            raise Failure("States.DataLimitExceeded",
                          "The state/task returned a result with a size exceeding the maximum"
                          " number of bytes service limit.")
        if kind != "Fail":
            details: dict[str, Any] = {"name": name, "output": text,
                                       "outputDetails": history.NOT_TRUNC}
            if assigned:
                details["assignedVariables"] = {k: dumps(v) for k, v in assigned.items()}
                details["assignedVariablesDetails"] = {"truncated": False}
            last = self.emit(f"{prefix}StateExited", last, details)
        return output, nxt, last

    async def execute(self, kind: str, name: str, sd: dict[str, Any], raw: Any, scope: Any,
                       lang: str, last: int, path: str | None, wake: float | None,
                       graph: dict[str, Any]) -> tuple[Any, str | None, dict[str, Any], int]:
        from cloudlet.services.stepfunctions.engine import states

        nxt: str | None = None if sd.get("End") else sd.get("Next")
        if kind == "Pass":
            out, assigned = states.pass_state(sd, raw, scope, lang)
            return out, nxt, assigned, last
        if kind == "Succeed":
            out, assigned = states.passthrough(sd, raw, scope, lang)
            return out, None, assigned, last
        if kind == "Fail":
            error, cause = states.fail(sd, raw, scope, lang)
            raise Failure(error or "", cause or "")
        if kind == "Choice":
            out, target, assigned = states.choice(sd, raw, scope, lang)
            return out, target, assigned, last
        if kind == "Wait":
            until = wake if wake is not None and wake > 0 else states.wait_until(
                sd, raw, scope, lang, self.state.clock.now())
            if path is not None:
                self.commit(Frame(name, dumps(raw), dict(scope.variables), until, last), path)
            await self.state.clock.sleep_until(until)
            out, assigned = states.passthrough(sd, raw, scope, lang)
            return out, nxt, assigned, last
        if kind in ("Task", "Parallel", "Map") and path is not None and wake is None:
            # Entered: a restart runs it again (a Map only its unfinished iterations).
            self.commit(Frame(name, dumps(raw), dict(scope.variables), -1.0, last), path)
        if kind == "Task":
            out, assigned, last = await states.task(self, name, sd, raw, scope, lang, last,
                                                    path=path, resumed=wake is not None)
            return out, nxt, assigned, last
        if kind in ("Parallel", "Map"):
            run = states.parallel if kind == "Parallel" else states.map_state
            out, assigned, last = await run(self, name, sd, raw, scope, lang, last,
                                            path=path, resumed=wake is not None)
            return out, nxt, assigned, last
        raise Failure("States.Runtime", f"not supported: state type {kind}")


def error_of(exc: BaseException) -> tuple[str, str]:
    return str(getattr(exc, "error", "States.Runtime")), str(getattr(exc, "cause", "") or "")


def _matches(names: list[Any], error: str) -> bool:
    for name in names:
        if name == error:
            return True
        if name == "States.ALL" and error not in UNCATCHABLE_BY_ALL:
            return True
        if name == "States.TaskFailed" and error not in UNCATCHABLE_BY_ALL | {"States.Timeout"}:
            return True
    return False


def retry_delay(sd: dict[str, Any], error: str, counts: dict[int, int]) -> float | None:
    """Seconds to wait before the next attempt, or None when no retrier applies."""
    for index, rule in enumerate(sd.get("Retry") or []):
        if not _matches(list(rule.get("ErrorEquals") or []), error):
            continue
        done = counts.get(index, 0)
        if done >= int(rule.get("MaxAttempts", 3)):
            return None
        counts[index] = done + 1
        delay = float(rule.get("IntervalSeconds", 1)) * float(rule.get("BackoffRate", 2.0)) ** done
        if "MaxDelaySeconds" in rule:
            delay = min(delay, float(rule["MaxDelaySeconds"]))
        if rule.get("JitterStrategy") == "FULL":
            delay = random.uniform(0, delay)
        return delay
    return None


def catcher_for(sd: dict[str, Any], error: str) -> dict[str, Any] | None:
    for catcher in sd.get("Catch") or []:
        if _matches(list(catcher.get("ErrorEquals") or []), error):
            return dict(catcher)
    return None


def new_token() -> str:
    return uuid.uuid4().hex + uuid.uuid4().hex


async def cancel_all(run: Run) -> None:
    for task in list(run.tasks):
        task.cancel()
        with contextlib.suppress(BaseException):
            await task
