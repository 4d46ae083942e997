"""Executions: start (STANDARD journaled, EXPRESS in memory), stop, callbacks, status.

https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
- A name used again with the same input while that execution runs returns it
  (idempotent); with other input, or once it has closed, ExecutionAlreadyExists.
- STANDARD: the execution row, ExecutionStarted and the first frame are committed before
  StartExecution answers; the interpreter then runs as an asyncio task.
- ``complete_task`` / ``heartbeat`` resolve a task parked on its token (SendTask*).
"""

from __future__ import annotations

import asyncio
import logging
import re
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import orjson

from cloudlet.metrics import standard
from cloudlet.server.state import ServerWide
from cloudlet.services.stepfunctions import arns, errors
from cloudlet.services.stepfunctions.engine import execution_logs, history
from cloudlet.services.stepfunctions.engine.interpreter import (
    WAITERS,
    Aborted,
    Failure,
    Run,
    dumps,
)
from cloudlet.services.stepfunctions.engine.store import Execution, Frame, Store

if TYPE_CHECKING:
    from cloudlet.server.context import Principal
    from cloudlet.server.state import ServerState
    from cloudlet.services.stepfunctions.machines import Machine

log = logging.getLogger("cloudlet")

_stores: ServerWide[Store] = ServerWide(
    lambda state: Store(state.data_dir / "stepfunctions-executions.sqlite"))
# Running interpreters by execution ARN (to stop them).
_running: dict[str, asyncio.Task[Any]] = {}
_TOKEN = re.compile(r"^[0-9a-f]{64}$")


def store_of(state: ServerState) -> Store:
    return _stores.get(state)


def close(state: ServerState) -> None:
    for task in list(_running.values()):
        task.cancel()
    _running.clear()
    found = _stores.made(state)
    if found is not None:
        found.close()


def _parse_input(text: str) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        raise errors.InvalidExecutionInput(
            f"Invalid State Machine Execution Input: 'Unrecognized token {text[:40]!r}'"
        ) from None


def _run(state: ServerState, machine: Machine, arn: str, name: str, input_text: str,
         started: float, principal: Principal, store: Store | None) -> Run:
    try:
        definition = orjson.loads(machine.definition)
    except orjson.JSONDecodeError:
        definition = {}
    return Run(state, arn, name, machine.arn, machine.name, definition, machine.role_arn,
               input_text, started, machine.account, machine.region, principal, store,
               logging=machine.logging)


async def start(state: ServerState, machine: Machine, *, name: str | None, input_text: str,
                principal: Principal, region: str, account: str,
                trace_header: str | None = None, parent: str | None = None) -> dict[str, Any]:
    """StartExecution's output, the execution committed (STANDARD) and running."""
    value = _parse_input(input_text)
    name = name or str(uuid.uuid4())
    now = state.clock.now()
    if machine.type == "EXPRESS":
        arn = arns.express_execution_arn(machine.arn, name, str(uuid.uuid4()))
        run = _run(state, machine, arn, name, input_text, now, principal, None)
        _launch(run, value, last=_started(run, machine, input_text))
        return {"executionArn": arn, "startDate": datetime.fromtimestamp(now, UTC)}
    db = store_of(state)
    arn = arns.execution_arn(machine.arn, name)
    found = db.get(arn)
    if found is not None:
        if found.status == "RUNNING" and found.input == input_text:
            return {"executionArn": arn,
                    "startDate": datetime.fromtimestamp(found.started, UTC)}
        raise errors.ExecutionAlreadyExists(f"Execution Already Exists: '{arn}'")
    run = _run(state, machine, arn, name, input_text, now, principal, db)
    first = _started(run, machine, input_text)
    at = str(run.definition.get("StartAt", ""))
    db.insert(Execution(arn, account, region, machine.arn, machine.version_arn,
                        machine.alias_arn, name, "RUNNING", input_text, None, None, None, now,
                        None, machine.definition, machine.role_arn, machine.revision_id,
                        trace_header, 0, None), run.pending, Frame(at, input_text, {}, None, first))
    run.pending = []
    _launch(run, value, last=first)
    return {"executionArn": arn, "startDate": datetime.fromtimestamp(now, UTC)}


def _started(run: Run, machine: Machine, input_text: str) -> int:
    """The ExecutionStarted event's id."""
    started: dict[str, Any] = {"input": input_text, "inputDetails": history.NOT_TRUNC,
                               "roleArn": machine.role_arn}
    if machine.version_arn:
        started["stateMachineVersionArn"] = machine.version_arn
    if machine.alias_arn:
        started["stateMachineAliasArn"] = machine.alias_arn
    standard.execution_started(run.state, run.account, run.region, run.machine_arn)
    return run.emit("ExecutionStarted", 0, started)


