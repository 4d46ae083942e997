"""Schedules: create, read, update, delete, list.

https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html
- A schedule belongs to a group (``default`` when GroupName is left out); an unknown
  group is ResourceNotFoundException (404), a name already used in the group
  ConflictException (409), unless the request repeats the ClientToken that created it
  (idempotent retry: the same ARN again).
- Its next firing is planned at once (``timing.next_firing``) and kept with it; the
  ``scheduler.fire`` worker is woken to re-plan.
"""

from __future__ import annotations

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.scheduler.paging import page
from cloudlet.services.scheduler.registry import service, store
from cloudlet.services.scheduler.settings import describe, read_settings, summary
from cloudlet.services.scheduler.shapes import (
    CreateScheduleInput,
    CreateScheduleOutput,
    DeleteScheduleInput,
    GetScheduleInput,
    GetScheduleOutput,
    ListSchedulesInput,
    ListSchedulesOutput,
    UpdateScheduleInput,
    UpdateScheduleOutput,
)
from cloudlet.services.scheduler.store import DEFAULT_GROUP, Schedule, schedule_arn
from cloudlet.services.scheduler.timing import ANCHOR, next_firing


@service.operation("CreateSchedule")
def create_schedule(ctx: RequestContext, req: CreateScheduleInput) -> CreateScheduleOutput:
    """Create a schedule in its group.
    https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html
    """
    doc = read_settings(req)
    group = req.get("GroupName") or DEFAULT_GROUP
    now = ctx.state.clock.now()
    doc[ANCHOR] = now
    arn = schedule_arn(ctx.account, ctx.region, group, req["Name"])
    scheduled, fire_at = next_firing(arn, doc, now)
    stored = store(ctx).insert(Schedule(ctx.account, ctx.region, group, req["Name"], doc, now,
                                        now, req.get("ClientToken"), scheduled, fire_at))
    return {"ScheduleArn": stored.arn}


@service.operation("UpdateSchedule")
def update_schedule(ctx: RequestContext, req: UpdateScheduleInput) -> UpdateScheduleOutput:
    """Replace every setting of a schedule (left-out members take their defaults) and
    plan its next firing from now.
    https://docs.aws.amazon.com/scheduler/latest/APIReference/API_UpdateSchedule.html
    """
    found = store(ctx).get(ctx.account, ctx.region, req.get("GroupName") or DEFAULT_GROUP,
                           req["Name"])
    doc = read_settings(req)
    now = ctx.state.clock.now()
    doc[ANCHOR] = now
    scheduled, fire_at = next_firing(found.arn, doc, now)
    store(ctx).replace(Schedule(found.account, found.region, found.group, found.name, doc,
                                found.created, now, found.token, scheduled, fire_at))
    return {"ScheduleArn": found.arn}


@service.operation("GetSchedule")
def get_schedule(ctx: RequestContext, req: GetScheduleInput) -> GetScheduleOutput:
    """https://docs.aws.amazon.com/scheduler/latest/APIReference/API_GetSchedule.html"""
    return describe(store(ctx).get(ctx.account, ctx.region,
                                   req.get("GroupName") or DEFAULT_GROUP, req["Name"]))


@service.operation("DeleteSchedule")
def delete_schedule(ctx: RequestContext, req: DeleteScheduleInput) -> NoOutput:
    """Delete a schedule; deliveries already queued still run.
    https://docs.aws.amazon.com/scheduler/latest/APIReference/API_DeleteSchedule.html
    """
    found = store(ctx).get(ctx.account, ctx.region, req.get("GroupName") or DEFAULT_GROUP,
                           req["Name"])
    store(ctx).delete(found)
    return {}


@service.operation("ListSchedules")
def list_schedules(ctx: RequestContext, req: ListSchedulesInput) -> ListSchedulesOutput:
    """Schedules by group and name, filtered by GroupName, NamePrefix and State; an
    unknown GroupName is ResourceNotFoundException.
    https://docs.aws.amazon.com/scheduler/latest/APIReference/API_ListSchedules.html
    """
    group = req.get("GroupName")
    if group is not None:
        store(ctx).group(ctx.account, ctx.region, group)
    found = store(ctx).schedules(ctx.account, ctx.region, group=group,
                                 prefix=req.get("NamePrefix", ""), state=req.get("State"))
    items, token = page(found, req.get("NextToken"), req.get("MaxResults"))
    out: ListSchedulesOutput = {"Schedules": [summary(s) for s in items]}
    if token:
        out["NextToken"] = token
    return out
