"""Task tokens and activity workers: GetActivityTask, SendTaskSuccess, SendTaskFailure,
SendTaskHeartbeat.

https://docs.aws.amazon.com/step-functions/latest/apireference/API_GetActivityTask.html
https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskSuccess.html
- A token that is not one cloudlet issued is InvalidToken; one whose task has ended
  (reported, timed out, its execution stopped) is TaskDoesNotExist (AWS: TaskTimedOut
  when the task timed out; cloudlet does not keep ended tokens).
- GetActivityTask of an unknown activity is ActivityDoesNotExist; with no task within 60
  seconds it answers no token.
"""

from __future__ import annotations

from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.services.stepfunctions import engine, errors
from cloudlet.services.stepfunctions.integrations import activities
from cloudlet.services.stepfunctions.machines import get_activity
from cloudlet.services.stepfunctions.operations.common import require
from cloudlet.services.stepfunctions.registry import service

MAX_OUTPUT = 256 * 1024


@service.operation("GetActivityTask")
async def get_activity_task(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    require(req, "activityArn")
    found = get_activity(ctx.state, ctx.account, ctx.region, req["activityArn"])
    task = await activities.take(ctx.state, found.arn)
    if task is None:
        return {}
    token, text = task
    return {"taskToken": token, "input": text}


@service.operation("SendTaskSuccess")
async def send_task_success(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    require(req, "taskToken", "output")
    if len(req["output"].encode()) > MAX_OUTPUT:
        raise errors.InvalidOutput("Invalid Output: 'The output exceeds 262144 bytes'")
    await engine.complete_task(ctx.state, req["taskToken"], output=req["output"])
    return {}


@service.operation("SendTaskFailure")
async def send_task_failure(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    require(req, "taskToken")
    await engine.complete_task(ctx.state, req["taskToken"], error=req.get("error") or "",
                               cause=req.get("cause") or "")
    return {}


@service.operation("SendTaskHeartbeat")
async def send_task_heartbeat(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    require(req, "taskToken")
    await engine.heartbeat(ctx.state, req["taskToken"])
    return {}