def _launch(run: Run, value: Any, *, at: str | None = None, variables: dict[str, Any] | None
            = None, last: int = 0, wake: float | None = None) -> asyncio.Task[Any]:
    task = asyncio.get_running_loop().create_task(
        drive(run, at or str(run.definition.get("StartAt", "")), value, variables or {}, last,
              wake), name=f"sfn:{run.arn}")
    _running[run.arn] = task
    task.add_done_callback(lambda _: _running.pop(run.arn, None))
    return task


async def drive(run: Run, at: str, value: Any, variables: dict[str, Any], last: int,
                wake: float | None) -> dict[str, Any]:
    """Run the execution to its end and record how it ended; its final status members."""
    clock = run.state.clock
    try:
        output, last = await run.run_frame(run.definition, at, value, variables, last,
                                           path="", wake=wake)
        text = dumps(output)
        run.emit("ExecutionSucceeded", last, {"output": text,
                                              "outputDetails": history.NOT_TRUNC})
        end: dict[str, Any] = {"status": "SUCCEEDED", "output": text}
    except Aborted:
        return {"status": "ABORTED"}
    except Failure as failure:
        body = {k: v for k, v in (("error", failure.error), ("cause", failure.cause)) if v}
        run.emit("ExecutionFailed", last, body)
        end = {"status": "FAILED", **body}
    except Exception as exc:  # a bug or a missing part: fail the execution, visibly
        log.exception("execution %s crashed", run.arn)
        body = {"error": "States.Runtime", "cause": f"{type(exc).__name__}: {exc}"}
        run.emit("ExecutionFailed", last, body)
        end = {"status": "FAILED", **body}
    end["stopped"] = clock.now()
    standard.execution_ended(run.state, run.account, run.region, run.machine_arn, end["status"],
                             (end["stopped"] - run.started) * 1000, sum(
                                 1 for e in run.events if e["type"].endswith("StateEntered")),
                             "STANDARD" if run.store is not None else "EXPRESS")
    if run.store is not None:
        events, run.pending = run.pending, []
        run.store.commit(run.arn, events, None, status=end["status"], output=end.get("output"),
                         error=end.get("error"), cause=end.get("cause"), stopped=end["stopped"])
    await execution_logs.write(run, run.logging)
    return end


async def start_sync(state: ServerState, machine: Machine, *, name: str | None,
                     input_text: str, principal: Principal, region: str, account: str,
                     trace_header: str | None = None) -> dict[str, Any]:
    """StartSyncExecution's output (EXPRESS machines only)."""
    if machine.type != "EXPRESS":
        raise errors.StateMachineTypeNotSupported(
            "This operation is not supported by this type of state machine")
    value = _parse_input(input_text)
    name = name or str(uuid.uuid4())
    now = state.clock.now()
    arn = arns.express_execution_arn(machine.arn, name, str(uuid.uuid4()))
    run = _run(state, machine, arn, name, input_text, now, principal, None)
    began = state.clock.monotonic()
    end = await _launch(run, value, last=_started(run, machine, input_text))
    took_ms = max(100, int((state.clock.monotonic() - began) * 1000))
    out: dict[str, Any] = {
        "executionArn": arn, "stateMachineArn": machine.arn, "name": name,
        "startDate": datetime.fromtimestamp(now, UTC),
        "stopDate": datetime.fromtimestamp(end["stopped"], UTC),
        "status": end["status"], "input": input_text, "inputDetails": {"included": True},
        "billingDetails": {"billedMemoryUsedInMB": 64, "billedDurationInMilliseconds": took_ms}}
    if trace_header:
        out["traceHeader"] = trace_header
    if end.get("output") is not None:
        out["output"] = end["output"]
        out["outputDetails"] = {"included": True}
    for key in ("error", "cause"):
        if end.get(key):
            out[key] = end[key]
    return out


async def stop(state: ServerState, arn: str, error: str | None, cause: str | None) -> float:
    """StopExecution: ExecutionAborted, the interpreter cancelled; the stop date."""
    db = store_of(state)
    found = db.get(arn)
    if found is None:
        raise errors.ExecutionDoesNotExist(f"Execution Does Not Exist: '{arn}'")
    now = state.clock.now()
    if found.status != "RUNNING":
        return found.stopped or now
    next_id = db.next_event(arn)
    body = {k: v for k, v in (("error", error), ("cause", cause)) if v}
    event = {"timestamp": now, "type": "ExecutionAborted", "id": next_id,
             "previousEventId": next_id - 1, "executionAbortedEventDetails": body}
    db.commit(arn, [event], None, status="ABORTED", error=error, cause=cause, stopped=now)
    task = _running.pop(arn, None)
    if task is not None:
        task.cancel()
    for token, waiter in list(WAITERS.items()):
        if waiter.execution == arn:
            WAITERS.pop(token, None)
    return now


