"""Schedule groups: create, read, delete, list.

https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateScheduleGroup.html
- Every account and region has the group ``default``; it cannot be deleted.
- Deleting a group deletes every schedule in it (AWS marks it DELETING first; cloudlet
  deletes at once).
"""

from __future__ import annotations

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.scheduler.errors import ValidationException
from cloudlet.services.scheduler.paging import page
from cloudlet.services.scheduler.registry import service, store
from cloudlet.services.scheduler.shapes import (
    CreateScheduleGroupInput,
    CreateScheduleGroupOutput,
    DeleteScheduleGroupInput,
    GetScheduleGroupInput,
    GetScheduleGroupOutput,
    ListScheduleGroupsInput,
    ListScheduleGroupsOutput,
)
from cloudlet.services.scheduler.store import DEFAULT_GROUP, Group, wall
from cloudlet.services.scheduler.tagging import tag_map


def _describe(group: Group) -> GetScheduleGroupOutput:
    return {"Arn": group.arn, "Name": group.name, "State": "ACTIVE",
            "CreationDate": wall(group.created), "LastModificationDate": wall(group.modified)}


@service.operation("CreateScheduleGroup")
def create_schedule_group(ctx: RequestContext,
                          req: CreateScheduleGroupInput) -> CreateScheduleGroupOutput:
    """Create a group (ConflictException if the name is taken, unless the ClientToken
    repeats the one that created it).
    https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateScheduleGroup.html
    """
    group = store(ctx).create_group(ctx.account, ctx.region, req["Name"],
                                    tag_map(req.get("Tags", [])), req.get("ClientToken"))
    return {"ScheduleGroupArn": group.arn}


@service.operation("GetScheduleGroup")
def get_schedule_group(ctx: RequestContext, req: GetScheduleGroupInput) -> GetScheduleGroupOutput:
    """https://docs.aws.amazon.com/scheduler/latest/APIReference/API_GetScheduleGroup.html"""
    return _describe(store(ctx).group(ctx.account, ctx.region, req["Name"]))


@service.operation("DeleteScheduleGroup")
def delete_schedule_group(ctx: RequestContext, req: DeleteScheduleGroupInput) -> NoOutput:
    """Delete a group and its schedules; the default group cannot be deleted.
    https://docs.aws.amazon.com/scheduler/latest/APIReference/API_DeleteScheduleGroup.html
    """
    if req["Name"] == DEFAULT_GROUP:
        raise ValidationException("Cannot delete default group.")
    store(ctx).delete_group(ctx.account, ctx.region, req["Name"])
    return {}


@service.operation("ListScheduleGroups")
def list_schedule_groups(ctx: RequestContext,
                         req: ListScheduleGroupsInput) -> ListScheduleGroupsOutput:
    """Groups in name order, by NamePrefix.
    https://docs.aws.amazon.com/scheduler/latest/APIReference/API_ListScheduleGroups.html
    """
    found = store(ctx).groups(ctx.account, ctx.region, req.get("NamePrefix", ""))
    items, token = page(found, req.get("NextToken"), req.get("MaxResults"))
    out: ListScheduleGroupsOutput = {"ScheduleGroups": [_describe(g) for g in items]}
    if token:
        out["NextToken"] = token
    return out
