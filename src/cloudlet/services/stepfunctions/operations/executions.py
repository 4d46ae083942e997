"""Execution operations: Start(Sync)Execution, StopExecution, DescribeExecution,
ListExecutions, GetExecutionHistory, DescribeStateMachineForExecution, RedriveExecution.

https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
https://docs.aws.amazon.com/step-functions/latest/apireference/API_GetExecutionHistory.html
https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html
- RedriveExecution restarts a FAILED, ABORTED or TIMED_OUT STANDARD execution (closed less
  than 14 days ago) at the state it failed in, with ``redriveCount`` one more.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.services.stepfunctions import arns, engine, errors
from cloudlet.services.stepfunctions.engine import history
from cloudlet.services.stepfunctions.engine.store import Execution, Frame
from cloudlet.services.stepfunctions.machines import Machine, resolve_machine
from cloudlet.services.stepfunctions.operations.common import check_name, page, require
from cloudlet.services.stepfunctions.registry import service

REDRIVE_WINDOW_S = 14 * 86400.0


def found_execution(ctx: RequestContext, arn: Any) -> Execution:
    require({"executionArn": arn}, "executionArn")
    parts = arns.parse(str(arn))
    if parts is None or parts.kind not in ("execution", "express"):
        raise errors.InvalidArn(f"Invalid Arn: 'Invalid ARN prefix: {arn}'")
    found = engine.store_of(ctx.state).get(str(arn))
    if found is None or found.account != ctx.account or found.region != ctx.region:
        raise errors.ExecutionDoesNotExist(f"Execution Does Not Exist: '{arn}'")
    return found


def _when(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def _starting(ctx: RequestContext, req: dict[str, Any]) -> tuple[Machine, dict[str, Any]]:
    """The machine a Start(Sync)Execution names, and the engine's arguments."""
    require(req, "stateMachineArn")
    machine = resolve_machine(ctx.state, ctx.account, ctx.region, req["stateMachineArn"])
    name = req.get("name")
    if name is not None:
        check_name(name)
    return machine, {"name": name, "input_text": req.get("input") or "{}",
                     "principal": ctx.caller, "region": ctx.region, "account": ctx.account,
                     "trace_header": req.get("traceHeader")}


@service.operation("StartExecution")
async def start_execution(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html"""
    machine, args = _starting(ctx, req)
    return await engine.start(ctx.state, machine, **args)


@service.operation("StartSyncExecution")
async def start_sync_execution(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartSyncExecution.html"""
    machine, args = _starting(ctx, req)
    return await engine.start_sync(ctx.state, machine, **args)


@service.operation("StopExecution")
async def stop_execution(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    found = found_execution(ctx, req.get("executionArn"))
    when = await engine.stop(ctx.state, found.arn, req.get("error"), req.get("cause"))
    return {"stopDate": _when(when)}


@service.operation("DescribeExecution")
def describe_execution(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return engine.describe(found_execution(ctx, req.get("executionArn")))


@service.operation("ListExecutions")
def list_executions(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """Newest first; ``stateMachineArn`` may be a version or alias ARN (filters on it)."""
    if req.get("mapRunArn"):
        raise errors.ValidationException("not supported: mapRunArn (Map DISTRIBUTED mode)")
    require(req, "stateMachineArn")
    target = str(req["stateMachineArn"])
    machine = resolve_machine(ctx.state, ctx.account, ctx.region, target)
    found = engine.store_of(ctx.state).of_machine(machine.arn, req.get("statusFilter"))
    if target != machine.arn:
        found = [e for e in found if target in (e.version_arn, e.alias_arn)]
    if req.get("redriveFilter") == "REDRIVEN":
        found = [e for e in found if e.redrive_count > 0]
    elif req.get("redriveFilter") == "NOT_REDRIVEN":
        found = [e for e in found if e.redrive_count == 0]
    items, token = page(found, req.get("nextToken"), req.get("maxResults"))
    out: dict[str, Any] = {"executions": [_item(e) for e in items]}
    if token:
        out["nextToken"] = token
    return out


def _item(e: Execution) -> dict[str, Any]:
    item: dict[str, Any] = {"executionArn": e.arn, "stateMachineArn": e.machine_arn,
                            "name": e.name, "status": e.status, "startDate": _when(e.started),
                            "redriveCount": e.redrive_count}
    if e.stopped is not None:
        item["stopDate"] = _when(e.stopped)
    if e.version_arn:
        item["stateMachineVersionArn"] = e.version_arn
    if e.alias_arn:
        item["stateMachineAliasArn"] = e.alias_arn
    if e.redrive_date is not None:
        item["redriveDate"] = _when(e.redrive_date)
    return item


@service.operation("GetExecutionHistory")
def get_execution_history(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    found = found_execution(ctx, req.get("executionArn"))
    events = engine.store_of(ctx.state).events(found.arn)
    if req.get("reverseOrder"):
        events.reverse()
    items, token = page(events, req.get("nextToken"), req.get("maxResults"))
    include = req.get("includeExecutionData", True) is not False
    out: dict[str, Any] = {"events": [history.shape(e, include) for e in items]}
    if token:
        out["nextToken"] = token
    return out


@service.operation("DescribeStateMachineForExecution")
def describe_state_machine_for_execution(ctx: RequestContext, req: dict[str, Any]
                                         ) -> dict[str, Any]:
    found = found_execution(ctx, req.get("executionArn"))
    out: dict[str, Any] = {
        "stateMachineArn": found.machine_arn, "name": found.machine_arn.rsplit(":", 1)[-1],
        "definition": found.definition, "roleArn": found.role_arn,
        "updateDate": _when(found.started), "revisionId": found.revision_id,
        "loggingConfiguration": {"level": "OFF", "includeExecutionData": False},
        "tracingConfiguration": {"enabled": False}}
    return out


@service.operation("RedriveExecution")
def redrive_execution(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    found = found_execution(ctx, req.get("executionArn"))
    now = ctx.state.clock.now()
    if found.status not in ("FAILED", "ABORTED", "TIMED_OUT"):
        raise errors.ExecutionNotRedrivable(
            f"Execution is {found.status} and cannot be redriven")
    if found.stopped is not None and now - found.stopped > REDRIVE_WINDOW_S:
        raise errors.ExecutionNotRedrivable(
            "Execution can't be redriven because it was closed more than 14 days ago")
    db = engine.store_of(ctx.state)
    frame = db.frame(found.arn)
    if frame is None:
        raise errors.ExecutionNotRedrivable("Execution cannot be redriven")
    count = found.redrive_count + 1
    next_id = db.next_event(found.arn)
    event = {"timestamp": now, "type": "ExecutionRedriven", "id": next_id,
             "previousEventId": next_id - 1,
             "executionRedrivenEventDetails": {"redriveCount": count}}
    restart = Frame(frame.state, frame.input, frame.variables, None, next_id)
    db.redrive(found.arn, count, now, restart, [event])
    again = db.get(found.arn)
    assert again is not None
    from cloudlet.services.stepfunctions.engine.workers import machine_of

    engine.resume(ctx.state, again, ctx.caller, machine_of(again))
    return {"redriveDate": _when(now)}