def _waiter(token: str) -> Any:
    if not isinstance(token, str) or not _TOKEN.match(token):
        raise errors.InvalidToken("Invalid Token: 'Invalid token'")
    waiter = WAITERS.get(token)
    if waiter is None or waiter.future.done():
        raise errors.TaskDoesNotExist("Task Does Not Exist")
    return waiter


async def complete_task(state: ServerState, token: str, *, output: str | None = None,
                        error: str | None = None, cause: str | None = None) -> None:
    """SendTaskSuccess (``output``) or SendTaskFailure (``error``/``cause``)."""
    waiter = _waiter(token)
    if output is not None:
        try:
            value = orjson.loads(output)
        except orjson.JSONDecodeError:
            raise errors.InvalidOutput("Invalid Output: 'Unrecognized token'") from None
        waiter.future.set_result(value)
    else:
        waiter.future.set_exception(Failure(error or "", cause or ""))
    waiter.beat.set()


async def heartbeat(state: ServerState, token: str) -> None:
    """SendTaskHeartbeat: the task's heartbeat timer starts again."""
    _waiter(token).beat.set()


def describe(found: Execution) -> dict[str, Any]:
    out: dict[str, Any] = {
        "executionArn": found.arn, "stateMachineArn": found.machine_arn, "name": found.name,
        "status": found.status,
        "startDate": datetime.fromtimestamp(found.started, UTC),
        "input": found.input, "inputDetails": {"included": True},
        "redriveCount": found.redrive_count}
    if found.stopped is not None:
        out["stopDate"] = datetime.fromtimestamp(found.stopped, UTC)
    if found.output is not None:
        out["output"] = found.output
        out["outputDetails"] = {"included": True}
    for key, value in (("error", found.error), ("cause", found.cause),
                       ("traceHeader", found.trace_header),
                       ("stateMachineVersionArn", found.version_arn),
                       ("stateMachineAliasArn", found.alias_arn)):
        if value:
            out[key] = value
    if found.redrive_date is not None:
        out["redriveDate"] = datetime.fromtimestamp(found.redrive_date, UTC)
    if found.status in ("FAILED", "ABORTED", "TIMED_OUT"):
        out["redriveStatus"] = "REDRIVABLE"
    elif found.status != "RUNNING":
        out["redriveStatus"] = "NOT_REDRIVABLE"
        out["redriveStatusReason"] = "Execution is SUCCEEDED and cannot be redriven"
    return out


async def wait_closed(state: ServerState, arn: str) -> dict[str, Any]:
    """DescribeExecution's members once the execution has closed (for ``.sync`` tasks)."""
    while True:
        task = _running.get(arn)
        if task is not None:
            await asyncio.wait([task])
            if arns.parse(arn) is not None and ":express:" in arn:
                end = task.result() if not task.cancelled() else {"status": "ABORTED"}
                return {"executionArn": arn, "status": end["status"],
                        **{k: end[k] for k in ("output", "error", "cause") if end.get(k)}}
        found = store_of(state).get(arn)
        if found is None:
            raise errors.ExecutionDoesNotExist(f"Execution Does Not Exist: '{arn}'")
        if found.status != "RUNNING":
            return describe(found)
        await asyncio.sleep(0.05)


def execution_status(state: ServerState, execution_arn: str) -> dict[str, Any]:
    """DescribeExecution's output (ExecutionDoesNotExist when unknown)."""
    found = store_of(state).get(execution_arn)
    if found is None:
        raise errors.ExecutionDoesNotExist(f"Execution Does Not Exist: '{execution_arn}'")
    return describe(found)


def resume(state: ServerState, found: Execution, principal: Principal,
           machine: Machine) -> None:
    """Run a RUNNING execution on from its journaled frame (after a restart/redrive)."""
    db = store_of(state)
    frame = db.frame(found.arn)
    if frame is None:
        return
    run = _run(state, machine, found.arn, found.name, found.input, found.started, principal, db)
    run.next_id = db.next_event(found.arn)
    run.redrive_count = found.redrive_count
    _launch(run, orjson.loads(frame.input), at=frame.state, variables=frame.variables,
            last=frame.last_event, wake=frame.wake)
