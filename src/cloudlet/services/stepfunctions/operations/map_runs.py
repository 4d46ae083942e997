"""Map run operations: DescribeMapRun, ListMapRuns, UpdateMapRun.

https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeMapRun.html
- An unknown map run is ResourceNotFound; UpdateMapRun needs one of maxConcurrency,
  toleratedFailureCount, toleratedFailurePercentage (0-100) and changes the record (a
  running Map keeps the settings it started with).
"""

from __future__ import annotations

from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.services.stepfunctions import errors
from cloudlet.services.stepfunctions.engine import map_runs
from cloudlet.services.stepfunctions.operations.common import page, require
from cloudlet.services.stepfunctions.operations.executions import found_execution
from cloudlet.services.stepfunctions.registry import service


def _map_run(ctx: RequestContext, arn: Any) -> map_runs.MapRun:
    found = map_runs.get(ctx.state, str(arn))
    if found is None or f":{ctx.account}:" not in found.arn:
        raise errors.ResourceNotFound(f"Resource not found: '{arn}'")
    return found


@service.operation("DescribeMapRun")
def describe_map_run(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    require(req, "mapRunArn")
    return map_runs.describe(_map_run(ctx, req["mapRunArn"]))


@service.operation("ListMapRuns")
def list_map_runs(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    execution = found_execution(ctx, req.get("executionArn"))
    runs = map_runs.of_execution(ctx.state, execution.arn)
    items, token = page(runs, req.get("nextToken"), req.get("maxResults"))
    out: dict[str, Any] = {"mapRuns": [
        {k: v for k, v in map_runs.describe(r).items()
         if k in ("executionArn", "mapRunArn", "startDate", "stopDate")}
        | {"stateMachineArn": r.machine_arn} for r in items]}
    if token:
        out["nextToken"] = token
    return out


@service.operation("UpdateMapRun")
def update_map_run(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    require(req, "mapRunArn")
    found = _map_run(ctx, req["mapRunArn"])
    changes = {k: req[k] for k in ("maxConcurrency", "toleratedFailureCount",
                                   "toleratedFailurePercentage") if req.get(k) is not None}
    if not changes:
        raise errors.ValidationException("At least one of the parameters maxConcurrency,"
                                         " toleratedFailurePercentage or"
                                         " toleratedFailureCount must be specified")
    percent = changes.get("toleratedFailurePercentage")
    if percent is not None and not 0 <= float(percent) <= 100:
        raise errors.ValidationException("toleratedFailurePercentage must be between 0 and"
                                         " 100")
    map_runs.update(ctx.state, found, changes)
    return {}
